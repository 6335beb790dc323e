import type { FastifyRequest } from "fastify";
import { eq } from "drizzle-orm";
import type { ResourceLoader } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import type { EventResource } from "../../../platform/policy";
import { organisations } from "../../directory/schema";
import { events } from "../setup/schema";

// A stand-in for setup's `eventInPath` until it lands on main (then this file goes).

const SLUG = /^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$/;
type EventRow = typeof events.$inferSelect;
const loaded = new WeakMap<FastifyRequest, { row: EventRow; resource: EventResource }>();

export const eventInPath: ResourceLoader = async (request) => {
  const slug = (request.params as Record<string, unknown>).eventSlug;
  if (typeof slug !== "string" || !SLUG.test(slug)) throw notFound();
  const [found] = await request.server.db
    .select({ event: events, organiserAncestors: organisations.ancestorIds })
    .from(events)
    .innerJoin(organisations, eq(organisations.id, events.organiserId))
    .where(eq(events.slug, slug));
  if (!found) throw notFound();
  const resource: EventResource = {
    id: found.event.id,
    ancestorIds: [],
    organiser: { id: found.event.organiserId, ancestorIds: found.organiserAncestors },
    status: found.event.status,
  };
  loaded.set(request, { row: found.event, resource });
  return resource;
};

export function loadedEvent(request: FastifyRequest) {
  const found = loaded.get(request);
  if (!found) throw notFound();
  return found;
}
