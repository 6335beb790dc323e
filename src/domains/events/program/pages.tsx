import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Access } from "../../../platform/http/access";
import {
  ButtonForm,
  type FieldErrors,
  type FormValues,
  formFieldsOf,
  parseForm,
} from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import { safeNextPath } from "../../../platform/http/web";
import type { Locale } from "../../../platform/i18n";
import { can } from "../../../platform/policy";
import {
  loadedEvent,
  loadedRoom,
  loadedSession,
  type ProgramEvent,
  programEventBySlug,
  programEventInPath,
  roomInPath,
  sessionOfEventInPath,
} from "./access";
import {
  EventSlugParams,
  ProgramFilterQuery,
  RoomFields,
  RoomParams,
  SessionFields,
  SessionParams,
} from "./fields";
import { sessionsCalendar } from "./ical";
import { tr } from "./messages";
import { programModel, programRows } from "./model";
import {
  addToAgenda,
  agendaFeedOwner,
  agendaSessionIds,
  conflictsOf,
  createAgendaFeed,
  createRoom,
  createSession,
  deleteRoom,
  deleteSession,
  hasAgendaFeed,
  type ProgramSession,
  removeFromAgenda,
  revokeAgendaFeed,
  type RoomRow,
  SessionCheckError,
  type SessionProblems,
  sessionOfInput,
  setProgramPublished,
  updateRoom,
  updateSession,
} from "./service";
import { sessionsOfConflict } from "./conflicts";
import { utcToZoned } from "../setup/time";
import { agendaPath, schedulePath, sessionPath } from "./views/paths";
import { AgendaPage, eventTitle, ProgramPage, SessionPage } from "./views/program";
import { RoomFormPage, SchedulePage, SessionFormPage } from "./views/schedule";

const hidden = { hide: true };
const readProgram: Access = { action: "event.read", load: programEventInPath, refuse: 404 };
const readSession: Access = { action: "event.read", load: sessionOfEventInPath, refuse: 404 };
const organise: Access = { action: "event.organise", load: programEventInPath, refuse: 404 };
const organiseSession: Access = { action: "event.organise", load: sessionOfEventInPath, refuse: 404 };
const organiseRoom: Access = { action: "event.organise", load: roomInPath, refuse: 404 };
const attend: Access = { action: "event.attend", load: programEventInPath };
const attendSession: Access = { action: "event.attend", load: sessionOfEventInPath };

const AgendaButtonForm = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 1000 })),
  next: Type.Optional(Type.String({ maxLength: 2000 })),
});

const problemErrors = (locale: Locale, problems: SessionProblems): FieldErrors => {
  const t = tr(locale);
  return Object.fromEntries(Object.entries(problems).map(([field, key]) => [field, { message: t(key!) }]));
};

/** A session as its form shows it: times back in the event's zone. */
export function formValuesOfSession(session: ProgramSession, event: ProgramEvent): FormValues {
  const from = session.startsAt ? utcToZoned(session.startsAt, event.timeZone) : null;
  const to = session.endsAt ? utcToZoned(session.endsAt, event.timeZone) : null;
  const values: FormValues = {
    title: session.title,
    abstract: session.abstract,
    learningObjectives: session.learningObjectives,
    format: session.format,
    mode: session.mode,
    language: session.language,
    countsForCredit: session.countsForCredit ? "yes" : "no",
    presenters: session.presenters.map((p) => [p.name, p.organisation].join("; ")).join("\n"),
  };
  if (session.trackId) values.trackId = session.trackId;
  if (session.roomId) values.roomId = session.roomId;
  if (from && to) Object.assign(values, { day: from.day, startTime: from.time, endTime: to.time });
  if (session.capacity !== null) values.capacity = String(session.capacity);
  if (session.creditHours !== null) values.creditHours = String(Number(session.creditHours));
  return values;
}

/** The program's pages: the published program and sessions, personal agendas, and the organisers' schedule. */
export async function programPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const publicUrl = () => app.config.publicUrl;

  // --- The program, as attendees read it ------------------------------------------------------
  app.get(
    "/events/:eventSlug/program",
    {
      config: { access: readProgram },
      schema: { ...hidden, params: EventSlugParams, querystring: formFieldsOf(ProgramFilterQuery) },
    },
    (request, reply) => {
      const event = loadedEvent(request);
      const form = parseForm(ProgramFilterQuery, request.query);
      if (!form.ok) reply.code(400);
      return reply.sharedPage(
        async (deps) => {
          const model = await programModel(request, event, deps);
          if (!model) throw notFound();
          return model;
        },
        (ctx, model) => (
          <ProgramPage ctx={ctx} model={model} filters={form.ok ? form.value : {}} invalid={!form.ok} />
        ),
      );
    },
  );

  app.get(
    "/events/:eventSlug/program/sessions/:sessionId",
    { config: { access: readSession }, schema: { ...hidden, params: SessionParams } },
    (request, reply) => {
      const event = loadedEvent(request);
      const session = loadedSession(request);
      return reply.sharedPage(
        async (deps) => {
          const model = await programModel(request, event, deps);
          if (!model) throw notFound();
          const actor = await request.actor();
          const showCode =
            model.mayOrganise || (!!actor && session.presenters.some((p) => p.userId === actor.userId));
          return { ...model, sessionId: session.id, showCode };
        },
        (ctx, model) => {
          const current = model.sessions.find((s) => s.id === model.sessionId) ?? session;
          return <SessionPage ctx={ctx} model={model} session={current} showCode={model.showCode} />;
        },
      );
    },
  );

  app.get(
    "/events/:eventSlug/program/sessions/:sessionId/calendar.ics",
    { config: { access: readSession }, schema: { ...hidden, params: SessionParams } },
    async (request, reply) => {
      const event = loadedEvent(request);
      const session = loadedSession(request);
      const rows = await programRows(request, event.id);
      const actor = await request.actor();
      if (!rows.publishedAt && !(actor && can(actor, "event.organise", event.resource))) throw notFound();
      return reply
        .type("text/calendar; charset=utf-8")
        .header("content-disposition", `attachment; filename="session-${session.id.slice(0, 8)}.ics"`)
        .send(sessionsCalendar([session], calendarSource(event, rows.rooms, publicUrl()), session.title));
    },
  );

  // --- Personal agendas -------------------------------------------------------------------------
  const agendaPage = async (request: FastifyRequest, reply: FastifyReply, newFeedUrl?: string) => {
    const event = loadedEvent(request);
    const actor = (await request.actor())!;
    const rows = await programRows(request, event.id);
    if (!rows.publishedAt) throw notFound();
    const agenda = (await agendaSessionIds(app.db, actor.userId, event.id)).sort();
    const model = {
      event,
      sessions: rows.sessions,
      rooms: rows.rooms,
      published: true,
      mayOrganise: false,
      agenda,
    };
    const hasFeed = await hasAgendaFeed(app.db, actor.userId, event.id);
    return reply.page(
      <AgendaPage ctx={reply.pageContext()} model={model} hasFeed={hasFeed} newFeedUrl={newFeedUrl} />,
    );
  };

  app.get(
    "/events/:eventSlug/agenda",
    { config: { access: attend }, schema: { ...hidden, params: EventSlugParams } },
    (request, reply) => agendaPage(request, reply),
  );

  const changeAgenda = (verb: "add" | "remove") =>
    app.post(
      `/events/:eventSlug/agenda/sessions/:sessionId/${verb}`,
      {
        config: { access: attendSession },
        schema: { ...hidden, params: SessionParams, body: AgendaButtonForm },
      },
      async (request, reply) => {
        const event = loadedEvent(request);
        const session = loadedSession(request);
        const rows = await programRows(request, event.id);
        if (!rows.publishedAt) throw notFound();
        const userId = request.viewer!.id;
        if (verb === "add") await addToAgenda(app.db, userId, session);
        else await removeFromAgenda(app.db, userId, session.id);
        reply.flash("success", tr(request.locale)(verb === "add" ? "added" : "removed"));
        return reply.redirect(safeNextPath(request.body?.next, sessionPath(event.slug, session.id)), 303);
      },
    );
  changeAgenda("add");
  changeAgenda("remove");

  app.post(
    "/events/:eventSlug/agenda/feed",
    { config: { access: attend }, schema: { ...hidden, params: EventSlugParams, body: ButtonForm } },
    async (request, reply) => {
      const event = loadedEvent(request);
      if (!(await programRows(request, event.id)).publishedAt) throw notFound();
      const token = await createAgendaFeed(app.db, request.viewer!.id, event.id);
      return agendaPage(request, reply, `${publicUrl()}${agendaPath(event.slug)}/feed/${token}`);
    },
  );
  app.post(
    "/events/:eventSlug/agenda/feed/revoke",
    { config: { access: attend }, schema: { ...hidden, params: EventSlugParams, body: ButtonForm } },
    async (request, reply) => {
      const event = loadedEvent(request);
      await revokeAgendaFeed(app.db, request.viewer!.id, event.id);
      reply.flash("success", tr(request.locale)("feedRevoked"));
      return reply.redirect(agendaPath(event.slug), 303);
    },
  );

  // The feed: the secret address is the only key (calendar apps do not sign in). A revoked or
  // unknown token, or a program no longer published, is a 404.
  app.get(
    "/events/:eventSlug/agenda/feed/:feedToken",
    {
      config: { access: "public" },
      schema: {
        ...hidden,
        params: Type.Object({
          eventSlug: Type.String({ maxLength: 80 }),
          feedToken: Type.String({ maxLength: 100 }),
        }),
      },
    },
    async (request, reply) => {
      const owner = /^[A-Za-z0-9_-]{43}$/.test(request.params.feedToken)
        ? await agendaFeedOwner(app.db, request.params.feedToken)
        : null;
      if (!owner) throw notFound();
      const event = await programEventBySlug(request, request.params.eventSlug);
      if (!event || event.id !== owner.eventId || event.status !== "published") throw notFound();
      const rows = await programRows(request, event.id);
      if (!rows.publishedAt) throw notFound();
      const mine = new Set(await agendaSessionIds(app.db, owner.userId, event.id));
      const title = `${tr("en")("myAgenda")}: ${event.titleEn}`;
      return reply
        .type("text/calendar; charset=utf-8")
        .header("cache-control", "private, max-age=300")
        .send(
          sessionsCalendar(
            rows.sessions.filter((s) => mine.has(s.id)),
            calendarSource(event, rows.rooms, publicUrl()),
            title,
          ),
        );
    },
  );

  // --- The organisers' schedule ----------------------------------------------------------------
  const base = "/events/:eventSlug/manage/program";

  app.get(
    base,
    { config: { access: organise }, schema: { ...hidden, params: EventSlugParams } },
    async (request, reply) => {
      const event = loadedEvent(request);
      const rows = await programRows(request, event.id);
      return reply.page(
        <SchedulePage
          ctx={reply.pageContext()}
          event={event}
          sessions={rows.sessions}
          rooms={rows.rooms}
          conflicts={conflictsOf(event, rows.sessions, rows.rooms)}
          publishedAt={rows.publishedAt}
        />,
      );
    },
  );

  for (const verb of ["publish", "unpublish"] as const)
    app.post(
      `${base}/${verb}`,
      { config: { access: organise }, schema: { ...hidden, params: EventSlugParams, body: ButtonForm } },
      async (request, reply) => {
        const event = loadedEvent(request);
        await setProgramPublished(app.db, request.viewer!.id, event.id, verb === "publish");
        reply.flash(
          "success",
          tr(request.locale)(verb === "publish" ? "publishedFlash" : "unpublishedFlash"),
        );
        return reply.redirect(schedulePath(event.slug), 303);
      },
    );

  // Rooms
  const roomForm = (
    reply: FastifyReply,
    args: { event: ProgramEvent; room?: RoomRow; values: FormValues; errors?: FieldErrors },
  ) => reply.page(<RoomFormPage ctx={reply.pageContext()} {...args} />, args.errors ? 400 : 200);
  const saveRoom = async (request: FastifyRequest, reply: FastifyReply, room?: RoomRow) => {
    const event = loadedEvent(request);
    const parsed = parseForm(RoomFields, request.body);
    if (!parsed.ok) return roomForm(reply, { event, room, values: parsed.values, errors: parsed.errors });
    if (room) await updateRoom(app.db, request.viewer!.id, room, parsed.value);
    else await createRoom(app.db, request.viewer!.id, event.id, parsed.value);
    reply.flash("success", tr(request.locale)("roomSaved"));
    return reply.redirect(schedulePath(event.slug), 303);
  };
  app.get(
    `${base}/rooms/new`,
    { config: { access: organise }, schema: { ...hidden, params: EventSlugParams } },
    (request, reply) => roomForm(reply, { event: loadedEvent(request), values: {} }),
  );
  app.post(
    `${base}/rooms/new`,
    {
      config: { access: organise },
      schema: { ...hidden, params: EventSlugParams, body: formFieldsOf(RoomFields) },
    },
    (request, reply) => saveRoom(request, reply),
  );
  app.get(
    `${base}/rooms/:roomId`,
    { config: { access: organiseRoom }, schema: { ...hidden, params: RoomParams } },
    (request, reply) => {
      const room = loadedRoom(request);
      const values: FormValues = { name: room.name };
      if (room.capacity !== null) values.capacity = String(room.capacity);
      return roomForm(reply, { event: loadedEvent(request), room, values });
    },
  );
  app.post(
    `${base}/rooms/:roomId`,
    {
      config: { access: organiseRoom },
      schema: { ...hidden, params: RoomParams, body: formFieldsOf(RoomFields) },
    },
    (request, reply) => saveRoom(request, reply, loadedRoom(request)),
  );
  app.post(
    `${base}/rooms/:roomId/delete`,
    { config: { access: organiseRoom }, schema: { ...hidden, params: RoomParams, body: ButtonForm } },
    async (request, reply) => {
      await deleteRoom(app.db, request.viewer!.id, loadedRoom(request));
      reply.flash("success", tr(request.locale)("roomDeleted"));
      return reply.redirect(schedulePath(loadedEvent(request).slug), 303);
    },
  );

  // Sessions
  const sessionForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    args: { session?: ProgramSession; values: FormValues; errors?: FieldErrors },
  ) => {
    const event = loadedEvent(request);
    const { rooms } = await programRows(request, event.id);
    return reply.page(
      <SessionFormPage ctx={reply.pageContext()} event={event} rooms={rooms} {...args} />,
      args.errors ? 400 : 200,
    );
  };
  const saveSession = async (request: FastifyRequest, reply: FastifyReply, before?: ProgramSession) => {
    const event = loadedEvent(request);
    const parsed = parseForm(SessionFields, request.body);
    if (!parsed.ok)
      return sessionForm(request, reply, { session: before, values: parsed.values, errors: parsed.errors });
    let saved: ProgramSession;
    try {
      const session = await sessionOfInput(app.db, event, parsed.value, before);
      saved = before
        ? await updateSession(app.db, request.viewer!.id, before, session)
        : await createSession(app.db, request.viewer!.id, session);
    } catch (error) {
      if (!(error instanceof SessionCheckError)) throw error;
      const values = Object.fromEntries(
        Object.entries(request.body as Record<string, unknown>).filter(
          (e): e is [string, string] => typeof e[1] === "string" && e[0] !== "_csrf",
        ),
      );
      return sessionForm(request, reply, {
        session: before,
        values,
        errors: problemErrors(request.locale, error.problems),
      });
    }
    // Saving with conflicts is allowed (a draft is often half-placed): the organiser is told.
    const rows = await programRows(request, event.id);
    const clash = conflictsOf(event, rows.sessions, rows.rooms).some((c) =>
      sessionsOfConflict(c).includes(saved.id),
    );
    const t = tr(request.locale);
    reply.flash(clash ? "warning" : "success", clash ? t("savedWithConflicts") : t("sessionSaved"));
    return reply.redirect(schedulePath(event.slug), 303);
  };
  app.get(
    `${base}/sessions/new`,
    { config: { access: organise }, schema: { ...hidden, params: EventSlugParams } },
    (request, reply) =>
      sessionForm(request, reply, {
        values: { mode: "in_person", language: "en", countsForCredit: "yes", format: "presentation" },
      }),
  );
  app.post(
    `${base}/sessions/new`,
    {
      config: { access: organise },
      schema: { ...hidden, params: EventSlugParams, body: formFieldsOf(SessionFields) },
    },
    (request, reply) => saveSession(request, reply),
  );
  app.get(
    `${base}/sessions/:sessionId`,
    { config: { access: organiseSession }, schema: { ...hidden, params: SessionParams } },
    (request, reply) => {
      const session = loadedSession(request);
      return sessionForm(request, reply, {
        session,
        values: formValuesOfSession(session, loadedEvent(request)),
      });
    },
  );
  app.post(
    `${base}/sessions/:sessionId`,
    {
      config: { access: organiseSession },
      schema: { ...hidden, params: SessionParams, body: formFieldsOf(SessionFields) },
    },
    (request, reply) => saveSession(request, reply, loadedSession(request)),
  );
  app.post(
    `${base}/sessions/:sessionId/delete`,
    { config: { access: organiseSession }, schema: { ...hidden, params: SessionParams, body: ButtonForm } },
    async (request, reply) => {
      await deleteSession(app.db, request.viewer!.id, loadedSession(request));
      reply.flash("success", tr(request.locale)("sessionDeleted"));
      return reply.redirect(schedulePath(loadedEvent(request).slug), 303);
    },
  );
}

export function calendarSource(event: ProgramEvent, rooms: RoomRow[], publicUrl: string) {
  return {
    eventTitle: eventTitle("en", event),
    eventUrl: `${publicUrl}/events/${event.slug}`,
    venue: event.venue,
    rooms: new Map(rooms.map((r) => [r.id, r.name])),
  };
}
