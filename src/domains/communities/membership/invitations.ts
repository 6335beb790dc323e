import { and, eq } from "drizzle-orm";
import { randomToken, sha256 } from "../../../platform/auth/tokens";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queueEmail } from "../../../platform/email";
import { conflict, forbidden, notFound } from "../../../platform/http/problem";
import { type Actor, can } from "../../../platform/policy";
import { addMember } from "./service";
import { communities, communityInvitations, type CommunityRole } from "../schema";
import type { CommunityForViewer } from "../service";

const INVITATION_DAYS = 14;

export async function inviteByEmail(
  db: Db,
  actor: Actor,
  view: CommunityForViewer,
  input: { email: string; role: CommunityRole },
  publicUrl: string,
) {
  if (!can(actor, "community.lead", view.resource)) throw forbidden();
  const token = randomToken();
  const email = input.email.trim().toLowerCase();
  await db.transaction(async (tx) => {
    const [invitation] = await tx
      .insert(communityInvitations)
      .values({
        communityId: view.community.id,
        email,
        role: input.role,
        tokenHash: sha256(token),
        invitedBy: actor.userId,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 86400_000),
      })
      .returning({ id: communityInvitations.id });
    const link = `${publicUrl}/communities/invitations/${token}`;
    const c = view.community;
    await queueEmail(tx, {
      to: email,
      subject: `Invitation to ${c.nameEn} | Invitación a ${c.nameEs}`,
      text: `You are invited to join "${c.nameEn}" on SMH Commons${input.role === "lead" ? " as a lead" : ""}.\nAccept within ${INVITATION_DAYS} days: ${link}\n\nLe invitan a unirse a "${c.nameEs}" en SMH Commons.\nAcepte en ${INVITATION_DAYS} días: ${link}\n`,
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "community.invite",
      entityType: "community_invitation",
      entityId: invitation!.id,
      after: { email, role: input.role, communityId: c.id },
    });
  });
  return token;
}

export async function findInvitation(db: DbOrTx, token: string) {
  const [row] = await db
    .select({ invitation: communityInvitations, community: communities })
    .from(communityInvitations)
    .innerJoin(communities, eq(communities.id, communityInvitations.communityId))
    .where(eq(communityInvitations.tokenHash, sha256(token)));
  if (row?.invitation.status !== "pending" || row.invitation.expiresAt < new Date()) return null;
  return row;
}

export async function acceptInvitation(db: Db, actor: Actor, token: string) {
  return db.transaction(async (tx) => {
    const row = await findInvitation(tx, token);
    if (!row) throw notFound("This invitation is no longer valid.");
    const updated = await tx
      .update(communityInvitations)
      .set({ status: "accepted", acceptedBy: actor.userId })
      .where(and(eq(communityInvitations.id, row.invitation.id), eq(communityInvitations.status, "pending")))
      .returning({ id: communityInvitations.id });
    if (updated.length === 0) throw conflict("This invitation was already used.");
    await addMember(tx, row.community.id, actor.userId, row.invitation.role);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "community.invitation.accept",
      entityType: "community",
      entityId: row.community.id,
      after: { role: row.invitation.role },
    });
    return row.community;
  });
}
