import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../platform/db/client";
import { type Actor, can } from "../../platform/policy";
import { getOrganisation } from "../directory/service";
import * as repo from "./repo";
import { memberships, type TeamRole } from "./schema";
import {
  auditMembership,
  ensureALeadRemains,
  foundIn,
  manageableScope,
  readableScope,
  TeamError,
} from "./team-rules";

// A team's members: who is on it, a lead changing someone's role or taking them off, and a
// person leaving. Whatever changes, the team keeps at least one lead.

export async function listMembers(db: DbOrTx, actor: Actor, organisationId: string) {
  const org = await readableScope(db, actor, organisationId);
  return { org, members: await repo.membersOf(db, org.id) };
}

/** The team of a scope as its page shows it: members, and for leads what waits on them. */
export async function teamOverview(db: DbOrTx, actor: Actor, organisationId: string) {
  const { org, members } = await listMembers(db, actor, organisationId);
  const manage = can(actor, "scope.manageTeam", org);
  return {
    org,
    members,
    canManage: manage,
    canLeave: can(actor, "scope.leaveTeam", org),
    requests: manage ? await repo.pendingRequestsOf(db, org.id) : [],
    invitations: manage ? await repo.pendingInvitationsOf(db, org.id) : [],
  };
}

/** A membership the actor may see, with its scope; for confirmation pages. */
export async function getMembership(db: DbOrTx, actor: Actor, membershipId: string) {
  const membership = await repo.membershipById(db, membershipId);
  if (!membership) throw new TeamError("notFound");
  const org = await readableScope(db, actor, membership.organisationId);
  const person = await repo.userById(db, membership.userId);
  return { membership, org, name: person?.name ?? "" };
}

export async function changeMemberRole(
  db: Db,
  actor: Actor,
  membershipId: string,
  role: TeamRole,
  expectedOrganisationId?: string,
) {
  return db.transaction(async (tx) => {
    const membership = foundIn(await repo.membershipById(tx, membershipId, true), expectedOrganisationId);
    const org = await manageableScope(tx, actor, membership.organisationId);
    if (membership.role === role) return membership;
    if (role !== "lead") await ensureALeadRemains(tx, actor, org, membership);
    const [changed] = await tx
      .update(memberships)
      .set({ role })
      .where(eq(memberships.id, membership.id))
      .returning();
    await auditMembership(tx, actor, "team.membership.change_role", membership, changed!);
    return changed!;
  });
}

/**
 * Takes a person off a team: a lead removing someone, or the person leaving. Either way the
 * team keeps at least one lead.
 */
export async function removeMember(
  db: Db,
  actor: Actor,
  membershipId: string,
  expectedOrganisationId?: string,
) {
  return db.transaction(async (tx) => {
    const membership = foundIn(await repo.membershipById(tx, membershipId, true), expectedOrganisationId);
    const self = membership.userId === actor.userId;
    const org = self
      ? await readableScope(tx, actor, membership.organisationId)
      : await manageableScope(tx, actor, membership.organisationId);
    await ensureALeadRemains(tx, actor, org, membership);
    await tx.delete(memberships).where(eq(memberships.id, membership.id));
    const action = self ? "team.membership.leave" : "team.membership.remove";
    await auditMembership(tx, actor, action, membership, null);
    return { membership, org };
  });
}

export async function leaveTeam(db: Db, actor: Actor, organisationId: string) {
  return db.transaction(async (tx) => {
    const org = await getOrganisation(tx, organisationId);
    if (!org || !can(actor, "scope.leaveTeam", org)) throw new TeamError("notFound");
    const membership = await repo.membershipOf(tx, actor.userId, org.id);
    if (!membership) throw new TeamError("notFound");
    await ensureALeadRemains(tx, actor, org, membership);
    await tx.delete(memberships).where(eq(memberships.id, membership.id));
    await auditMembership(tx, actor, "team.membership.leave", membership, null);
    return { membership, org };
  });
}

/**
 * The leads of each team the actor may read privately (`scope.readPrivate`: the team itself and
 * the levels above), to contact them; teams the actor may not read are left out.
 */
export async function teamLeadsOf(
  db: DbOrTx,
  actor: Actor | null,
  scopes: { id: string; ancestorIds: string[] }[],
): Promise<Map<string, { userId: string; name: string; email: string; locale: string }[]>> {
  const readable = scopes.filter((s) => can(actor, "scope.readPrivate", s)).map((s) => s.id);
  const out = new Map<string, { userId: string; name: string; email: string; locale: string }[]>();
  for (const lead of await repo.leadsOfMany(db, readable)) {
    const { organisationId, ...person } = lead;
    out.set(organisationId, [...(out.get(organisationId) ?? []), person]);
  }
  return out;
}
