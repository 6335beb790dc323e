import { and, desc, eq, sql } from "drizzle-orm";
import { auditLog } from "../../platform/audit/schema";
import { type Db, queryRows } from "../../platform/db/client";
import { outbox } from "../../platform/email/schema";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../seed/factories";
import { memberships } from "./schema";

/**
 * A small world for the teams tests: one district with schools A and B, a lead and a member of
 * A, a member of B (A's peer), a verified outsider, an unverified outsider and an admin.
 */
export async function buildTeamWorld(db: Db) {
  const { state, district, schools } = await buildDistrictWithSchools(db, "MD", 2);
  const [schoolA, schoolB] = schools as [(typeof schools)[number], (typeof schools)[number]];
  const lead = await buildUser(db, { name: "Lena Lead" });
  const member = await buildUser(db, { name: "Milo Member", stakeholderRole: "family_member" });
  const peer = await buildUser(db, { name: "Pia Peer" });
  const outsider = await buildUser(db, { name: "Omar Outsider" });
  const unverified = await buildUser(db, { name: "Uma Unverified", verified: false });
  const admin = await buildUser(db, { name: "Ada Admin", systemRole: "admin" });
  const leadMembership = await addMembership(db, lead.id, schoolA.id, "lead");
  const memberMembership = await addMembership(db, member.id, schoolA.id, "member");
  await addMembership(db, peer.id, schoolB.id, "member");
  return {
    state,
    district,
    schoolA,
    schoolB,
    lead,
    member,
    peer,
    outsider,
    unverified,
    admin,
    leadMembership,
    memberMembership,
  };
}

export async function auditActions(db: Db, scopeId: string): Promise<string[]> {
  const rows = await db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.scopeId, scopeId))
    .orderBy(auditLog.id);
  return rows.map((r) => r.action);
}

export async function membershipIn(db: Db, userId: string, organisationId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId)));
  return row ?? null;
}

export async function mailTo(db: Db, to: string) {
  return db.select().from(outbox).where(eq(outbox.to, to)).orderBy(desc(outbox.createdAt));
}

/** Rows in the tables a team change writes to, to show a refused change wrote nothing. */
export async function teamRowCounts(db: Db) {
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`select (select count(*)::int from memberships) as memberships,
               (select count(*)::int from join_requests) as join_requests,
               (select count(*)::int from invitations) as invitations,
               (select count(*)::int from audit_log) as audit,
               (select count(*)::int from email_outbox) as outbox`,
  );
  return row!;
}
