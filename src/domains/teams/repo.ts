import { and, asc, desc, eq, sql } from "drizzle-orm";
import { users } from "../../platform/auth/schema";
import type { DbOrTx } from "../../platform/db/client";
import { organisations } from "../directory/schema";
import { invitations, joinRequests, memberships, type TeamRole } from "./schema";

/** The queries of the teams domain. No rules here: service.ts decides who may run them. */

export type MembershipRow = typeof memberships.$inferSelect;
export type JoinRequestRow = typeof joinRequests.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;

export async function membersOf(db: DbOrTx, organisationId: string) {
  return db
    .select({
      id: memberships.id,
      userId: memberships.userId,
      name: users.name,
      stakeholderRole: users.stakeholderRole,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(desc(sql`${memberships.role} = 'lead'`), asc(users.name));
}

export async function membershipById(db: DbOrTx, id: string, lock = false): Promise<MembershipRow | null> {
  const query = db.select().from(memberships).where(eq(memberships.id, id));
  const [row] = await (lock ? query.for("update") : query);
  return row ?? null;
}

export async function membershipOf(
  db: DbOrTx,
  userId: string,
  organisationId: string,
): Promise<MembershipRow | null> {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId)))
    .for("update");
  return row ?? null;
}

/**
 * Locks the team's lead rows and counts them. Two leads demoting each other at the same moment
 * queue on these locks, so the second one sees that only one lead is left.
 */
export async function lockLeadCount(db: DbOrTx, organisationId: string): Promise<number> {
  const rows = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "lead")))
    .for("update");
  return rows.length;
}

export async function insertMembership(db: DbOrTx, userId: string, organisationId: string, role: TeamRole) {
  const [row] = await db
    .insert(memberships)
    .values({ userId, organisationId, role })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export async function leadsOf(db: DbOrTx, organisationId: string) {
  return db
    .select({ email: users.email, name: users.name, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "lead")));
}

export async function pendingRequestsOf(db: DbOrTx, organisationId: string) {
  return db
    .select({
      id: joinRequests.id,
      organisationId: joinRequests.organisationId,
      userId: joinRequests.userId,
      name: users.name,
      email: users.email,
      stakeholderRole: users.stakeholderRole,
      message: joinRequests.message,
      status: joinRequests.status,
      createdAt: joinRequests.createdAt,
    })
    .from(joinRequests)
    .innerJoin(users, eq(users.id, joinRequests.userId))
    .where(and(eq(joinRequests.organisationId, organisationId), eq(joinRequests.status, "pending")))
    .orderBy(asc(joinRequests.createdAt));
}

export async function pendingRequestBy(db: DbOrTx, userId: string, organisationId: string) {
  const [row] = await db
    .select()
    .from(joinRequests)
    .where(
      and(
        eq(joinRequests.userId, userId),
        eq(joinRequests.organisationId, organisationId),
        eq(joinRequests.status, "pending"),
      ),
    );
  return row ?? null;
}

export async function joinRequestById(db: DbOrTx, id: string): Promise<JoinRequestRow | null> {
  const [row] = await db.select().from(joinRequests).where(eq(joinRequests.id, id)).for("update");
  return row ?? null;
}

export async function pendingInvitationsOf(db: DbOrTx, organisationId: string) {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.organisationId, organisationId), eq(invitations.status, "pending")))
    .orderBy(asc(invitations.createdAt));
}

export async function invitationById(db: DbOrTx, id: string): Promise<InvitationRow | null> {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, id)).for("update");
  return row ?? null;
}

export async function invitationByTokenHash(
  db: DbOrTx,
  tokenHash: string,
  lock = false,
): Promise<InvitationRow | null> {
  const query = db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash));
  const [row] = await (lock ? query.for("update") : query);
  return row ?? null;
}

export async function userById(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(eq(users.id, id));
  return row ?? null;
}

export async function userIdByEmail(db: DbOrTx, email: string): Promise<string | null> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row?.id ?? null;
}

/** Requests waiting on the teams this person leads: joins `memberships` (lead) to the team index. */
const waitingOnLead = (leadId: string) =>
  and(
    eq(memberships.userId, leadId),
    eq(memberships.role, "lead"),
    eq(joinRequests.organisationId, memberships.organisationId),
    eq(joinRequests.status, "pending"),
  );

export async function pendingRequestsForLead(db: DbOrTx, leadId: string, limit: number) {
  return db
    .select({
      id: joinRequests.id,
      organisationId: joinRequests.organisationId,
      organisationName: organisations.name,
      name: users.name,
      message: joinRequests.message,
      createdAt: joinRequests.createdAt,
    })
    .from(memberships)
    .innerJoin(joinRequests, waitingOnLead(leadId))
    .innerJoin(organisations, eq(organisations.id, joinRequests.organisationId))
    .innerJoin(users, eq(users.id, joinRequests.userId))
    .orderBy(asc(joinRequests.createdAt))
    .limit(limit);
}

export async function pendingRequestCountForLead(db: DbOrTx, leadId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .innerJoin(joinRequests, waitingOnLead(leadId));
  return row?.n ?? 0;
}

/** The leads of many teams at once (name, address, language), by team then name. */
export async function leadsOfMany(db: DbOrTx, organisationIds: string[]) {
  if (organisationIds.length === 0) return [];
  return db
    .select({
      organisationId: memberships.organisationId,
      userId: users.id,
      name: users.name,
      email: users.email,
      locale: users.locale,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        sql`${memberships.organisationId} = any(${sql.param(organisationIds)}::uuid[])`,
        eq(memberships.role, "lead"),
      ),
    )
    .orderBy(asc(memberships.organisationId), asc(users.name));
}
