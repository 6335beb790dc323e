import type { FastifyRequest } from "fastify";
import { cachesPerApp } from "../../../platform/cache";
import { type ResourceLoader, uuidParam } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import type { EventResource, ScopeResource } from "../../../platform/policy";
import {
  type EventWithOrganiser,
  eventRowBySlug,
  type Organiser,
  organiserRow,
  type TrackRow,
  tracksOf,
} from "./repo";

/*
 * What an events route acts on, found before the policy decides (`config.access.load`):
 *   - `eventInPath`: the event named by `:eventSlug`, as an `EventResource` (its organiser and
 *     status) — for `event.read`, `event.organise` and `event.attend`;
 *   - `organiserInPath`: the nation or state named by `:organiserId`, where an event is created.
 * Something missing answers 404 (and routes reading drafts declare `refuse: 404`, so a draft does
 * not show, even that it exists, to someone who may not read it). The loaded row is kept for the
 * handler (`loadedEvent`, `loadedOrganiser`), so it is read once per request.
 *
 * Every page of an event starts by finding it, so the row and its tracks are kept by address
 * until the event changes: the triggers of migration 0001_event_change_notices announce
 * `event:<id>` for the event's row, tracks and credit types.
 */

const SLUG = /^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$/;

/** The policy's view of an event row. */
export function eventResourceOf(
  event: Pick<EventWithOrganiser, "id" | "status" | "organiser">,
): EventResource {
  return {
    id: event.id,
    ancestorIds: [],
    organiser: { id: event.organiser.id, ancestorIds: event.organiser.ancestorIds },
    status: event.status,
  };
}

/** An event as its pages find it: the row with its organiser, and its tracks. */
interface FoundEvent {
  row: EventWithOrganiser;
  tracks: TrackRow[];
}

const loadedEvents = new WeakMap<FastifyRequest, FoundEvent & { resource: EventResource }>();
const loadedOrganisers = new WeakMap<FastifyRequest, Organiser>();

const lookups = cachesPerApp((caches) => ({ bySlug: caches.create<FoundEvent>({ maxEntries: 2_000 }) }));

async function eventAt(request: FastifyRequest, slug: string): Promise<FoundEvent | null> {
  const db = request.server.db;
  return lookups(request.server.caches).bySlug.load(slug, async (deps) => {
    const row = await eventRowBySlug(db, slug);
    if (!row) return null;
    deps.add(eventTag(row.id));
    return { row, tracks: await tracksOf(db, row.id) };
  });
}

/** The tag an event's row, tracks and credit types announce when they change. */
export const eventTag = (eventId: string) => `event:${eventId}`;
/** The tag any event's row announces: the lists of events. */
export const EVENTS_TAG = "events";

export const eventInPath: ResourceLoader = async (request) => {
  const slug = (request.params as Record<string, unknown>).eventSlug;
  if (typeof slug !== "string" || !SLUG.test(slug)) throw notFound();
  const found = await eventAt(request, slug);
  if (!found) throw notFound();
  const resource = eventResourceOf(found.row);
  loadedEvents.set(request, { ...found, resource });
  return resource;
};

export const organiserInPath: ResourceLoader = async (request) => {
  const organiser = await organiserRow(request.server.db, uuidParam(request, "organiserId"));
  if (!organiser) throw notFound();
  loadedOrganisers.set(request, organiser);
  const scope: ScopeResource = { id: organiser.id, ancestorIds: organiser.ancestorIds };
  return scope;
};

/** The event the route's access rule loaded (`eventInPath`): its row with organiser, its tracks and its resource. */
export function loadedEvent(request: FastifyRequest) {
  const found = loadedEvents.get(request);
  if (!found) throw notFound();
  return found;
}

/** The nation or state the route's access rule loaded (`organiserInPath`). */
export function loadedOrganiser(request: FastifyRequest): Organiser {
  const found = loadedOrganisers.get(request);
  if (!found) throw notFound();
  return found;
}

/** Access rules routes use as they are: reading an event (drafts hidden), organising it, taking part. */
export const eventReadAccess = { action: "event.read", load: eventInPath, refuse: 404 } as const;
export const eventOrganiseAccess = { action: "event.organise", load: eventInPath, refuse: 404 } as const;
export const eventAttendAccess = { action: "event.attend", load: eventInPath, refuse: 404 } as const;
export const organiserAccess = { action: "event.organise", load: organiserInPath, refuse: 404 } as const;
