import { eq } from "drizzle-orm";
import { users } from "../../platform/auth/schema";
import { allowAttempt } from "../../platform/auth/throttle";
import { randomToken, sha256 } from "../../platform/auth/tokens";
import { recordAudit } from "../../platform/audit";
import type { Db, DbOrTx } from "../../platform/db/client";
import { queueEmail } from "../../platform/email";
import { type Locale, translator } from "../../platform/i18n";
import { type Actor, can, roleIn } from "../../platform/policy";
import { organisations } from "../directory/schema";
import { getOrganisation, type Organisation } from "../directory/service";
import { teamsCatalog } from "./messages";
import * as repo from "./repo";
import { invitations, joinRequests, memberships, type TeamRole } from "./schema";

/** The signed-in person as the policy module sees them: system role and every team they are on. */
export async function loadActor(db: DbOrTx, userId: string): Promise<Actor | null> {
  const [user] = await db
    .select({ id: users.id, systemRole: users.systemRole, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return null;
  const teams = await db
    .select({ organisationId: memberships.organisationId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, userId));
  return { userId: user.id, systemRole: user.systemRole, emailVerified: !!user.emailVerifiedAt, memberships: teams };
}

export interface MembershipSummary {
  membershipId: string;
  organisationId: string;
  organisationName: string;
  organisationKind: string;
  stateCode: string | null;
  role: "member" | "lead";
  since: Date;
}

/** Every team a person is on, for the account page and the API. */
export async function listMembershipsOf(db: DbOrTx, userId: string): Promise<MembershipSummary[]> {
  return db
    .select({
      membershipId: memberships.id,
      organisationId: memberships.organisationId,
      organisationName: organisations.name,
      organisationKind: organisations.kind,
      stateCode: organisations.stateCode,
      role: memberships.role,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(organisations.name);
}

// ---------------------------------------------------------------------------------------------
// Team operations. Each runs in one transaction: it loads what it changes, asks the policy,
// changes it and records the audit entry, so a change and its record land together or not at all.
// ---------------------------------------------------------------------------------------------

export type TeamErrorCode =
  | "notFound"
  | "forbidden"
  | "unverified"
  | "alreadyMember"
  | "inviteeAlreadyMember"
  | "duplicateRequest"
  | "lastLead"
  | "notPending"
  | "invitationInvalid"
  | "invitationExpired"
  | "invitationWrongEmail"
  | "tooMany";

/** Why a team operation was refused; routes turn it into a problem or a message on the page. */
export class TeamError extends Error {
  constructor(
    public code: TeamErrorCode,
    public detail: Record<string, string> = {},
  ) {
    super(code);
  }
}

export const INVITATION_DAYS = 14;

/** Each request and invitation sends email: cap them per person so nobody can flood inboxes. */
const JOIN_REQUESTS_PER_HOUR = 20;
const INVITATIONS_PER_HOUR = 60;

async function withinLimit(db: DbOrTx, key: string, limit: number) {
  if (!(await allowAttempt(db, key, limit, 3600))) throw new TeamError("tooMany");
}

export interface TeamContext {
  /** Absolute base of links in emails. */
  publicUrl: string;
  /** Language of emails sent to someone without an account yet. */
  locale?: Locale;
}

const asLocale = (value: string | null | undefined): Locale => (value === "es" ? "es" : "en");

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
}

/** The organisation, if the actor may see its team; otherwise "not found" (we do not reveal it). */
async function readableScope(tx: DbOrTx, actor: Actor, organisationId: string): Promise<Organisation> {
  const org = await getOrganisation(tx, organisationId);
  if (!org || !can(actor, "scope.readPrivate", org)) throw new TeamError("notFound");
  return org;
}

async function manageableScope(tx: DbOrTx, actor: Actor, organisationId: string): Promise<Organisation> {
  const org = await readableScope(tx, actor, organisationId);
  if (!can(actor, "scope.manageTeam", org)) throw new TeamError("forbidden");
  return org;
}

/** A team must keep a lead, unless a national admin decides otherwise. */
async function ensureALeadRemains(tx: DbOrTx, actor: Actor, org: Organisation, losing: repo.MembershipRow) {
  if (losing.role !== "lead") return;
  const leads = await repo.lockLeadCount(tx, org.id);
  if (leads <= 1 && !can(actor, "scope.leaveLeaderless", org)) throw new TeamError("lastLead");
}

const membershipAudit = (m: repo.MembershipRow) => ({ userId: m.userId, organisationId: m.organisationId, role: m.role });
const requestAudit = (r: repo.JoinRequestRow) => ({ userId: r.userId, organisationId: r.organisationId, status: r.status });
const invitationAudit = (i: repo.InvitationRow) => ({
  email: i.email,
  organisationId: i.organisationId,
  role: i.role,
  status: i.status,
  expiresAt: i.expiresAt.toISOString(),
});

// --- join requests ----------------------------------------------------------------------------

export async function requestToJoin(
  db: Db,
  actor: Actor,
  organisationId: string,
  input: { message?: string },
  context: TeamContext,
) {
  await withinLimit(db, `teams.join:${actor.userId}`, JOIN_REQUESTS_PER_HOUR);
  try {
    return await db.transaction(async (tx) => {
      const org = await getOrganisation(tx, organisationId);
      if (!org) throw new TeamError("notFound");
      if (!can(actor, "scope.requestJoin", org)) {
        if (roleIn(actor, org.id)) throw new TeamError("alreadyMember");
        throw new TeamError(actor.emailVerified ? "forbidden" : "unverified");
      }
      if (await repo.pendingRequestBy(tx, actor.userId, org.id)) throw new TeamError("duplicateRequest");
      const message = input.message?.trim() ? input.message.trim() : null;
      const [request] = await tx
        .insert(joinRequests)
        .values({ userId: actor.userId, organisationId: org.id, message })
        .returning();
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "team.join_request.create",
        entityType: "join_request",
        entityId: request!.id,
        scopeId: org.id,
        before: null,
        after: requestAudit(request!),
      });
      const requester = await repo.userById(tx, actor.userId);
      for (const lead of await repo.leadsOf(tx, org.id)) {
        const t = translator(teamsCatalog, asLocale(lead.locale));
        await queueEmail(tx, {
          to: lead.email,
          subject: t("emailRequestSubject", { name: requester!.name, team: org.name }),
          text: t("emailRequestBody", {
            name: requester!.name,
            team: org.name,
            message: message ? t("emailRequestMessage", { message }) : "",
            link: `${context.publicUrl}/organisations/${org.id}/team`,
          }),
        });
      }
      return request!;
    });
  } catch (error) {
    // Two posts racing past the check above meet the unique index instead.
    if (isUniqueViolation(error)) throw new TeamError("duplicateRequest");
    throw error;
  }
}

export async function pendingRequestOf(db: DbOrTx, userId: string, organisationId: string) {
  return repo.pendingRequestBy(db, userId, organisationId);
}

export async function listJoinRequests(db: DbOrTx, actor: Actor, organisationId: string) {
  await manageableScope(db, actor, organisationId);
  return repo.pendingRequestsOf(db, organisationId);
}

export async function decideJoinRequest(
  db: Db,
  actor: Actor,
  requestId: string,
  decision: "approve" | "decline",
  context: TeamContext,
  expectedOrganisationId?: string,
) {
  return db.transaction(async (tx) => {
    const request = await repo.joinRequestById(tx, requestId);
    if (!request || (expectedOrganisationId && request.organisationId !== expectedOrganisationId)) {
      throw new TeamError("notFound");
    }
    const org = await manageableScope(tx, actor, request.organisationId);
    if (request.status !== "pending") throw new TeamError("notPending");
    const status = decision === "approve" ? "approved" : "declined";
    const [decided] = await tx
      .update(joinRequests)
      .set({ status, decidedBy: actor.userId, decidedAt: new Date() })
      .where(eq(joinRequests.id, request.id))
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: `team.join_request.${decision}`,
      entityType: "join_request",
      entityId: request.id,
      scopeId: org.id,
      before: requestAudit(request),
      after: requestAudit(decided!),
    });
    let membership: repo.MembershipRow | null = null;
    if (decision === "approve") {
      membership = await repo.insertMembership(tx, request.userId, org.id, "member");
      if (membership) {
        await recordAudit(tx, {
          actorId: actor.userId,
          action: "team.membership.create",
          entityType: "membership",
          entityId: membership.id,
          scopeId: org.id,
          before: null,
          after: membershipAudit(membership),
        });
      }
    }
    const requester = await repo.userById(tx, request.userId);
    if (requester) {
      const t = translator(teamsCatalog, asLocale(requester.locale));
      await queueEmail(tx, {
        to: requester.email,
        subject: t(decision === "approve" ? "emailApprovedSubject" : "emailDeclinedSubject", { team: org.name }),
        text: t(decision === "approve" ? "emailApprovedBody" : "emailDeclinedBody", {
          team: org.name,
          link: `${context.publicUrl}/organisations/${org.id}/team`,
        }),
      });
    }
    return { request: decided!, membership, requesterName: requester?.name ?? "" };
  });
}

export async function withdrawJoinRequest(db: Db, actor: Actor, requestId: string) {
  return db.transaction(async (tx) => {
    const request = await repo.joinRequestById(tx, requestId);
    // Someone else's request is none of this person's business: it does not exist for them.
    if (!request || request.userId !== actor.userId) throw new TeamError("notFound");
    if (request.status !== "pending") throw new TeamError("notPending");
    const [withdrawn] = await tx
      .update(joinRequests)
      .set({ status: "withdrawn", decidedAt: new Date() })
      .where(eq(joinRequests.id, request.id))
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "team.join_request.withdraw",
      entityType: "join_request",
      entityId: request.id,
      scopeId: request.organisationId,
      before: requestAudit(request),
      after: requestAudit(withdrawn!),
    });
    return withdrawn!;
  });
}

// --- members ----------------------------------------------------------------------------------

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
    const membership = await repo.membershipById(tx, membershipId, true);
    if (!membership || (expectedOrganisationId && membership.organisationId !== expectedOrganisationId)) {
      throw new TeamError("notFound");
    }
    const org = await manageableScope(tx, actor, membership.organisationId);
    if (membership.role === role) return membership;
    if (role !== "lead") await ensureALeadRemains(tx, actor, org, membership);
    const [changed] = await tx.update(memberships).set({ role }).where(eq(memberships.id, membership.id)).returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "team.membership.change_role",
      entityType: "membership",
      entityId: membership.id,
      scopeId: org.id,
      before: membershipAudit(membership),
      after: membershipAudit(changed!),
    });
    return changed!;
  });
}

/**
 * Takes a person off a team: a lead removing someone, or the person leaving. Either way the
 * team keeps at least one lead.
 */
export async function removeMember(db: Db, actor: Actor, membershipId: string, expectedOrganisationId?: string) {
  return db.transaction(async (tx) => {
    const membership = await repo.membershipById(tx, membershipId, true);
    if (!membership || (expectedOrganisationId && membership.organisationId !== expectedOrganisationId)) {
      throw new TeamError("notFound");
    }
    const self = membership.userId === actor.userId;
    const org = self
      ? await readableScope(tx, actor, membership.organisationId)
      : await manageableScope(tx, actor, membership.organisationId);
    await ensureALeadRemains(tx, actor, org, membership);
    await tx.delete(memberships).where(eq(memberships.id, membership.id));
    await recordAudit(tx, {
      actorId: actor.userId,
      action: self ? "team.membership.leave" : "team.membership.remove",
      entityType: "membership",
      entityId: membership.id,
      scopeId: org.id,
      before: membershipAudit(membership),
      after: null,
    });
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
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "team.membership.leave",
      entityType: "membership",
      entityId: membership.id,
      scopeId: org.id,
      before: membershipAudit(membership),
      after: null,
    });
    return { membership, org };
  });
}

// --- invitations ------------------------------------------------------------------------------

export async function inviteToTeam(
  db: Db,
  actor: Actor,
  organisationId: string,
  input: { email: string; role: TeamRole },
  context: TeamContext,
) {
  await withinLimit(db, `teams.invite:${actor.userId}`, INVITATIONS_PER_HOUR);
  return db.transaction(async (tx) => {
    const org = await manageableScope(tx, actor, organisationId);
    const email = input.email.trim();
    const existingUser = await repo.userIdByEmail(tx, email);
    if (existingUser && roleInScope(await repo.membershipOf(tx, existingUser, org.id))) {
      throw new TeamError("inviteeAlreadyMember", { email });
    }
    // A new invitation to the same address replaces the open one, so only the newest link works.
    for (const open of await repo.pendingInvitationsOf(tx, org.id)) {
      if (open.email.toLowerCase() !== email.toLowerCase()) continue;
      const [revoked] = await tx
        .update(invitations)
        .set({ status: "revoked" })
        .where(eq(invitations.id, open.id))
        .returning();
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "team.invitation.revoke",
        entityType: "invitation",
        entityId: open.id,
        scopeId: org.id,
        before: invitationAudit(open),
        after: invitationAudit(revoked!),
      });
    }
    const token = randomToken();
    const [invitation] = await tx
      .insert(invitations)
      .values({
        organisationId: org.id,
        email,
        role: input.role,
        tokenHash: sha256(token),
        invitedBy: actor.userId,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 86400_000),
      })
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "team.invitation.create",
      entityType: "invitation",
      entityId: invitation!.id,
      scopeId: org.id,
      before: null,
      after: invitationAudit(invitation!),
    });
    const inviter = await repo.userById(tx, actor.userId);
    const t = translator(teamsCatalog, context.locale ?? "en");
    const role = t(input.role === "lead" ? "roleLead" : "roleMember").toLowerCase();
    await queueEmail(tx, {
      to: email,
      subject: t("emailInviteSubject", { inviter: inviter?.name ?? "", team: org.name }),
      text: t("emailInviteBody", {
        inviter: inviter?.name ?? "",
        team: org.name,
        role,
        link: `${context.publicUrl}/invitations/${token}`,
      }),
    });
    return invitation!;
  });
}

const roleInScope = (m: repo.MembershipRow | null) => m?.role;

export async function listInvitations(db: DbOrTx, actor: Actor, organisationId: string) {
  await manageableScope(db, actor, organisationId);
  return repo.pendingInvitationsOf(db, organisationId);
}

export async function revokeInvitation(db: Db, actor: Actor, invitationId: string, expectedOrganisationId?: string) {
  return db.transaction(async (tx) => {
    const invitation = await repo.invitationById(tx, invitationId);
    if (!invitation || (expectedOrganisationId && invitation.organisationId !== expectedOrganisationId)) {
      throw new TeamError("notFound");
    }
    const org = await manageableScope(tx, actor, invitation.organisationId);
    if (invitation.status !== "pending") throw new TeamError("invitationInvalid");
    const [revoked] = await tx
      .update(invitations)
      .set({ status: "revoked" })
      .where(eq(invitations.id, invitation.id))
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "team.invitation.revoke",
      entityType: "invitation",
      entityId: invitation.id,
      scopeId: org.id,
      before: invitationAudit(invitation),
      after: invitationAudit(revoked!),
    });
    return revoked!;
  });
}

export type InvitationState = "open" | "expired" | "invalid";

/** What an invitation link leads to, for the page anyone holding the link may open. */
export async function lookUpInvitation(db: DbOrTx, token: string) {
  const invitation = token.length <= 100 ? await repo.invitationByTokenHash(db, sha256(token)) : null;
  if (!invitation || invitation.status !== "pending") return { state: "invalid" as const };
  const org = await getOrganisation(db, invitation.organisationId);
  if (!org) return { state: "invalid" as const };
  const state: InvitationState = invitation.expiresAt.getTime() < Date.now() ? "expired" : "open";
  return { state, invitation, org };
}

export async function acceptInvitation(db: Db, actor: Actor, token: string) {
  return db.transaction(async (tx) => {
    const invitation = token.length <= 100 ? await repo.invitationByTokenHash(tx, sha256(token), true) : null;
    if (!invitation || invitation.status !== "pending") throw new TeamError("invitationInvalid");
    if (invitation.expiresAt.getTime() < Date.now()) throw new TeamError("invitationExpired");
    const org = await getOrganisation(tx, invitation.organisationId);
    if (!org) throw new TeamError("invitationInvalid");
    const person = await repo.userById(tx, actor.userId);
    // The link may have been forwarded: only the invited address may use it.
    if (!person || person.email.toLowerCase() !== invitation.email.toLowerCase()) {
      throw new TeamError("invitationWrongEmail", { email: invitation.email });
    }
    const [accepted] = await tx
      .update(invitations)
      .set({ status: "accepted", acceptedBy: actor.userId })
      .where(eq(invitations.id, invitation.id))
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "team.invitation.accept",
      entityType: "invitation",
      entityId: invitation.id,
      scopeId: org.id,
      before: invitationAudit(invitation),
      after: invitationAudit(accepted!),
    });
    const existing = await repo.membershipOf(tx, actor.userId, org.id);
    let membership = existing;
    if (!existing) {
      membership = await repo.insertMembership(tx, actor.userId, org.id, invitation.role);
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "team.membership.create",
        entityType: "membership",
        entityId: membership!.id,
        scopeId: org.id,
        before: null,
        after: membershipAudit(membership!),
      });
    } else if (existing.role === "member" && invitation.role === "lead") {
      [membership] = await tx.update(memberships).set({ role: "lead" }).where(eq(memberships.id, existing.id)).returning();
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "team.membership.change_role",
        entityType: "membership",
        entityId: existing.id,
        scopeId: org.id,
        before: membershipAudit(existing),
        after: membershipAudit(membership!),
      });
    }
    // A request still waiting from the same person is answered by the invitation.
    const waiting = await repo.pendingRequestBy(tx, actor.userId, org.id);
    if (waiting) {
      const [closed] = await tx
        .update(joinRequests)
        .set({ status: "approved", decidedBy: invitation.invitedBy, decidedAt: new Date() })
        .where(eq(joinRequests.id, waiting.id))
        .returning();
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "team.join_request.approve",
        entityType: "join_request",
        entityId: waiting.id,
        scopeId: org.id,
        before: requestAudit(waiting),
        after: requestAudit(closed!),
      });
    }
    return { membership: membership!, org };
  });
}
