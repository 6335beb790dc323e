import { eq } from "drizzle-orm";
import { randomToken, sha256 } from "../../platform/auth/tokens";
import type { Db, DbOrTx } from "../../platform/db/client";
import { queueEmail } from "../../platform/email";
import { translator } from "../../platform/i18n";
import type { Actor } from "../../platform/policy";
import { getOrganisation } from "../directory/service";
import { teamsCatalog } from "./messages";
import * as repo from "./repo";
import { invitations, joinRequests, memberships, type TeamRole } from "./schema";
import {
  auditInvitation,
  auditJoinRequest,
  auditMembership,
  foundIn,
  manageableScope,
  type TeamContext,
  TeamError,
  withinLimit,
} from "./team-rules";

// Invitations by email: a lead invites an address, the link (valid INVITATION_DAYS) lets the
// person holding that address join with the role given, and a lead may revoke it before then.

export const INVITATION_DAYS = 14;

const INVITATIONS_PER_HOUR = 60;

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
    if (existingUser && (await repo.membershipOf(tx, existingUser, org.id))) {
      throw new TeamError("inviteeAlreadyMember", { email });
    }
    // A new invitation to the same address replaces the open one, so only the newest link works.
    for (const open of await repo.pendingInvitationsOf(tx, org.id)) {
      if (open.email.toLowerCase() !== email.toLowerCase()) continue;
      const revoked = await markRevoked(tx, open.id);
      await auditInvitation(tx, actor, "team.invitation.revoke", open, revoked);
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
    await auditInvitation(tx, actor, "team.invitation.create", null, invitation!);
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

async function markRevoked(tx: DbOrTx, invitationId: string) {
  const [revoked] = await tx
    .update(invitations)
    .set({ status: "revoked" })
    .where(eq(invitations.id, invitationId))
    .returning();
  return revoked!;
}

export async function listInvitations(db: DbOrTx, actor: Actor, organisationId: string) {
  await manageableScope(db, actor, organisationId);
  return repo.pendingInvitationsOf(db, organisationId);
}

export async function revokeInvitation(
  db: Db,
  actor: Actor,
  invitationId: string,
  expectedOrganisationId?: string,
) {
  return db.transaction(async (tx) => {
    const invitation = foundIn(await repo.invitationById(tx, invitationId), expectedOrganisationId);
    await manageableScope(tx, actor, invitation.organisationId);
    if (invitation.status !== "pending") throw new TeamError("invitationInvalid");
    const revoked = await markRevoked(tx, invitation.id);
    await auditInvitation(tx, actor, "team.invitation.revoke", invitation, revoked);
    return revoked;
  });
}

export type InvitationState = "open" | "expired" | "invalid";

/** What an invitation link leads to, for the page anyone holding the link may open. */
export async function lookUpInvitation(db: DbOrTx, token: string) {
  const invitation = token.length <= 100 ? await repo.invitationByTokenHash(db, sha256(token)) : null;
  if (invitation?.status !== "pending") return { state: "invalid" as const };
  const org = await getOrganisation(db, invitation.organisationId);
  if (!org) return { state: "invalid" as const };
  const state: InvitationState = invitation.expiresAt.getTime() < Date.now() ? "expired" : "open";
  return { state, invitation, org };
}

export async function acceptInvitation(db: Db, actor: Actor, token: string) {
  return db.transaction(async (tx) => {
    const invitation = token.length <= 100 ? await repo.invitationByTokenHash(tx, sha256(token), true) : null;
    if (invitation?.status !== "pending") throw new TeamError("invitationInvalid");
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
    await auditInvitation(tx, actor, "team.invitation.accept", invitation, accepted!);
    const existing = await repo.membershipOf(tx, actor.userId, org.id);
    let membership = existing;
    if (!existing) {
      membership = await repo.insertMembership(tx, actor.userId, org.id, invitation.role);
      await auditMembership(tx, actor, "team.membership.create", null, membership!);
    } else if (existing.role === "member" && invitation.role === "lead") {
      [membership] = await tx
        .update(memberships)
        .set({ role: "lead" })
        .where(eq(memberships.id, existing.id))
        .returning();
      await auditMembership(tx, actor, "team.membership.change_role", existing, membership!);
    }
    // A request still waiting from the same person is answered by the invitation.
    const waiting = await repo.pendingRequestBy(tx, actor.userId, org.id);
    if (waiting) {
      const [closed] = await tx
        .update(joinRequests)
        .set({ status: "approved", decidedBy: invitation.invitedBy, decidedAt: new Date() })
        .where(eq(joinRequests.id, waiting.id))
        .returning();
      await auditJoinRequest(tx, actor, "team.join_request.approve", waiting, closed!);
    }
    return { membership: membership!, org };
  });
}
