import { and, desc, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import { users } from "../../platform/auth/schema";
import { type DbOrTx, queryRows } from "../../platform/db/client";
import { outbox } from "../../platform/email/schema";
import { jobs } from "../../platform/jobs/schema";
import type { OutboxQuery, UsersQuery } from "./schemas";

export interface PageRequest {
  page: number;
  perPage: number;
}

/** Escapes LIKE wildcards so a search for "50%" finds exactly that. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function dashboardCounts(db: DbOrTx) {
  // Tables of other rooms (organisations, join requests) are only counted here, never changed.
  const [row] = await queryRows<{
    users: number;
    verifiedUsers: number;
    disabledUsers: number;
    pendingJoinRequests: number;
    queuedJobs: number;
    failedJobs: number;
    outbox: number;
    outboxQueued: number;
  }>(
    db,
    sql`select
      (select count(*)::int from users) as "users",
      (select count(*)::int from users where email_verified_at is not null) as "verifiedUsers",
      (select count(*)::int from users where disabled_at is not null) as "disabledUsers",
      (select count(*)::int from join_requests where status = 'pending') as "pendingJoinRequests",
      (select count(*)::int from jobs where status = 'queued') as "queuedJobs",
      (select count(*)::int from jobs where status = 'failed') as "failedJobs",
      (select count(*)::int from email_outbox) as "outbox",
      (select count(*)::int from email_outbox where status = 'queued') as "outboxQueued"`,
  );
  const organisations = await queryRows<{ kind: string; count: number }>(
    db,
    sql`select kind, count(*)::int as count from organisations group by kind order by kind`,
  );
  return { ...row!, organisations };
}

const userColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  systemRole: users.systemRole,
  stakeholderRole: users.stakeholderRole,
  stateCode: users.stateCode,
  emailVerifiedAt: users.emailVerifiedAt,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
};

export type UserRow = NonNullable<Awaited<ReturnType<typeof findUser>>>;

export async function searchUsers(db: DbOrTx, query: UsersQuery, page: PageRequest) {
  const conditions: SQL[] = [];
  if (query.q)
    conditions.push(or(ilike(users.name, containing(query.q)), ilike(users.email, containing(query.q)))!);
  if (query.systemRole) conditions.push(eq(users.systemRole, query.systemRole));
  if (query.stakeholderRole) conditions.push(eq(users.stakeholderRole, query.stakeholderRole));
  const where = and(...conditions);
  const items = await db
    .select(userColumns)
    .from(users)
    .where(where)
    .orderBy(users.name, users.id)
    .limit(page.perPage)
    .offset((page.page - 1) * page.perPage);
  const [counted] = await db.select({ total: sql<number>`count(*)::int` }).from(users).where(where);
  return { items, total: counted?.total ?? 0 };
}

export async function findUser(db: DbOrTx, id: string) {
  const [user] = await db.select(userColumns).from(users).where(eq(users.id, id));
  return user ?? null;
}

export async function listOutbox(db: DbOrTx, query: OutboxQuery, page: PageRequest) {
  const where = query.to ? sql`lower(${outbox.to}) = lower(${query.to})` : undefined;
  const columns = {
    id: outbox.id,
    to: outbox.to,
    subject: outbox.subject,
    status: outbox.status,
    createdAt: outbox.createdAt,
    sentAt: outbox.sentAt,
  };
  const items = await db
    .select(columns)
    .from(outbox)
    .where(where)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(page.perPage)
    .offset((page.page - 1) * page.perPage);
  const [counted] = await db.select({ total: sql<number>`count(*)::int` }).from(outbox).where(where);
  return { items, total: counted?.total ?? 0 };
}

export async function findOutboxMessage(db: DbOrTx, id: string) {
  const [message] = await db.select().from(outbox).where(eq(outbox.id, id));
  return message ?? null;
}

export async function jobCounts(db: DbOrTx) {
  return queryRows<{ kind: string; status: string; count: number }>(
    db,
    sql`select kind, status, count(*)::int as count from jobs group by kind, status order by kind, status`,
  );
}

export async function failedJobs(db: DbOrTx, limit = 100) {
  return db
    .select({
      id: jobs.id,
      kind: jobs.kind,
      attempts: jobs.attempts,
      lastError: jobs.lastError,
      createdAt: jobs.createdAt,
    })
    .from(jobs)
    .where(eq(jobs.status, "failed"))
    .orderBy(desc(jobs.id))
    .limit(limit);
}
