import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { conflict, notFound } from "../../platform/http/problem";
import { problemResponses } from "../../platform/http/schemas";
import { can } from "../../platform/policy";
import { type AgendaItemView, createAgendaItem, listAgenda, updateAgendaItem } from "./agenda";
import {
  AgendaFilterQuery,
  AgendaInput,
  AgendaParams,
  HandleParams,
  MeetingInput,
  MeetingParams,
  ProfileInput,
  RsvpInput,
  CommunityDetail,
  DecideRequestInput,
  InviteInput,
  TokenParams,
  WatchInput,
  CommunityFilterQuery,
  CommunityList,
  JoinInput,
  NewCommunityInput,
  SlugParams,
} from "./contracts";
import { type Meeting, requireMeeting, scheduleMeeting, setRsvp, upcomingMeetings } from "./meetings";
import { profileByHandle, reach, updateProfile } from "./people";
import { Ok, requireActor, tags } from "./api-shared";
import { discussionsApi } from "./api-discussions";
import {
  type CommunityListItem,
  acceptInvitation,
  createCommunity,
  decideJoinRequest,
  inviteByEmail,
  joinCommunity,
  leadsOf,
  leaveCommunity,
  listCommunities,
  memberCountsByStakeholder,
  pendingJoinRequests,
  requireVisibleCommunity,
  setCommunityWatch,
} from "./service";

const presentCommunity = (c: CommunityListItem) => ({
  id: c.id,
  slug: c.slug,
  kind: c.kind,
  level: c.level,
  stateCode: c.stateCode,
  name: { en: c.nameEn, es: c.nameEs },
  purpose: { en: c.purposeEn, es: c.purposeEs },
  visibility: c.visibility,
  joinPolicy: c.joinPolicy,
  topics: c.topics,
  memberCount: c.memberCount,
  viewerRole: c.viewerRole,
});

const AgendaItemResponse = Type.Object({
  id: Type.String(),
  communitySlug: Type.String(),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  priority: Type.String(),
  status: Type.String(),
  ownerName: Type.Union([Type.String(), Type.Null()]),
  linkedTopics: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
});
const presentAgendaItem = (i: AgendaItemView) => ({
  id: i.id,
  communitySlug: i.communitySlug,
  title: i.title,
  description: i.description,
  priority: i.priority,
  status: i.status,
  ownerName: i.ownerName,
  linkedTopics: i.linkedTopics ?? [],
});
const MeetingResponse = Type.Object({
  id: Type.String(),
  title: Type.String(),
  startsAt: Type.String({ format: "date-time" }),
  timeZone: Type.String(),
  durationMinutes: Type.Integer(),
  onlineUrl: Type.Union([Type.String(), Type.Null()]),
  place: Type.Union([Type.String(), Type.Null()]),
  agenda: Type.Union([Type.String(), Type.Null()]),
});
const presentMeeting = (m: Meeting) => ({
  id: m.id,
  title: m.title,
  startsAt: m.startsAt.toISOString(),
  timeZone: m.timeZone,
  durationMinutes: m.durationMinutes,
  onlineUrl: m.onlineUrl,
  place: m.place,
  agenda: m.agenda,
});
const ReachResponse = Type.Object({
  total: Type.Integer(),
  byStakeholder: Type.Array(Type.Object({ key: Type.String(), n: Type.Integer() })),
  byState: Type.Array(Type.Object({ key: Type.Union([Type.String(), Type.Null()]), n: Type.Integer() })),
});

export async function communitiesApi(app: FastifyInstance) {
  app.get(
    "/agenda",
    {
      schema: {
        tags,
        summary: "The shared agenda across the national practice groups",
        querystring: AgendaFilterQuery,
        response: { 200: Type.Object({ items: Type.Array(AgendaItemResponse) }), ...problemResponses(400) },
      },
    },
    async (request) => {
      const items = await listAgenda(app.db, await request.actor(), {
        ...(request.query as typeof AgendaFilterQuery.static),
        practiceGroupsOnly: true,
      });
      return { items: items.map(presentAgendaItem) };
    },
  );

  app.get(
    "/communities/:slug/agenda",
    {
      schema: {
        tags,
        summary: "A community's agenda items",
        params: SlugParams,
        response: { 200: Type.Object({ items: Type.Array(AgendaItemResponse) }), ...problemResponses(404) },
      },
    },
    async (request) => {
      const actor = await request.actor();
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
      return {
        items: (await listAgenda(app.db, actor, { community: view.community.slug })).map(presentAgendaItem),
      };
    },
  );

  app.post(
    "/communities/:slug/agenda",
    {
      schema: {
        tags,
        summary: "Add an agenda item (leads)",
        params: SlugParams,
        body: AgendaInput,
        response: { 201: Type.Object({ id: Type.String() }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
      const item = await createAgendaItem(app.db, actor, view, request.body as typeof AgendaInput.static);
      return reply.status(201).send({ id: item.id });
    },
  );

  app.put(
    "/communities/:slug/agenda/:itemId",
    {
      schema: {
        tags,
        summary: "Change an agenda item (leads)",
        params: AgendaParams,
        body: AgendaInput,
        response: { 200: Ok, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const params = request.params as { slug: string; itemId: string };
      const view = await requireVisibleCommunity(app.db, params.slug, actor);
      await updateAgendaItem(app.db, actor, view, params.itemId, request.body as typeof AgendaInput.static);
      return { ok: true };
    },
  );

  app.get(
    "/communities/:slug/meetings",
    {
      schema: {
        tags,
        summary: "Upcoming meetings of a community",
        params: SlugParams,
        response: { 200: Type.Object({ items: Type.Array(MeetingResponse) }), ...problemResponses(404) },
      },
    },
    async (request) => {
      const view = await requireVisibleCommunity(
        app.db,
        (request.params as { slug: string }).slug,
        await request.actor(),
      );
      return { items: (await upcomingMeetings(app.db, view.community.id, 100)).map(presentMeeting) };
    },
  );

  app.post(
    "/communities/:slug/meetings",
    {
      schema: {
        tags,
        summary: "Schedule a meeting (leads); local time in an IANA time zone",
        params: SlugParams,
        body: MeetingInput,
        response: { 201: MeetingResponse, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
      const meeting = await scheduleMeeting(app.db, actor, view, request.body as typeof MeetingInput.static);
      return reply.status(201).send(presentMeeting(meeting));
    },
  );

  app.put(
    "/communities/:slug/meetings/:meetingId/rsvp",
    {
      schema: {
        tags,
        summary: "Answer a meeting invitation (members)",
        params: MeetingParams,
        body: RsvpInput,
        response: { 200: Ok, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const params = request.params as { slug: string; meetingId: string };
      const view = await requireVisibleCommunity(app.db, params.slug, actor);
      const meeting = await requireMeeting(app.db, view, params.meetingId);
      await setRsvp(app.db, actor, view, meeting, (request.body as typeof RsvpInput.static).response);
      return { ok: true };
    },
  );

  app.get(
    "/people/:handle",
    {
      schema: {
        tags,
        summary: "A member's profile, within their privacy settings",
        params: HandleParams,
        response: {
          200: Type.Object({
            handle: Type.String(),
            name: Type.String(),
            stakeholderRole: Type.String(),
            email: Type.Union([Type.String(), Type.Null()]),
            stateCode: Type.Union([Type.String(), Type.Null()]),
            organisation: Type.Union([Type.String(), Type.Null()]),
            bio: Type.Union([Type.String(), Type.Null()]),
            communities: Type.Union([
              Type.Array(Type.Object({ slug: Type.String(), role: Type.String() })),
              Type.Null(),
            ]),
          }),
          ...problemResponses(404),
        },
      },
    },
    async (request) => {
      const profile = await profileByHandle(
        app.db,
        (request.params as { handle: string }).handle,
        await request.actor(),
      );
      if (!profile) throw notFound();
      const { userId: _id, isSelf: _self, ...shown } = profile;
      return shown;
    },
  );

  app.put(
    "/people/me",
    {
      schema: {
        tags,
        summary: "Change your own profile and privacy settings",
        body: ProfileInput,
        response: { 200: Ok, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      await updateProfile(app.db, actor.userId, request.body as typeof ProfileInput.static);
      return { ok: true };
    },
  );

  app.get(
    "/communities/reach",
    {
      schema: {
        tags,
        summary: "People reached across every community the caller may see, by stakeholder type and state",
        response: { 200: ReachResponse },
      },
    },
    async (request) => reach(app.db, await request.actor()),
  );

  app.get(
    "/communities/:slug/reach",
    {
      schema: {
        tags,
        summary: "People reached by one community, by stakeholder type and state",
        params: SlugParams,
        response: { 200: ReachResponse, ...problemResponses(404) },
      },
    },
    async (request) => {
      const actor = await request.actor();
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
      return reach(app.db, actor, view.community.id);
    },
  );

  app.get(
    "/communities",
    {
      schema: {
        tags,
        summary: "Communities the caller may see, with filters",
        querystring: CommunityFilterQuery,
        response: { 200: CommunityList, ...problemResponses(400) },
      },
    },
    async (request) => {
      const query = request.query as typeof CommunityFilterQuery.static;
      const page = query.page ?? 1;
      const { items, total } = await listCommunities(app.db, await request.actor(), query, page, 50);
      return { items: items.map(presentCommunity), total, page };
    },
  );

  app.post(
    "/communities",
    {
      schema: {
        tags,
        summary: "Create a community (national admins)",
        body: NewCommunityInput,
        response: {
          201: Type.Object({ id: Type.String(), slug: Type.String() }),
          ...problemResponses(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const row = await createCommunity(app.db, actor, request.body as typeof NewCommunityInput.static);
      return reply.status(201).send({ id: row.id, slug: row.slug });
    },
  );

  app.get(
    "/communities/:slug",
    {
      schema: {
        tags,
        summary: "One community: purpose, leads, members by stakeholder type",
        params: SlugParams,
        response: { 200: CommunityDetail, ...problemResponses(404) },
      },
    },
    async (request) => {
      const actor = await request.actor();
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
      const [leads, counts] = await Promise.all([
        leadsOf(app.db, view.community.id),
        memberCountsByStakeholder(app.db, view.community.id),
      ]);
      const c = view.community;
      return {
        ...presentCommunity({
          ...c,
          memberCount: counts.reduce((s, r) => s + r.n, 0),
          viewerRole: view.role,
        }),
        leads,
        membersByStakeholder: counts,
      };
    },
  );

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
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
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
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
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
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
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
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
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
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
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
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
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

  await discussionsApi(app);
}
