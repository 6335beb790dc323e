import type { FastifyRequest } from "fastify";
import type { Access } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import { eventInPath } from "../setup/service";
import {
  type Certificate,
  certificateById,
  type EventRow,
  eventBySlug,
  eventResourceOf,
  type SessionRow,
  sessionById,
  sessionResourceOf,
} from "./service";

/*
 * What each credit route acts on, found before the policy decides: the event (`:eventSlug`),
 * one of its sessions (`:sessionId`) or certificates (`:certificateId`). An id that names
 * nothing of this event is a 404, like an event that does not exist.
 */

interface Loaded {
  event: EventRow;
  session?: SessionRow;
  certificate?: Certificate;
}
const loaded = new WeakMap<FastifyRequest, Loaded>();

const param = (request: FastifyRequest, name: string) =>
  String((request.params as Record<string, unknown>)[name] ?? "");
const isUuid = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

/** The event by setup's shared loader (slug checked, 404 when missing), then the columns credit reads. */
async function loadEvent(request: FastifyRequest): Promise<EventRow> {
  await eventInPath(request, null);
  const event = await eventBySlug(request.server.db, param(request, "eventSlug"));
  if (!event) throw notFound();
  return event;
}

async function loadSession(request: FastifyRequest, event: EventRow): Promise<SessionRow> {
  const id = param(request, "sessionId");
  const session = isUuid(id) ? await sessionById(request.server.db, id) : null;
  if (!session || session.eventId !== event.id) throw notFound();
  return session;
}

/** Taking part in the event (evaluations, one's certificate): the event itself. */
export const attendEvent: Access = {
  action: "event.attend",
  load: async (request) => {
    const event = await loadEvent(request);
    loaded.set(request, { event });
    return eventResourceOf(event);
  },
};

/** Evaluating one of the event's sessions: taking part in the event. */
export const attendSession: Access = {
  action: "event.attend",
  load: async (request) => {
    const event = await loadEvent(request);
    const session = await loadSession(request, event);
    loaded.set(request, { event, session });
    return eventResourceOf(event);
  },
};

export const organiseEvent: Access = {
  action: "event.organise",
  refuse: 404,
  load: async (request) => {
    const event = await loadEvent(request);
    loaded.set(request, { event });
    return eventResourceOf(event);
  },
};

/** One of the event's certificates, for its organisers. */
export const organiseCertificate: Access = {
  action: "event.organise",
  refuse: 404,
  load: async (request) => {
    const event = await loadEvent(request);
    const id = param(request, "certificateId");
    const certificate = isUuid(id) ? await certificateById(request.server.db, id) : null;
    if (!certificate || certificate.eventId !== event.id) throw notFound();
    loaded.set(request, { event, certificate });
    return eventResourceOf(event);
  },
};

/** A session's results: its presenters and the event's organisers. */
export const sessionResults: Access = {
  action: "session.results",
  refuse: 404,
  load: async (request, actor) => {
    const event = await loadEvent(request);
    const session = await loadSession(request, event);
    loaded.set(request, { event, session });
    return sessionResourceOf(request.server.db, event, session, actor);
  },
};

function get(request: FastifyRequest): Loaded {
  const found = loaded.get(request);
  if (!found) throw new Error("This route declares no credit loader.");
  return found;
}
export const loadedEvent = (request: FastifyRequest) => get(request).event;
export function loadedSession(request: FastifyRequest): SessionRow {
  const s = get(request).session;
  if (!s) throw new Error("This route declares no session loader.");
  return s;
}
export function loadedCertificate(request: FastifyRequest): Certificate {
  const c = get(request).certificate;
  if (!c) throw new Error("This route declares no certificate loader.");
  return c;
}
