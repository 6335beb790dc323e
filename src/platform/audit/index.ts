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
