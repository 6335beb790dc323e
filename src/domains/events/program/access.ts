import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { type ResourceLoader, uuidParam } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import { queryRows } from "../../../platform/db/client";
import type { Actor, EventResource, EventSessionResource } from "../../../platform/policy";
import type { ScheduleEvent } from "./service";
import { presentsSession, type RoomRow, selectRoom } from "./repo";
import { sessionById, type ProgramSession } from "./service";

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
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

interface EventRow {
  id: string;
  slug: string;
  status: EventResource["status"];
  title_en: string;
  title_es: string | null;
  starts_on: string;
  ends_on: string;
  time_zone: string;
  mode: ProgramEvent["mode"];
  venue: string | null;
  organiser_id: string;
  organiser_ancestors: string[];
  tracks: { id: string; nameEn: string; nameEs: string | null }[] | null;
}

/** An event by its address, with its tracks, or null. */
export async function programEventBySlug(
  request: FastifyRequest,
  slug: string,
): Promise<ProgramEvent | null> {
  if (!SLUG.test(slug) || slug.length > 80) return null;
  const [row] = await queryRows<EventRow>(
    request.server.db,
    sql`select e.id, e.slug, e.status, e.title_en, e.title_es, e.starts_on, e.ends_on, e.time_zone, e.mode, e.venue,
          e.organiser_id, o.ancestor_ids as organiser_ancestors,
          (select json_agg(json_build_object('id', t.id, 'nameEn', t.name_en, 'nameEs', t.name_es) order by t.position, t.name_en)
             from event_tracks t where t.event_id = e.id) as tracks
        from events e join organisations o on o.id = e.organiser_id
        where e.slug = ${slug}`,
  );
  if (!row) return null;
  const resource: EventResource = {
    id: row.id,
    ancestorIds: [],
    organiser: { id: row.organiser_id, ancestorIds: row.organiser_ancestors ?? [] },
    status: row.status,
  };
  const tracks = row.tracks ?? [];
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    titleEn: row.title_en,
    titleEs: row.title_es,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    timeZone: row.time_zone,
    mode: row.mode,
    venue: row.venue,
    tracks,
    trackIds: tracks.map((t) => t.id),
    resource,
  };
}

async function eventOf(request: FastifyRequest): Promise<ProgramEvent> {
  const known = loaded.get(request)?.event;
  if (known) return known;
  const slug = (request.params as Record<string, unknown>).eventSlug;
  const event = typeof slug === "string" ? await programEventBySlug(request, slug) : null;
  if (!event) throw notFound();
  loaded.set(request, { ...loaded.get(request), event });
  return event;
}

/** `:eventSlug` as the policy's EventResource (404 when it names no event). */
export const programEventInPath: ResourceLoader = async (request) => (await eventOf(request)).resource;

/** `:sessionId` of `:eventSlug` as an EventSessionResource; `presenter` when the actor presents it. */
export const sessionInPath: ResourceLoader = async (request, actor: Actor | null) => {
  const event = await eventOf(request);
  const session = await sessionById(request.server.db, uuidParam(request, "sessionId"));
  if (!session || session.eventId !== event.id) throw notFound();
  loaded.set(request, { ...loaded.get(request), session });
  const resource: EventSessionResource = {
    id: session.id,
    ancestorIds: [],
    event: event.resource,
    presenter: !!actor && (await presentsSession(request.server.db, session.id, actor.userId)),
  };
  return resource;
};

/** `:roomId` of `:eventSlug`: the event is the resource (rooms are the organisers'). */
export const roomInPath: ResourceLoader = async (request) => {
  const event = await eventOf(request);
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
