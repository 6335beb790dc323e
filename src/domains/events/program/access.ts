import type { FastifyRequest } from "fastify";
import { type ResourceLoader, uuidParam } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import type { Actor, EventResource, EventSessionResource } from "../../../platform/policy";
import {
  type EventWithOrganiser,
  eventBySlug,
  eventInPath,
  eventResourceOf,
  eventTracksOf,
  loadedEvent as loadedSetupEvent,
} from "../setup/service";
import type { ScheduleEvent } from "./service";
import { programRows } from "./model";
import { type RoomRow, selectRoom } from "./repo";
import type { ProgramSession } from "./service";

/*
 * What the program's routes act on, found before the policy decides: the event named by
 * `:eventSlug` (as the policy's EventResource, with what the program needs of it: its days, zone
 * and tracks), a session of it (`:sessionId`, as an EventSessionResource) or a room (`:roomId`).
 * A session or room of another event is a 404, as is an address that names nothing.
 */

/** The event as the program's pages need it. */
export interface ProgramEvent extends ScheduleEvent {
  slug: string;
  status: EventResource["status"];
  titleEn: string;
  titleEs: string | null;
  mode: "in_person" | "online" | "hybrid";
  venue: string | null;
  tracks: { id: string; nameEn: string; nameEs: string | null }[];
  resource: EventResource;
}

interface Loaded {
  event?: ProgramEvent;
  session?: ProgramSession;
  room?: RoomRow;
}
const loaded = new WeakMap<FastifyRequest, Loaded>();

/** The program's view of an event row (setup's) with its tracks. */
export function programEventOf(
  row: EventWithOrganiser,
  tracks: { id: string; nameEn: string; nameEs: string | null }[],
): ProgramEvent {
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    titleEn: row.titleEn,
    titleEs: row.titleEs,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    timeZone: row.timeZone,
    mode: row.mode,
    venue: row.venue,
    tracks: tracks.map((t) => ({ id: t.id, nameEn: t.nameEn, nameEs: t.nameEs })),
    trackIds: tracks.map((t) => t.id),
    resource: eventResourceOf(row),
  };
}

/** An event by its address, with its tracks, or null (the calendar feed, which has no loader). */
export async function programEventBySlug(
  request: FastifyRequest,
  slug: string,
): Promise<ProgramEvent | null> {
  const row = /^[a-z0-9-]{1,80}$/.test(slug) ? await eventBySlug(request.server.db, slug) : null;
  return row ? programEventOf(row, await eventTracksOf(request.server.db, row.id)) : null;
}

async function eventOf(request: FastifyRequest, actor: Actor | null): Promise<ProgramEvent> {
  const known = loaded.get(request)?.event;
  if (known) return known;
  // Setup's loader finds the event (404 when missing); the program adds its tracks.
  await eventInPath(request, actor);
  const { row, tracks } = loadedSetupEvent(request);
  const event = programEventOf(row, tracks);
  loaded.set(request, { ...loaded.get(request), event });
  return event;
}

/** `:eventSlug` as the policy's EventResource (404 when it names no event). */
export const programEventInPath: ResourceLoader = async (request, actor) =>
  (await eventOf(request, actor)).resource;

/** `:sessionId` of `:eventSlug` as an EventSessionResource; `presenter` when the actor presents it. */
export const sessionInPath: ResourceLoader = async (request, actor: Actor | null) => {
  const event = await eventOf(request, actor);
  // From the event's kept program (sessions with their presenters, dropped on any change to
  // it): a session's pages and attendance cost no query to find it.
  const sessionId = uuidParam(request, "sessionId");
  const session = (await programRows(request, event.id)).sessions.find((s) => s.id === sessionId);
  if (!session) throw notFound();
  loaded.set(request, { ...loaded.get(request), session });
  const resource: EventSessionResource = {
    id: session.id,
    ancestorIds: [],
    event: event.resource,
    presenter: !!actor && session.presenters.some((p) => p.userId === actor.userId),
  };
  return resource;
};

/** `:roomId` of `:eventSlug`: the event is the resource (rooms are the organisers'). */
export const roomInPath: ResourceLoader = async (request, actor) => {
  const event = await eventOf(request, actor);
  const room = await selectRoom(request.server.db, uuidParam(request, "roomId"));
  if (!room || room.eventId !== event.id) throw notFound();
  loaded.set(request, { ...loaded.get(request), room });
  return event.resource;
};

export function loadedEvent(request: FastifyRequest): ProgramEvent {
  const event = loaded.get(request)?.event;
  if (!event) throw new Error("This route declares no event loader.");
  return event;
}
export function loadedSession(request: FastifyRequest): ProgramSession {
  const session = loaded.get(request)?.session;
  if (!session) throw new Error("This route declares no session loader.");
  return session;
}
export function loadedRoom(request: FastifyRequest): RoomRow {
  const room = loaded.get(request)?.room;
  if (!room) throw new Error("This route declares no room loader.");
  return room;
}

/**
 * `:sessionId` of `:eventSlug`, for rules asked of the event (reading the program, organising
 * it, keeping an agenda): the session is loaded, the event is the resource.
 */
export const sessionOfEventInPath: ResourceLoader = async (request, actor) => {
  const resource = (await sessionInPath(request, actor)) as EventSessionResource;
  return resource.event;
};
