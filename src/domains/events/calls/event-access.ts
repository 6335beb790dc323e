import type { FastifyRequest } from "fastify";
import { eq } from "drizzle-orm";
import type { ResourceLoader } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import type { EventResource } from "../../../platform/policy";
import { organisations } from "../../directory/schema";
import { events } from "../setup/schema";

// Stand-in for setup's `eventInPath` until it lands on main (then this file goes and the
// imports point at ../setup/service).

export type CallEvent = typeof events.$inferSelect & { organiser: { id: string; ancestorIds: string[] } };

export function eventResourceOf(event: Pick<CallEvent, "id" | "status" | "organiser">): EventResource {
  return {
    id: event.id,
    ancestorIds: [],
    organiser: { id: event.organiser.id, ancestorIds: event.organiser.ancestorIds },
    status: event.status,
  };
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$/;
const loadedEvents = new WeakMap<FastifyRequest, { row: CallEvent; resource: EventResource }>();

async function eventRow(request: FastifyRequest, where: ReturnType<typeof eq>): Promise<CallEvent | null> {
  const [found] = await request.server.db
    .select({ event: events, organiser: { id: organisations.id, ancestorIds: organisations.ancestorIds } })
    .from(events)
    .innerJoin(organisations, eq(organisations.id, events.organiserId))
    .where(where);
  return found ? { ...found.event, organiser: found.organiser } : null;
}

export const eventInPath: ResourceLoader = async (request) => {
  const slug = (request.params as Record<string, unknown>).eventSlug;
  if (typeof slug !== "string" || !SLUG.test(slug)) throw notFound();
  const row = await eventRow(request, eq(events.slug, slug));
  if (!row) throw notFound();
  const resource = eventResourceOf(row);
  loadedEvents.set(request, { row, resource });
  return resource;
};

/** Loads an event by id for a route that found it another way (a proposal's event). */
export async function eventById(request: FastifyRequest, id: string) {
  const row = await eventRow(request, eq(events.id, id));
  if (!row) throw notFound();
  const found = { row, resource: eventResourceOf(row) };
  loadedEvents.set(request, found);
  return found;
}

export function loadedEvent(request: FastifyRequest) {
  const found = loadedEvents.get(request);
  if (!found) throw notFound();
  return found;
}
