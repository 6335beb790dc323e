import type { FastifyRequest } from "fastify";
import { notFound } from "../../../platform/http/problem";
import {
  type EventWithOrganiser,
  eventById as eventRowById,
  eventInPath,
  eventResourceOf,
  loadedEvent,
} from "../setup/service";

// The events the calls routes act on come from setup's loaders; a proposal's event is found by id.

export type CallEvent = EventWithOrganiser;
export { eventInPath, loadedEvent };

/** A proposal's event, with the policy's view of it. */
export async function eventById(request: FastifyRequest, id: string) {
  const row = await eventRowById(request.server.db, id);
  if (!row) throw notFound();
  return { row, resource: eventResourceOf(row) };
}
