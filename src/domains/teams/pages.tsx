import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { parseForm } from "../../platform/http/forms";
import { badRequest, notFound } from "../../platform/http/problem";
import { redirectToSignIn } from "../../platform/http/web";
import { translator } from "../../platform/i18n";
import type { FormState } from "../../platform/ui/components";
import { type Actor, can, roleIn } from "../../platform/policy";
import { getOrganisation } from "../directory/service";
import { teamErrorText } from "./api";
import { InvitationInput, JoinRequestInput, OrgChildParams, OrgParams, RoleInput } from "./api-schemas";
import { teamsCatalog } from "./messages";
import * as teams from "./service";
import { TeamError } from "./service";
import { ConfirmPage, InvitationPage, JoinPage, type JoinSituation } from "./views/pages";
import { teamRoleLabel } from "./views/shared";
import { TeamPage } from "./views/team-page";

const TokenParams = Type.Object({ token: Type.String({ pattern: "^[A-Za-z0-9_-]{16,100}$" }) });

type Params = { id: string; childId: string };

const teamPath = (id: string) => `/organisations/${id}/team`;

/** The signed-in actor, or a redirect to sign in that brings the person back to `back`. */
async function actorOrSignIn(request: FastifyRequest, reply: FastifyReply, back: string): Promise<Actor | null> {
  const actor = await request.actor();
  if (!actor) {
    redirectToSignIn(request, reply, back);
    return null;
  }
  return actor;
}

/**
 * Runs a lead's action from the team page: success and refusal both come back to the team page
 * as a message; a team the person may not see stays a plain 404.
 */
async function teamAction(
  request: FastifyRequest,
  reply: FastifyReply,
  organisationId: string,
  action: (actor: Actor) => Promise<string>,
) {
  const actor = await actorOrSignIn(request, reply, teamPath(organisationId));
  if (!actor) return reply;
  try {
    reply.flash("success", await action(actor));
  } catch (error) {
    if (!(error instanceof TeamError)) throw error;
    if (error.code === "notFound") throw notFound();
    reply.flash("error", teamErrorText(request.locale, error));
  }
  return reply.redirect(teamPath(organisationId), 303);
}

export async function teamsPages(app: FastifyInstance) {
  const context = (request: FastifyRequest) => ({ publicUrl: app.config.publicUrl, locale: request.locale });
  const tt = (request: FastifyRequest) => translator(teamsCatalog, request.locale);

  async function renderTeam(reply: FastifyReply, actor: Actor, id: string, invite?: FormState, status = 200) {
    try {
      const team = await teams.teamOverview(app.db, actor, id);
      return reply.page(<TeamPage ctx={reply.pageContext()} team={team} invite={invite} />, status);
    } catch (error) {
      if (error instanceof TeamError) throw notFound();
      throw error;
    }
  }

  app.get("/organisations/:id/team", { schema: { params: OrgParams, hide: true } }, async (request, reply) => {
    const { id } = request.params as Params;
    const actor = await actorOrSignIn(request, reply, teamPath(id));
    if (!actor) return reply;
    return renderTeam(reply, actor, id);
  });

  // --- asking to join -------------------------------------------------------------------------

  app.get("/organisations/:id/join", { schema: { params: OrgParams, hide: true } }, async (request, reply) => {
    const { id } = request.params as Params;
    const org = await getOrganisation(app.db, id);
    if (!org) throw notFound();
    const actor = await request.actor();
    let situation: JoinSituation = { kind: "open" };
    const pending = actor ? await teams.pendingRequestOf(app.db, actor.userId, org.id) : null;
    if (!actor) situation = { kind: "signedOut" };
    else if (roleIn(actor, org.id)) situation = { kind: "member" };
    else if (pending) situation = { kind: "pending", request: pending };
    else if (!can(actor, "scope.requestJoin", org)) situation = { kind: "unverified" };
    return reply.page(<JoinPage ctx={reply.pageContext()} org={org} situation={situation} />);
  });

  app.post("/organisations/:id/join-requests", { schema: { params: OrgParams, hide: true } }, async (request, reply) => {
    const { id } = request.params as Params;
    const joinPath = `/organisations/${id}/join`;
    const actor = await actorOrSignIn(request, reply, joinPath);
    if (!actor) return reply;
    const org = await getOrganisation(app.db, id);
    if (!org) throw notFound();
    const form = parseForm(JoinRequestInput, request.body);
    if (!form.ok) {
      const situation: JoinSituation = { kind: "open", form: { locale: request.locale, ...form } };
      return reply.page(<JoinPage ctx={reply.pageContext()} org={org} situation={situation} />, 400);
    }
    try {
      await teams.requestToJoin(app.db, actor, id, form.value, context(request));
      reply.flash("success", tt(request)("joinSent"));
    } catch (error) {
      if (!(error instanceof TeamError)) throw error;
      if (error.code === "notFound") throw notFound();
      reply.flash(error.code === "duplicateRequest" || error.code === "alreadyMember" ? "info" : "error", teamErrorText(request.locale, error));
    }
    return reply.redirect(joinPath, 303);
  });

  app.post(
    "/organisations/:id/join-requests/:childId/withdraw",
    { schema: { params: OrgChildParams, hide: true } },
    async (request, reply) => {
      const { id, childId } = request.params as Params;
      const joinPath = `/organisations/${id}/join`;
      const actor = await actorOrSignIn(request, reply, joinPath);
      if (!actor) return reply;
      try {
        await teams.withdrawJoinRequest(app.db, actor, childId);
        reply.flash("success", tt(request)("joinWithdrawn"));
      } catch (error) {
        if (!(error instanceof TeamError)) throw error;
        if (error.code === "notFound") throw notFound();
        reply.flash("error", teamErrorText(request.locale, error));
      }
      return reply.redirect(joinPath, 303);
    },
  );

  // --- what leads do on the team page ----------------------------------------------------------

  for (const decision of ["approve", "decline"] as const) {
    app.post(
      `/organisations/:id/join-requests/:childId/${decision}`,
      { schema: { params: OrgChildParams, hide: true } },
      async (request, reply) => {
        const { id, childId } = request.params as Params;
        return teamAction(request, reply, id, async (actor) => {
          const result = await teams.decideJoinRequest(app.db, actor, childId, decision, context(request), id);
          return tt(request)(decision === "approve" ? "approved" : "declined", { name: result.requesterName });
        });
      },
    );
  }

  app.post("/organisations/:id/members/:childId/role", { schema: { params: OrgChildParams, hide: true } }, async (request, reply) => {
    const { id, childId } = request.params as Params;
    const form = parseForm(RoleInput, request.body);
    if (!form.ok) throw badRequest("Choose member or lead.");
    return teamAction(request, reply, id, async (actor) => {
      const changed = await teams.changeMemberRole(app.db, actor, childId, form.value.role, id);
      const { name } = await teams.getMembership(app.db, actor, changed.id);
      return tt(request)("roleChanged", { name, role: teamRoleLabel(request.locale, changed.role).toLowerCase() });
    });
  });

  app.get("/organisations/:id/members/:childId/remove", { schema: { params: OrgChildParams, hide: true } }, async (request, reply) => {
    const { id, childId } = request.params as Params;
    const actor = await actorOrSignIn(request, reply, request.url);
    if (!actor) return reply;
    try {
      const { org, name, membership } = await teams.getMembership(app.db, actor, childId);
      if (org.id !== id || !can(actor, "scope.manageTeam", org)) throw notFound();
      const t = tt(request);
      return reply.page(
        <ConfirmPage
          ctx={reply.pageContext()}
          org={org}
          title={t("confirmRemoveTitle", { name })}
          body={t("confirmRemoveBody", { name, team: org.name })}
          action={`/organisations/${org.id}/members/${membership.id}/remove`}
          confirmLabel={t("removeNamed", { name })}
        />,
      );
    } catch (error) {
      if (error instanceof TeamError) throw notFound();
      throw error;
    }
  });

  app.post("/organisations/:id/members/:childId/remove", { schema: { params: OrgChildParams, hide: true } }, async (request, reply) => {
    const { id, childId } = request.params as Params;
    return teamAction(request, reply, id, async (actor) => {
      const { name } = await teams.getMembership(app.db, actor, childId);
      await teams.removeMember(app.db, actor, childId, id);
      return tt(request)("removed", { name });
    });
  });

  app.post("/organisations/:id/invitations", { schema: { params: OrgParams, hide: true } }, async (request, reply) => {
    const { id } = request.params as Params;
    const actor = await actorOrSignIn(request, reply, teamPath(id));
    if (!actor) return reply;
    const form = parseForm(InvitationInput, request.body);
    if (!form.ok) return renderTeam(reply, actor, id, { locale: request.locale, ...form }, 400);
    try {
      await teams.inviteToTeam(app.db, actor, id, form.value, context(request));
    } catch (error) {
      if (!(error instanceof TeamError)) throw error;
      if (error.code === "notFound") throw notFound();
      const errors = { email: { message: teamErrorText(request.locale, error) } };
      const values = { email: form.value.email, role: form.value.role };
      return renderTeam(reply, actor, id, { locale: request.locale, errors, values }, error.code === "forbidden" ? 403 : error.code === "tooMany" ? 429 : 409);
    }
    reply.flash("success", tt(request)("invited", { email: form.value.email }));
    return reply.redirect(teamPath(id), 303);
  });

  app.post(
    "/organisations/:id/invitations/:childId/revoke",
    { schema: { params: OrgChildParams, hide: true } },
    async (request, reply) => {
      const { id, childId } = request.params as Params;
      return teamAction(request, reply, id, async (actor) => {
        const revoked = await teams.revokeInvitation(app.db, actor, childId, id);
        return tt(request)("revoked", { email: revoked.email });
      });
    },
  );

  // --- leaving ---------------------------------------------------------------------------------

  app.get("/organisations/:id/leave", { schema: { params: OrgParams, hide: true } }, async (request, reply) => {
    const { id } = request.params as Params;
    const actor = await actorOrSignIn(request, reply, request.url);
    if (!actor) return reply;
    const org = await getOrganisation(app.db, id);
    if (!org || !can(actor, "scope.leaveTeam", org)) throw notFound();
    const t = tt(request);
    return reply.page(
      <ConfirmPage
        ctx={reply.pageContext()}
        org={org}
        title={t("confirmLeaveTitle", { team: org.name })}
        body={t("confirmLeaveBody", { team: org.name })}
        action={`/organisations/${org.id}/leave`}
        confirmLabel={t("leaveButton")}
      />,
    );
  });

  app.post("/organisations/:id/leave", { schema: { params: OrgParams, hide: true } }, async (request, reply) => {
    const { id } = request.params as Params;
    const actor = await actorOrSignIn(request, reply, `/organisations/${id}/leave`);
    if (!actor) return reply;
    try {
      const { org } = await teams.leaveTeam(app.db, actor, id);
      reply.flash("success", tt(request)("left", { team: org.name }));
      return reply.redirect(`/organisations/${id}`, 303);
    } catch (error) {
      if (!(error instanceof TeamError)) throw error;
      if (error.code === "notFound") throw notFound();
      reply.flash("error", teamErrorText(request.locale, error));
      return reply.redirect(teamPath(id), 303);
    }
  });

  // --- invitations -----------------------------------------------------------------------------

  app.get("/invitations/:token", { schema: { params: TokenParams, hide: true } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const found = await teams.lookUpInvitation(app.db, token);
    const status = found.state === "open" ? 200 : found.state === "expired" ? 410 : 404;
    return reply.page(
      <InvitationPage
        ctx={reply.pageContext()}
        token={token}
        state={found.state}
        org={"org" in found ? found.org : undefined}
        role={"invitation" in found ? found.invitation?.role : undefined}
      />,
      status,
    );
  });

  app.post("/invitations/:token/accept", { schema: { params: TokenParams, hide: true } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const actor = await actorOrSignIn(request, reply, `/invitations/${token}`);
    if (!actor) return reply;
    try {
      const { org } = await teams.acceptInvitation(app.db, actor, token);
      reply.flash("success", tt(request)("accepted", { team: org.name }));
      return reply.redirect(teamPath(org.id), 303);
    } catch (error) {
      if (!(error instanceof TeamError)) throw error;
      const found = await teams.lookUpInvitation(app.db, token);
      return reply.page(
        <InvitationPage
          ctx={reply.pageContext()}
          token={token}
          state={found.state}
          org={"org" in found ? found.org : undefined}
          role={"invitation" in found ? found.invitation?.role : undefined}
          problem={teamErrorText(request.locale, error)}
        />,
        error.code === "invitationWrongEmail" ? 403 : found.state === "expired" ? 410 : 404,
      );
    }
  });
}
