import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { formFieldsOf, parseForm } from "../../platform/http/forms";
import { badRequest, notFound, unauthorized } from "../../platform/http/problem";
import { translator } from "../../platform/i18n";
import type { FormState } from "../../platform/ui/components";
import { type Actor, can, roleIn } from "../../platform/policy";
import { getOrganisation } from "../directory/service";
import { organisationIn, teamIn, teamOfInvitation, teamOfJoinRequest, teamOfMembership } from "./access";
import { declare, teamErrorText } from "./api";
import {
  ButtonForm,
  InvitationInput,
  JoinRequestInput,
  OrgChildParams,
  OrgParams,
  RoleInput,
} from "./api-schemas";
import { teamsCatalog } from "./messages";
import * as teams from "./service";
import { TeamError } from "./service";
import { ConfirmPage, InvitationPage, JoinPage, type JoinSituation } from "./views/pages";
import { teamRoleLabel } from "./views/shared";
import { TeamPage } from "./views/team-page";

const TokenParams = Type.Object({ token: Type.String({ pattern: "^[A-Za-z0-9_-]{16,100}$" }) });
const hidden = { hide: true };
// The forms as a browser posts them; each handler checks them with parseForm and the API's schema.
const JoinForm = formFieldsOf(JoinRequestInput);
const RoleForm = formFieldsOf(RoleInput);
const InvitationForm = formFieldsOf(InvitationInput);

const teamPath = (id: string) => `/organisations/${id}/team`;

/** The signed-in caller of a route whose declared rule already required one. */
async function signedInActor(request: FastifyRequest): Promise<Actor> {
  const actor = await request.actor();
  if (!actor) throw unauthorized();
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
  const actor = await signedInActor(request);
  try {
    reply.flash("success", await action(actor));
  } catch (error) {
    if (!(error instanceof TeamError)) throw error;
    if (error.code === "notFound") throw notFound();
    reply.flash("error", teamErrorText(request.locale, error));
  }
  return reply.redirect(teamPath(organisationId), 303);
}

export async function teamsPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
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

  app.get(
    "/organisations/:id/team",
    {
      config: declare({ action: "scope.readPrivate", load: teamIn("id"), refuse: 404 }),
      schema: { ...hidden, params: OrgParams },
    },
    async (request, reply) => renderTeam(reply, await signedInActor(request), request.params.id),
  );

  // --- asking to join -------------------------------------------------------------------------

  // Public: it tells a signed-out visitor to sign in, and everyone else where they stand.
  app.get(
    "/organisations/:id/join",
    { config: declare("public"), schema: { ...hidden, params: OrgParams } },
    async (request, reply) => {
      const { id } = request.params;
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
    },
  );

  app.post(
    "/organisations/:id/join-requests",
    {
      config: declare({ action: "scope.requestJoin", load: organisationIn("id") }),
      schema: { ...hidden, params: OrgParams, body: JoinForm },
    },
    async (request, reply) => {
      const { id } = request.params;
      const joinPath = `/organisations/${id}/join`;
      const actor = await signedInActor(request);
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
        reply.flash(
          error.code === "duplicateRequest" || error.code === "alreadyMember" ? "info" : "error",
          teamErrorText(request.locale, error),
        );
      }
      return reply.redirect(joinPath, 303);
    },
  );

  app.post(
    "/organisations/:id/join-requests/:childId/withdraw",
    // The requester's own row (anyone else's request, or one to another team, is not found).
    { config: declare("signedIn"), schema: { ...hidden, params: OrgChildParams, body: ButtonForm } },
    async (request, reply) => {
      const { id, childId } = request.params;
      const joinPath = `/organisations/${id}/join`;
      const actor = await signedInActor(request);
      try {
        await teams.withdrawJoinRequest(app.db, actor, childId, id);
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
      {
        config: declare({ action: "scope.manageTeam", load: teamOfJoinRequest("childId", "id") }),
        schema: { ...hidden, params: OrgChildParams, body: ButtonForm },
      },
      async (request, reply) => {
        const { id, childId } = request.params;
        return teamAction(request, reply, id, async (actor) => {
          const result = await teams.decideJoinRequest(
            app.db,
            actor,
            childId,
            decision,
            context(request),
            id,
          );
          return tt(request)(decision === "approve" ? "approved" : "declined", {
            name: result.requesterName,
          });
        });
      },
    );
  }

  app.post(
    "/organisations/:id/members/:childId/role",
    {
      config: declare({ action: "scope.manageTeam", load: teamOfMembership("childId", "id") }),
      schema: { ...hidden, params: OrgChildParams, body: RoleForm },
    },
    async (request, reply) => {
      const { id, childId } = request.params;
      const form = parseForm(RoleInput, request.body);
      if (!form.ok) throw badRequest("Choose member or lead.");
      return teamAction(request, reply, id, async (actor) => {
        const changed = await teams.changeMemberRole(app.db, actor, childId, form.value.role, id);
        const { name } = await teams.getMembership(app.db, actor, changed.id);
        return tt(request)("roleChanged", {
          name,
          role: teamRoleLabel(request.locale, changed.role).toLowerCase(),
        });
      });
    },
  );

  app.get(
    "/organisations/:id/members/:childId/remove",
    {
      config: declare({ action: "scope.manageTeam", load: teamOfMembership("childId", "id"), refuse: 404 }),
      schema: { ...hidden, params: OrgChildParams },
    },
    async (request, reply) => {
      const { id, childId } = request.params;
      const actor = await signedInActor(request);
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
    },
  );

  app.post(
    "/organisations/:id/members/:childId/remove",
    {
      config: declare({ action: "scope.manageTeam", load: teamOfMembership("childId", "id") }),
      schema: { ...hidden, params: OrgChildParams, body: ButtonForm },
    },
    async (request, reply) => {
      const { id, childId } = request.params;
      return teamAction(request, reply, id, async (actor) => {
        const { name } = await teams.getMembership(app.db, actor, childId);
        await teams.removeMember(app.db, actor, childId, id);
        return tt(request)("removed", { name });
      });
    },
  );

  app.post(
    "/organisations/:id/invitations",
    {
      config: declare({ action: "scope.manageTeam", load: teamIn("id") }),
      schema: { ...hidden, params: OrgParams, body: InvitationForm },
    },
    async (request, reply) => {
      const { id } = request.params;
      const actor = await signedInActor(request);
      const form = parseForm(InvitationInput, request.body);
      if (!form.ok) return renderTeam(reply, actor, id, { locale: request.locale, ...form }, 400);
      try {
        await teams.inviteToTeam(app.db, actor, id, form.value, context(request));
      } catch (error) {
        if (!(error instanceof TeamError)) throw error;
        if (error.code === "notFound") throw notFound();
        const errors = { email: { message: teamErrorText(request.locale, error) } };
        const values = { email: form.value.email, role: form.value.role };
        return renderTeam(
          reply,
          actor,
          id,
          { locale: request.locale, errors, values },
          error.code === "forbidden" ? 403 : error.code === "tooMany" ? 429 : 409,
        );
      }
      reply.flash("success", tt(request)("invited", { email: form.value.email }));
      return reply.redirect(teamPath(id), 303);
    },
  );

  app.post(
    "/organisations/:id/invitations/:childId/revoke",
    {
      config: declare({ action: "scope.manageTeam", load: teamOfInvitation("childId", "id") }),
      schema: { ...hidden, params: OrgChildParams, body: ButtonForm },
    },
    async (request, reply) => {
      const { id, childId } = request.params;
      return teamAction(request, reply, id, async (actor) => {
        const revoked = await teams.revokeInvitation(app.db, actor, childId, id);
        return tt(request)("revoked", { email: revoked.email });
      });
    },
  );

  // --- leaving ---------------------------------------------------------------------------------

  const leaving = declare({ action: "scope.leaveTeam", load: organisationIn("id"), refuse: 404 });

  app.get(
    "/organisations/:id/leave",
    { config: leaving, schema: { ...hidden, params: OrgParams } },
    async (request, reply) => {
      const { id } = request.params;
      const actor = await signedInActor(request);
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
    },
  );

  app.post(
    "/organisations/:id/leave",
    { config: leaving, schema: { ...hidden, params: OrgParams, body: ButtonForm } },
    async (request, reply) => {
      const { id } = request.params;
      const actor = await signedInActor(request);
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
    },
  );

  // --- invitations -----------------------------------------------------------------------------

  // Public: whoever holds the link sees what it is for, and is asked to sign in to accept it.
  app.get(
    "/invitations/:token",
    { config: declare("public"), schema: { ...hidden, params: TokenParams } },
    async (request, reply) => {
      const { token } = request.params;
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
    },
  );

  // The token is the key; the service checks it was sent to the caller's own address.
  app.post(
    "/invitations/:token/accept",
    { config: declare("signedIn"), schema: { ...hidden, params: TokenParams, body: ButtonForm } },
    async (request, reply) => {
      const { token } = request.params;
      const actor = await signedInActor(request);
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
    },
  );
}
