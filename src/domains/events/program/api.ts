import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Access } from "../../../platform/http/access";
import { badRequest, notFound } from "../../../platform/http/problem";
import { problemResponses, StringEnum } from "../../../platform/http/schemas";
import { can } from "../../../platform/policy";
import {
  loadedEvent,
  loadedRoom,
  loadedSession,
  type ProgramEvent,
  programEventInPath,
  roomInPath,
  sessionOfEventInPath,
} from "./access";
import type { Conflict } from "./conflicts";
import {
  EventSlugParams,
  ProgramFilterQuery,
  RoomFields,
  RoomParams,
  SessionFields,
  SessionParams,
} from "./fields";
import { tr } from "./messages";
import { programRows } from "./model";
import {
  addToAgenda,
  agendaSessionIds,
  conflictsOf,
  createAgendaFeed,
  createRoom,
  createSession,
  creditHoursOf,
  deleteRoom,
  deleteSession,
  type ProgramSession,
  removeFromAgenda,
  revokeAgendaFeed,
  type RoomRow,
  SessionCheckError,
  sessionOfInput,
  setProgramPublished,
  updateRoom,
  updateSession,
} from "./service";
import { SESSION_FORMATS, SESSION_MODES } from "./schema";
import { filterSessions } from "./views/program";
import { agendaPath } from "./views/paths";

const tags = ["events: program"];
const readProgram: Access = { action: "event.read", load: programEventInPath, refuse: 404 };
const readSession: Access = { action: "event.read", load: sessionOfEventInPath, refuse: 404 };
const organise: Access = { action: "event.organise", load: programEventInPath, refuse: 404 };
const organiseSession: Access = { action: "event.organise", load: sessionOfEventInPath, refuse: 404 };
const organiseRoom: Access = { action: "event.organise", load: roomInPath, refuse: 404 };
const attend: Access = { action: "event.attend", load: programEventInPath };
const attendSession: Access = { action: "event.attend", load: sessionOfEventInPath };

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const SessionResponse = Type.Object({
  id: Type.String(),
  title: Type.String(),
  abstract: Type.String(),
  learningObjectives: Type.Array(Type.String()),
  format: StringEnum(SESSION_FORMATS),
  mode: StringEnum(SESSION_MODES),
  language: Type.String(),
  trackId: Nullable(Type.String()),
  roomId: Nullable(Type.String()),
  startsAt: Nullable(Type.String({ description: "UTC instant" })),
  endsAt: Nullable(Type.String({ description: "UTC instant" })),
  capacity: Nullable(Type.Integer()),
  countsForCredit: Type.Boolean(),
  creditHours: Type.Number({ description: "CE hours it carries (0 when it does not count)" }),
  presenters: Type.Array(Type.Object({ name: Type.String(), organisation: Type.String() })),
  attendanceCode: Type.Optional(Type.String({ description: "Online sessions; organisers only" })),
});
const RoomResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  capacity: Nullable(Type.Integer()),
});
const ProgramResponse = Type.Object({
  event: Type.Object({
    slug: Type.String(),
    timeZone: Type.String(),
    startsOn: Type.String(),
    endsOn: Type.String(),
  }),
  published: Type.Boolean(),
  rooms: Type.Array(RoomResponse),
  sessions: Type.Array(SessionResponse),
});
const ConflictResponse = Type.Object({
  kind: Type.String(),
  sessionIds: Type.Array(Type.String()),
  text: Type.String(),
});
const ScheduleResponse = Type.Object({
  publishedAt: Nullable(Type.String()),
  rooms: Type.Array(RoomResponse),
  sessions: Type.Array(SessionResponse),
  conflicts: Type.Array(ConflictResponse),
});
const AgendaResponse = Type.Object({ sessions: Type.Array(SessionResponse) });

function presentSession(s: ProgramSession, withCode: boolean): Static<typeof SessionResponse> {
  return {
    id: s.id,
    title: s.title,
    abstract: s.abstract,
    learningObjectives: s.learningObjectives
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
    format: s.format,
    mode: s.mode,
    language: s.language,
    trackId: s.trackId,
    roomId: s.roomId,
    startsAt: s.startsAt?.toISOString() ?? null,
    endsAt: s.endsAt?.toISOString() ?? null,
    capacity: s.capacity,
    countsForCredit: s.countsForCredit,
    creditHours: creditHoursOf(s),
    presenters: s.presenters.map((p) => ({ name: p.name, organisation: p.organisation })),
    ...(withCode && s.attendanceCode ? { attendanceCode: s.attendanceCode } : {}),
  };
}
const presentRoom = (r: RoomRow) => ({ id: r.id, name: r.name, capacity: r.capacity });

function conflictText(c: Conflict): string {
  const t = tr("en");
  return t(`conflict_${c.kind}`, {
    presenter: "presenter" in c ? c.presenter : "",
    room: "",
    a: "sessionIds" in c ? c.sessionIds[0] : c.sessionId,
    b: "sessionIds" in c ? c.sessionIds[1] : "",
    capacity: "capacity" in c ? c.capacity : "",
    roomCapacity: "roomCapacity" in c ? c.roomCapacity : "",
  });
}

/** The program under /api/v1/events/:eventSlug/… (published program, schedule, agenda). */
export async function programApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  const mayOrganise = async (request: FastifyRequest, event: ProgramEvent) => {
    const actor = await request.actor();
    return !!actor && can(actor, "event.organise", event.resource);
  };
  /** The program, or 404 while it is unpublished for someone who does not organise the event. */
  const visibleProgram = async (request: FastifyRequest, event: ProgramEvent) => {
    const rows = await programRows(request, event.id);
    if (!rows.publishedAt && !(await mayOrganise(request, event))) throw notFound();
    return rows;
  };
  const checked = async <T>(save: () => Promise<T>): Promise<T> => {
    try {
      return await save();
    } catch (error) {
      if (!(error instanceof SessionCheckError)) throw error;
      const t = tr("en");
      const errors = Object.entries(error.problems).map(([field, key]) => ({
        pointer: `/${field}`,
        detail: t(key!),
      }));
      throw badRequest(errors.map((e) => e.detail).join(" "), errors);
    }
  };

  app.get(
    "/events/:eventSlug/program",
    {
      config: { access: readProgram },
      schema: {
        tags,
        summary:
          "An event's published program (organisers also see it before), filtered by day, track, format, mode or language",
        params: EventSlugParams,
        querystring: ProgramFilterQuery,
        response: { 200: ProgramResponse, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const event = loadedEvent(request);
      const rows = await visibleProgram(request, event);
      const model = {
        event,
        sessions: rows.sessions,
        rooms: rows.rooms,
        published: !!rows.publishedAt,
        mayOrganise: false,
        agenda: null,
      };
      return {
        event: { slug: event.slug, timeZone: event.timeZone, startsOn: event.startsOn, endsOn: event.endsOn },
        published: !!rows.publishedAt,
        rooms: rows.rooms.map(presentRoom),
        sessions: filterSessions(model, request.query).map((s) => presentSession(s, false)),
      };
    },
  );

  app.get(
    "/events/:eventSlug/program/sessions/:sessionId",
    {
      config: { access: readSession },
      schema: {
        tags,
        summary: "One session of the program",
        params: SessionParams,
        response: { 200: SessionResponse, ...problemResponses(404) },
      },
    },
    async (request) => {
      const event = loadedEvent(request);
      await visibleProgram(request, event);
      const session = loadedSession(request);
      const actor = await request.actor();
      const presents = !!actor && session.presenters.some((p) => p.userId === actor.userId);
      return presentSession(session, presents || (await mayOrganise(request, event)));
    },
  );

  app.get(
    "/events/:eventSlug/program/schedule",
    {
      config: { access: organise },
      schema: {
        tags,
        summary: "The organisers' schedule: every session (attendance codes included), rooms and conflicts",
        params: EventSlugParams,
        response: { 200: ScheduleResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const event = loadedEvent(request);
      const rows = await programRows(request, event.id);
      return {
        publishedAt: rows.publishedAt?.toISOString() ?? null,
        rooms: rows.rooms.map(presentRoom),
        sessions: rows.sessions.map((s) => presentSession(s, true)),
        conflicts: conflictsOf(event, rows.sessions, rows.rooms).map((c) => ({
          kind: c.kind,
          sessionIds: "sessionIds" in c ? [...c.sessionIds] : [c.sessionId],
          text: conflictText(c),
        })),
      };
    },
  );

  app.put(
    "/events/:eventSlug/program/publication",
    {
      config: { access: organise },
      schema: {
        tags,
        summary: "Publish or unpublish the program (audited)",
        params: EventSlugParams,
        body: Type.Object({ published: Type.Boolean() }),
        response: { 204: Type.Null(), ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await setProgramPublished(app.db, request.viewer!.id, loadedEvent(request).id, request.body.published);
      return reply.status(204).send(null);
    },
  );

  // Rooms
  app.post(
    "/events/:eventSlug/program/rooms",
    {
      config: { access: organise },
      schema: {
        tags,
        summary: "Add a room",
        params: EventSlugParams,
        body: RoomFields,
        response: { 201: RoomResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const room = await createRoom(app.db, request.viewer!.id, loadedEvent(request).id, request.body);
      return reply.status(201).send(presentRoom(room));
    },
  );
  app.put(
    "/events/:eventSlug/program/rooms/:roomId",
    {
      config: { access: organiseRoom },
      schema: {
        tags,
        summary: "Rename a room or change its seats",
        params: RoomParams,
        body: RoomFields,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await updateRoom(app.db, request.viewer!.id, loadedRoom(request), request.body);
      return reply.status(204).send(null);
    },
  );
  app.delete(
    "/events/:eventSlug/program/rooms/:roomId",
    {
      config: { access: organiseRoom },
      schema: {
        tags,
        summary: "Remove a room (its sessions stay, unplaced)",
        params: RoomParams,
        response: { 204: Type.Null(), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      await deleteRoom(app.db, request.viewer!.id, loadedRoom(request));
      return reply.status(204).send(null);
    },
  );

  // Sessions
  const SavedSession = Type.Object({ session: SessionResponse, conflicts: Type.Array(ConflictResponse) });
  const savedWithConflicts = async (request: FastifyRequest, event: ProgramEvent, saved: ProgramSession) => {
    const rows = await programRows(request, event.id);
    const conflicts = conflictsOf(event, rows.sessions, rows.rooms).filter((c) =>
      ("sessionIds" in c ? c.sessionIds : [c.sessionId]).includes(saved.id),
    );
    return {
      session: presentSession(saved, true),
      conflicts: conflicts.map((c) => ({
        kind: c.kind,
        sessionIds: "sessionIds" in c ? [...c.sessionIds] : [c.sessionId],
        text: conflictText(c),
      })),
    };
  };
  app.post(
    "/events/:eventSlug/program/sessions",
    {
      config: { access: organise },
      schema: {
        tags,
        summary:
          "Add a session; saved even when it conflicts, with the conflicts it is part of in the answer (audited)",
        params: EventSlugParams,
        body: SessionFields,
        response: { 201: SavedSession, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const event = loadedEvent(request);
      const saved = await checked(async () =>
        createSession(app.db, request.viewer!.id, await sessionOfInput(app.db, event, request.body)),
      );
      return reply.status(201).send(await savedWithConflicts(request, event, saved));
    },
  );
  app.put(
    "/events/:eventSlug/program/sessions/:sessionId",
    {
      config: { access: organiseSession },
      schema: {
        tags,
        summary: "Replace a session's fields (audited); the answer names the conflicts it is part of",
        params: SessionParams,
        body: SessionFields,
        response: { 200: SavedSession, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const event = loadedEvent(request);
      const before = loadedSession(request);
      const saved = await checked(async () =>
        updateSession(
          app.db,
          request.viewer!.id,
          before,
          await sessionOfInput(app.db, event, request.body, before),
        ),
      );
      return savedWithConflicts(request, event, saved);
    },
  );
  app.delete(
    "/events/:eventSlug/program/sessions/:sessionId",
    {
      config: { access: organiseSession },
      schema: {
        tags,
        summary: "Remove a session from the program (audited)",
        params: SessionParams,
        response: { 204: Type.Null(), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      await deleteSession(app.db, request.viewer!.id, loadedSession(request));
      return reply.status(204).send(null);
    },
  );

  // Personal agenda
  const publishedProgram = async (request: FastifyRequest) => {
    const rows = await programRows(request, loadedEvent(request).id);
    if (!rows.publishedAt) throw notFound();
    return rows;
  };
  app.get(
    "/events/:eventSlug/agenda",
    {
      config: { access: attend },
      schema: {
        tags,
        summary: "The caller's agenda for the event",
        params: EventSlugParams,
        response: { 200: AgendaResponse, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const rows = await publishedProgram(request);
      const mine = new Set(await agendaSessionIds(app.db, request.viewer!.id, loadedEvent(request).id));
      return { sessions: rows.sessions.filter((s) => mine.has(s.id)).map((s) => presentSession(s, false)) };
    },
  );
  app.put(
    "/events/:eventSlug/agenda/sessions/:sessionId",
    {
      config: { access: attendSession },
      schema: {
        tags,
        summary: "Add a session to the caller's agenda",
        params: SessionParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await publishedProgram(request);
      await addToAgenda(app.db, request.viewer!.id, loadedSession(request));
      return reply.status(204).send(null);
    },
  );
  app.delete(
    "/events/:eventSlug/agenda/sessions/:sessionId",
    {
      config: { access: attendSession },
      schema: {
        tags,
        summary: "Remove a session from the caller's agenda",
        params: SessionParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeFromAgenda(app.db, request.viewer!.id, loadedSession(request).id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/events/:eventSlug/agenda/feed",
    {
      config: { access: attend },
      schema: {
        tags,
        summary:
          "A new secret calendar-feed address for the caller's agenda (the previous one stops working)",
        params: EventSlugParams,
        response: { 201: Type.Object({ url: Type.String() }), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await publishedProgram(request);
      const event = loadedEvent(request);
      const token = await createAgendaFeed(app.db, request.viewer!.id, event.id);
      return reply
        .status(201)
        .send({ url: `${app.config.publicUrl}${agendaPath(event.slug)}/feed/${token}` });
    },
  );
  app.delete(
    "/events/:eventSlug/agenda/feed",
    {
      config: { access: attend },
      schema: {
        tags,
        summary: "Turn off the caller's calendar feed",
        params: EventSlugParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await revokeAgendaFeed(app.db, request.viewer!.id, loadedEvent(request).id);
      return reply.status(204).send(null);
    },
  );
}
