import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { users } from "../auth/schema";
import type { DbOrTx } from "../db/client";
import { auditLog } from "./schema";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  scopeId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Records a change in the append-only audit trail. Call it inside the same transaction as the
 * change, so a change and its record are written together or not at all.
 */
export async function recordAudit(tx: DbOrTx, entry: AuditEntry | AuditEntry[]): Promise<void> {
  const entries = Array.isArray(entry) ? entry : [entry];
  if (entries.length === 0) return;
  await tx.insert(auditLog).values(
    entries.map((e) => ({
      actorId: e.actorId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      scopeId: e.scopeId ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  );
}

export interface AuditFilters {
  entityType?: string;
  action?: string;
  /** The actor's email address, matched whole and case-insensitively. */
  actorEmail?: string;
  entityId?: string;
  scopeId?: string;
  /** First day included (UTC). */
  from?: Date;
  /** Last day included (UTC): entries up to the end of that day. */
  to?: Date;
}

export interface AuditRecord {
  id: number;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  scopeId: string | null;
  before: unknown;
  after: unknown;
}

const DAY_MS = 86_400_000;

function auditConditions(filters: AuditFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.entityType) conditions.push(eq(auditLog.entityType, filters.entityType));
  if (filters.action) conditions.push(eq(auditLog.action, filters.action));
  if (filters.entityId) conditions.push(eq(auditLog.entityId, filters.entityId));
  if (filters.scopeId) conditions.push(eq(auditLog.scopeId, filters.scopeId));
  if (filters.actorEmail) conditions.push(sql`lower(${users.email}) = lower(${filters.actorEmail})`);
  if (filters.from) conditions.push(gte(auditLog.at, filters.from));
  if (filters.to) conditions.push(lt(auditLog.at, new Date(filters.to.getTime() + DAY_MS)));
  return conditions;
}

const auditColumns = {
  id: auditLog.id,
  at: auditLog.at,
  actorId: auditLog.actorId,
  actorEmail: users.email,
  actorName: users.name,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  scopeId: auditLog.scopeId,
  before: auditLog.before,
  after: auditLog.after,
};

/** One page of the audit trail, newest first, with who made each change. */
export async function listAudit(
  db: DbOrTx,
  filters: AuditFilters,
  page: { page: number; perPage: number },
): Promise<{ items: AuditRecord[]; total: number }> {
  const where = and(...auditConditions(filters));
  const items = await db
    .select(auditColumns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(page.perPage)
    .offset((page.page - 1) * page.perPage);
  const [counted] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where);
  return { items, total: counted?.total ?? 0 };
}

/**
 * Every matching entry, newest first, read in batches (keyset on id) so an export of the whole
 * trail never holds it all in memory.
 */
export async function* iterateAudit(
  db: DbOrTx,
  filters: AuditFilters,
  batchSize = 500,
): AsyncGenerator<AuditRecord> {
  let beforeId: number | undefined;
  for (;;) {
    const conditions = auditConditions(filters);
    if (beforeId !== undefined) conditions.push(lt(auditLog.id, beforeId));
    const batch = await db
      .select(auditColumns)
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(and(...conditions))
      .orderBy(desc(auditLog.id))
      .limit(batchSize);
    yield* batch;
    if (batch.length < batchSize) return;
    beforeId = batch[batch.length - 1]!.id;
  }
}

export interface AuditChange {
  key: string;
  before: unknown;
  after: unknown;
}

/** The keys whose values differ between a before and an after snapshot, in a stable order. */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const asRecord = (v: unknown): Record<string, unknown> =>
    v && typeof v === "object" && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : v == null
        ? {}
        : { value: v };
  const b = asRecord(before);
  const a = asRecord(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return keys
    .filter((key) => JSON.stringify(b[key]) !== JSON.stringify(a[key]))
    .map((key) => ({ key, before: b[key], after: a[key] }));
}
