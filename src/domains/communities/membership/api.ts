import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { conflict } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import { Ok, requireActor, tags } from "../api-shared";
import { communityBySlug, communityOf, readable } from "../route-params";
import {
  DecideRequestInput,
  InviteInput,
  JoinInput,
  SlugParams,
  TokenParams,
  WatchInput,
} from "../contracts";
import { acceptInvitation, inviteByEmail } from "./invitations";
import {
  decideJoinRequest,
  joinCommunity,
  leaveCommunity,
  pendingJoinRequests,
  setCommunityWatch,
} from "./service";

/** Joining and leaving, requests to join, invitations, and how much a member hears. */
export async function membershipApi(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const leads = { access: { action: "community.lead", load: readable(communityBySlug) } } as const;
  const ownMembership = {
    access: { action: "community.membership", load: readable(communityBySlug) },
  } as const;
  r.post(
    "/communities/:slug/join",
    {
      config: { access: { action: "community.join", load: readable(communityBySlug) } },
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
      return { outcome: await joinCommunity(app.db, actor, communityOf(request), request.body?.message) };
    },
  );

  r.post(
    "/communities/:slug/leave",
    {
      config: ownMembership,
      schema: {
        tags,
        summary: "Leave a community",
        params: SlugParams,
        response: { 200: Ok, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      await leaveCommunity(app.db, actor, communityOf(request));
      return { ok: true };
    },
  );

  r.get(
    "/communities/:slug/join-requests",
    {
      // To anyone but the leads the list does not exist.
      config: { access: { ...leads.access, refuse: 404 } },
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
      const items = await pendingJoinRequests(app.db, communityOf(request).community.id);
      return { items: items.map(({ createdAt: _c, ...r }) => r) };
    },
  );

  r.post(
    "/communities/:slug/join-requests/decisions",
    {
      config: leads,
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
      const body = request.body;
      await decideJoinRequest(
        app.db,
        actor,
        communityOf(request),
        body.requestId,
        body.decision === "approve",
      );
      return { ok: true };
    },
  );

  r.post(
    "/communities/:slug/invitations",
    {
      config: leads,
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
      await inviteByEmail(app.db, actor, communityOf(request), request.body, app.config.publicUrl);
      return reply.status(201).send({ ok: true });
    },
  );

  // The emailed token is the permission; accepting only ever adds the one who accepts.
  r.post(
    "/community-invitations/:token/acceptance",
    {
      config: { access: "signedIn" },
      schema: {
        tags,
        summary: "Accept an emailed invitation (the token from the link)",
        params: TokenParams,
        response: { 200: Type.Object({ slug: Type.String() }), ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const community = await acceptInvitation(app.db, actor, request.params.token);
      return { slug: community.slug };
    },
  );

  r.put(
    "/communities/:slug/watch",
    {
      config: ownMembership,
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
      const view = communityOf(request);
      if (!view.role) throw conflict("Join this community first.");
      await setCommunityWatch(app.db, view.community.id, actor.userId, request.body.watch);
      return { ok: true };
    },
  );
}
