import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Access } from "../../platform/http/access";
import { HttpProblem, unauthorized } from "../../platform/http/problem";
import { IdParams, problemResponses } from "../../platform/http/schemas";
import { translator } from "../../platform/i18n";
import type { Actor } from "../../platform/policy";
import { organisationIn, teamIn, teamOfInvitation, teamOfJoinRequest, teamOfMembership } from "./access";
import {
  AcceptInvitationInput,
  InvitationInput,
  InvitationSchema,
  JoinRequestInput,
  JoinRequestSchema,
  listOf,
  MemberSchema,
  MembershipSchema,
  PendingRequestSchema,
  RoleInput,
} from "./api-schemas";
import { teamsCatalog } from "./messages";
import type { InvitationRow, JoinRequestRow, MembershipRow } from "./repo";
import * as teams from "./service";
import { TeamError, type TeamErrorCode } from "./service";

const tags = ["teams"];

const STATUS: Record<TeamErrorCode, [number, string]> = {
  notFound: [404, "Not Found"],
  forbidden: [403, "Forbidden"],
  unverified: [403, "Forbidden"],
  alreadyMember: [409, "Conflict"],
  inviteeAlreadyMember: [409, "Conflict"],
  duplicateRequest: [409, "Conflict"],
  lastLead: [409, "Conflict"],
  notPending: [409, "Conflict"],
  invitationInvalid: [404, "Not Found"],
  invitationExpired: [410, "Gone"],
  invitationWrongEmail: [403, "Forbidden"],
  tooMany: [429, "Too Many Requests"],
};

const MESSAGE: Record<TeamErrorCode, keyof typeof teamsCatalog.en> = {
  notFound: "errNotFound",
  forbidden: "errForbidden",
  unverified: "errUnverified",
  alreadyMember: "errAlreadyMember",
  inviteeAlreadyMember: "errInviteeAlreadyMember",
  duplicateRequest: "errDuplicateRequest",
  lastLead: "errLastLead",
  notPending: "errNotPending",
  invitationInvalid: "errInvitationInvalid",
  invitationExpired: "invitationExpired",
  invitationWrongEmail: "invitationWrongEmail",
  tooMany: "errTooMany",
};

/** The sentence a person reads when a team operation is refused, in their language. */
export function teamErrorText(locale: "en" | "es", error: TeamError): string {
  return translator(teamsCatalog, locale)(MESSAGE[error.code], error.detail);
}

/** The access a route declares; see ./access for what each loader finds. */
export const declare = (access: Access) => ({ access });

/** Run the operation as the signed-in caller; refusals become problem details. */
async function asActor<T>(request: FastifyRequest, operation: (actor: Actor) => Promise<T>): Promise<T> {
  const actor = await request.actor();
  if (!actor) throw unauthorized();
  try {
    return await operation(actor);
  } catch (error) {
    if (!(error instanceof TeamError)) throw error;
    const [status, title] = STATUS[error.code];
    throw new HttpProblem(status, title, teamErrorText(request.locale, error), { code: error.code });
  }
}

const iso = (d: Date) => d.toISOString();
const presentRequest = (r: Omit<JoinRequestRow, "decidedBy" | "decidedAt">) => ({
  id: r.id,
  organisationId: r.organisationId,
  userId: r.userId,
  message: r.message,
  status: r.status,
  createdAt: iso(r.createdAt),
});
const presentMembership = (m: MembershipRow) => ({
  id: m.id,
  userId: m.userId,
  organisationId: m.organisationId,
  role: m.role,
  createdAt: iso(m.createdAt),
});
const presentInvitation = (i: InvitationRow) => ({
  id: i.id,
  organisationId: i.organisationId,
  email: i.email,
  role: i.role,
  status: i.status,
  expiresAt: iso(i.expiresAt),
  createdAt: iso(i.createdAt),
});

const Done = Type.Null({ description: "Done; no content" });

export async function teamsApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const context = (request: FastifyRequest) => ({ publicUrl: app.config.publicUrl, locale: request.locale });

  app.post(
    "/organisations/:id/join-requests",
    {
      config: declare({ action: "scope.requestJoin", load: organisationIn("id") }),
      schema: {
        tags,
        summary: "Ask to join an organisation's team",
        description: "Needs a signed-in account with a confirmed email. The team's leads are emailed.",
        params: IdParams,
        body: JoinRequestInput,
        response: { 201: JoinRequestSchema, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const created = await asActor(request, (actor) =>
        teams.requestToJoin(app.db, actor, id, request.body, context(request)),
      );
      return reply.status(201).send(presentRequest(created));
    },
  );

  app.get(
    "/organisations/:id/join-requests",
    {
      config: declare({ action: "scope.manageTeam", load: teamIn("id") }),
      schema: {
        tags,
        summary: "Pending requests to join a team (team leads)",
        params: IdParams,
        response: { 200: listOf(PendingRequestSchema), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const rows = await asActor(request, (actor) => teams.listJoinRequests(app.db, actor, id));
      return {
        items: rows.map((r) => ({
          ...presentRequest(r),
          name: r.name,
          email: r.email,
          stakeholderRole: r.stakeholderRole,
        })),
      };
    },
  );

  for (const decision of ["approve", "decline"] as const) {
    app.post(
      `/join-requests/:id/${decision}`,
      {
        config: declare({ action: "scope.manageTeam", load: teamOfJoinRequest("id") }),
        schema: {
          tags,
          summary:
            decision === "approve" ? "Approve a request: the person joins as a member" : "Decline a request",
          params: IdParams,
          response: {
            200: Type.Object({
              request: JoinRequestSchema,
              membership: Type.Union([MembershipSchema, Type.Null()]),
            }),
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => {
        const { id } = request.params;
        const result = await asActor(request, (actor) =>
          teams.decideJoinRequest(app.db, actor, id, decision, context(request)),
        );
        return {
          request: presentRequest(result.request),
          membership: result.membership ? presentMembership(result.membership) : null,
        };
      },
    );
  }

  app.delete(
    "/join-requests/:id",
    {
      // The requester's own row: anyone else's request does not exist for them (404).
      config: declare("signedIn"),
      schema: {
        tags,
        summary: "Withdraw your own pending request",
        params: IdParams,
        response: { 204: Done, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await asActor(request, (actor) => teams.withdrawJoinRequest(app.db, actor, id));
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/organisations/:id/members",
    {
      config: declare({ action: "scope.readPrivate", load: teamIn("id"), refuse: 404 }),
      schema: {
        tags,
        summary: "Members of a team",
        description: "For the team itself and the levels above it; anyone else gets 404.",
        params: IdParams,
        response: { 200: listOf(MemberSchema), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { members } = await asActor(request, (actor) => teams.listMembers(app.db, actor, id));
      return { items: members.map((m) => ({ ...m, joinedAt: iso(m.joinedAt) })) };
    },
  );

  app.patch(
    "/memberships/:id",
    {
      config: declare({ action: "scope.manageTeam", load: teamOfMembership("id") }),
      schema: {
        tags,
        summary: "Change a member's role (team leads)",
        description:
          "A team keeps at least one lead: demoting the last lead is refused with 409, except for admins.",
        params: IdParams,
        body: RoleInput,
        response: { 200: MembershipSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { role } = request.body;
      const changed = await asActor(request, (actor) => teams.changeMemberRole(app.db, actor, id, role));
      return presentMembership(changed);
    },
  );

  app.delete(
    "/memberships/:id",
    {
      config: declare({ action: "scope.removeMember", load: teamOfMembership("id") }),
      schema: {
        tags,
        summary: "Remove a member (team leads), or leave (your own membership)",
        params: IdParams,
        response: { 204: Done, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await asActor(request, (actor) => teams.removeMember(app.db, actor, id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/organisations/:id/leave",
    {
      config: declare({ action: "scope.leaveTeam", load: organisationIn("id"), refuse: 404 }),
      schema: {
        tags,
        summary: "Leave a team",
        params: IdParams,
        response: { 204: Done, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await asActor(request, (actor) => teams.leaveTeam(app.db, actor, id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/organisations/:id/invitations",
    {
      config: declare({ action: "scope.manageTeam", load: teamIn("id") }),
      schema: {
        tags,
        summary: "Invite someone to a team by email (team leads)",
        description:
          "The link is emailed, valid for 14 days; only its hash is stored. A new invitation replaces an open one.",
        params: IdParams,
        body: InvitationInput,
        response: { 201: InvitationSchema, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const invitation = await asActor(request, (actor) =>
        teams.inviteToTeam(app.db, actor, id, request.body, context(request)),
      );
      return reply.status(201).send(presentInvitation(invitation));
    },
  );

  app.get(
    "/organisations/:id/invitations",
    {
      config: declare({ action: "scope.manageTeam", load: teamIn("id") }),
      schema: {
        tags,
        summary: "Open invitations of a team (team leads)",
        params: IdParams,
        response: { 200: listOf(InvitationSchema), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const rows = await asActor(request, (actor) => teams.listInvitations(app.db, actor, id));
      return { items: rows.map(presentInvitation) };
    },
  );

  app.delete(
    "/invitations/:id",
    {
      config: declare({ action: "scope.manageTeam", load: teamOfInvitation("id") }),
      schema: {
        tags,
        summary: "Revoke an open invitation (team leads)",
        params: IdParams,
        response: { 204: Done, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await asActor(request, (actor) => teams.revokeInvitation(app.db, actor, id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/invitations/accept",
    {
      // The token is the key; the service checks that it was sent to the caller's own address.
      config: declare("signedIn"),
      schema: {
        tags,
        summary: "Accept an invitation",
        description: "The signed-in account's email must be the invited address (case does not matter).",
        body: AcceptInvitationInput,
        response: { 200: MembershipSchema, ...problemResponses(400, 401, 403, 404, 410) },
      },
    },
    async (request) => {
      const { token } = request.body;
      const { membership } = await asActor(request, (actor) => teams.acceptInvitation(app.db, actor, token));
      return presentMembership(membership);
    },
  );
}
