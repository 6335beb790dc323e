import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { problemResponses } from "../../platform/http/schemas";
import { Ok, requireActor, tags } from "./api-shared";
import { communityInPath } from "./route-params";
import { MeetingInput, MeetingParams, RsvpInput, SlugParams } from "./contracts";
import { type Meeting, requireMeeting, scheduleMeeting, setRsvp, upcomingMeetings } from "./meetings";
import { requireVisibleCommunity } from "./service";

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

/** A community's meetings and the members' answers to them. */
export async function meetingsApi(app: FastifyInstance) {
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
      const view = await communityInPath(app, request, await request.actor());
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
      const view = await communityInPath(app, request, actor);
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
}
