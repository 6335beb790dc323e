import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { problemResponses } from "../../../platform/http/schemas";
import { Ok, requireActor, tags } from "../api-shared";
import { MeetingInput, MeetingParams, RsvpInput, SlugParams } from "../contracts";
import { type Meeting, scheduleMeeting, setRsvp, upcomingMeetings } from "./service";
import { communityBySlug, communityOf, meetingById, meetingOf, readable } from "../route-params";

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
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    "/communities/:slug/meetings",
    {
      config: { access: { action: "community.read", load: communityBySlug, refuse: 404 } },
      schema: {
        tags,
        summary: "Upcoming meetings of a community",
        params: SlugParams,
        response: { 200: Type.Object({ items: Type.Array(MeetingResponse) }), ...problemResponses(404) },
      },
    },
    async (request) => {
      const view = communityOf(request);
      return { items: (await upcomingMeetings(app.db, view.community.id, 100)).map(presentMeeting) };
    },
  );

  r.post(
    "/communities/:slug/meetings",
    {
      config: { access: { action: "community.lead", load: readable(communityBySlug) } },
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
      const meeting = await scheduleMeeting(app.db, actor, communityOf(request), request.body);
      return reply.status(201).send(presentMeeting(meeting));
    },
  );

  r.put(
    "/communities/:slug/meetings/:meetingId/rsvp",
    {
      config: { access: { action: "community.post", load: readable(meetingById) } },
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
      const { meeting, view } = meetingOf(request);
      await setRsvp(app.db, actor, view, meeting, request.body.response);
      return { ok: true };
    },
  );
}
