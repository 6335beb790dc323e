import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { conflict, notFound } from "../../platform/http/problem";
import { problemResponses } from "../../platform/http/schemas";
import { can } from "../../platform/policy";
import { Ok, requireActor, tags } from "./api-shared";
import { communityInPath } from "./route-params";
import { DecideRequestInput, InviteInput, JoinInput, SlugParams, TokenParams, WatchInput } from "./contracts";
import { acceptInvitation, inviteByEmail } from "./invitations";
import {
  decideJoinRequest,
  joinCommunity,
  leaveCommunity,
  pendingJoinRequests,
  setCommunityWatch,
} from "./membership";

/** Joining and leaving, requests to join, invitations, and how much a member hears. */
export async function membershipApi(app: FastifyInstance) {
  app.post(
    "/communities/:slug/join",
    {
      schema: {
        tags,
        summary: "Join an open community or ask to join one by request",
        params: SlugParams,
        body: Type.Optional(JoinInput),
        response: { 200: Type.Object({ outcome: Type.String() }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const view = await communityInPath(app, request, actor);
      const body = (request.body ?? {}) as typeof JoinInput.static;
      return { outcome: await joinCommunity(app.db, actor, view, body.message) };
    },
  );

  app.post(
    "/communities/:slug/leave",
    {
      schema: {
        tags,
        summary: "Leave a community",
        params: SlugParams,
        response: { 200: Ok, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const view = await communityInPath(app, request, actor);
      await leaveCommunity(app.db, actor, view);
      return { ok: true };
    },
  );

  app.get(
    "/communities/:slug/join-requests",
    {
      schema: {
        tags,
        summary: "Pending requests to join (leads)",
        params: SlugParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                userId: Type.String(),
                name: Type.String(),
                stakeholderRole: Type.String(),
                message: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const view = await communityInPath(app, request, actor);
      if (!can(actor, "community.lead", view.resource)) throw notFound();
      const items = await pendingJoinRequests(app.db, view.community.id);
      return { items: items.map(({ createdAt: _c, ...r }) => r) };
    },
  );

  app.post(
    "/communities/:slug/join-requests/decisions",
    {
      schema: {
        tags,
        summary: "Approve or decline a request to join (leads)",
        params: SlugParams,
        body: DecideRequestInput,
        response: { 200: Ok, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const view = await communityInPath(app, request, actor);
      const body = request.body as typeof DecideRequestInput.static;
      await decideJoinRequest(app.db, actor, view, body.requestId, body.decision === "approve");
      return { ok: true };
    },
  );

  app.post(
    "/communities/:slug/invitations",
    {
      schema: {
        tags,
        summary: "Invite someone by email as member or lead (leads)",
        params: SlugParams,
        body: InviteInput,
        response: { 201: Ok, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const view = await communityInPath(app, request, actor);
      await inviteByEmail(
        app.db,
        actor,
        view,
        request.body as typeof InviteInput.static,
        app.config.publicUrl,
      );
      return reply.status(201).send({ ok: true });
    },
  );

  app.post(
    "/community-invitations/:token/acceptance",
    {
      schema: {
        tags,
        summary: "Accept an emailed invitation (the token from the link)",
        params: TokenParams,
        response: { 200: Type.Object({ slug: Type.String() }), ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const community = await acceptInvitation(app.db, actor, (request.params as { token: string }).token);
      return { slug: community.slug };
    },
  );

  app.put(
    "/communities/:slug/watch",
    {
      schema: {
        tags,
        summary: "How much to hear from a community: watching, normal or muted (members)",
        params: SlugParams,
        body: WatchInput,
        response: { 200: Ok, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const view = await communityInPath(app, request, actor);
      if (!view.role) throw conflict("Join this community first.");
      await setCommunityWatch(
        app.db,
        view.community.id,
        actor.userId,
        (request.body as typeof WatchInput.static).watch,
      );
      return { ok: true };
    },
  );
}
