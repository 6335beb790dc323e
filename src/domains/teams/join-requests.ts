import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../platform/db/client";
import { queueEmail } from "../../platform/email";
import { translator } from "../../platform/i18n";
import { type Actor, can, roleIn } from "../../platform/policy";
import { getOrganisation } from "../directory/service";
import { teamsCatalog } from "./messages";
import * as repo from "./repo";
import { joinRequests } from "./schema";
import {
  asLocale,
  auditJoinRequest,
  auditMembership,
  foundIn,
  manageableScope,
  type TeamContext,
  TeamError,
  withinLimit,
} from "./team-rules";

// Requests to join a team: a person asks, the team's leads are emailed, a lead approves or
// declines (the person is emailed either way), or the person withdraws the request.

const JOIN_REQUESTS_PER_HOUR = 20;

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
}

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
      await auditJoinRequest(tx, actor, "team.join_request.create", null, request!);
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
    const request = foundIn(await repo.joinRequestById(tx, requestId), expectedOrganisationId);
    const org = await manageableScope(tx, actor, request.organisationId);
    if (request.status !== "pending") throw new TeamError("notPending");
    const status = decision === "approve" ? "approved" : "declined";
    const [decided] = await tx
      .update(joinRequests)
      .set({ status, decidedBy: actor.userId, decidedAt: new Date() })
      .where(eq(joinRequests.id, request.id))
      .returning();
    await auditJoinRequest(tx, actor, `team.join_request.${decision}`, request, decided!);
    let membership: repo.MembershipRow | null = null;
    if (decision === "approve") {
      membership = await repo.insertMembership(tx, request.userId, org.id, "member");
      if (membership) await auditMembership(tx, actor, "team.membership.create", null, membership);
    }
    const requester = await repo.userById(tx, request.userId);
    if (requester) {
      const t = translator(teamsCatalog, asLocale(requester.locale));
      await queueEmail(tx, {
        to: requester.email,
        subject: t(decision === "approve" ? "emailApprovedSubject" : "emailDeclinedSubject", {
          team: org.name,
        }),
        text: t(decision === "approve" ? "emailApprovedBody" : "emailDeclinedBody", {
          team: org.name,
          link: `${context.publicUrl}/organisations/${org.id}/team`,
        }),
      });
    }
    return { request: decided!, membership, requesterName: requester?.name ?? "" };
  });
}

export async function withdrawJoinRequest(
  db: Db,
  actor: Actor,
  requestId: string,
  expectedOrganisationId?: string,
) {
  return db.transaction(async (tx) => {
    const request = foundIn(await repo.joinRequestById(tx, requestId), expectedOrganisationId);
    // Someone else's request is none of this person's business: it does not exist for them.
    if (request.userId !== actor.userId) throw new TeamError("notFound");
    if (request.status !== "pending") throw new TeamError("notPending");
    const [withdrawn] = await tx
      .update(joinRequests)
      .set({ status: "withdrawn", decidedAt: new Date() })
      .where(eq(joinRequests.id, request.id))
      .returning();
    await auditJoinRequest(tx, actor, "team.join_request.withdraw", request, withdrawn!);
    return withdrawn!;
  });
}

/**
 * The requests waiting for a decision on the teams this person leads, oldest first (their home
 * page). Only leads of the team itself decide, as only they are emailed about a request.
 */
export async function joinRequestsWaitingFor(db: DbOrTx, leadId: string, limit = 20) {
  return repo.pendingRequestsForLead(db, leadId, limit);
}

/** How many requests wait on the teams this person leads (the count in every page's header). */
export async function joinRequestCountWaitingFor(db: DbOrTx, leadId: string): Promise<number> {
  return repo.pendingRequestCountForLead(db, leadId);
}
