import type { FastifyRequest } from "fastify";
import type { Access } from "../../../platform/http/access";
import { uuidParam } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import { eventInPath, loadedEvent } from "../setup/service";
import { type RegistrationRow, registrationById } from "./service";

/*
 * What registration's routes act on: the event named by `:eventSlug` (organising it, taking part
 * in it), or one registration of it (`:registrationId`, organisers only — a person reaches their
 * own through "my registration", never by id). A registration of another event answers 404.
 */

const loadedRegistrations = new WeakMap<FastifyRequest, RegistrationRow>();

export const organiseEvent: Access = { action: "event.organise", load: eventInPath, refuse: 404 };
export const attendEvent: Access = { action: "event.attend", load: eventInPath, refuse: 404 };

export const organiseRegistration: Access = {
  action: "event.organise",
  refuse: 404,
  load: async (request, actor) => {
    const resource = await eventInPath(request, actor);
    const event = loadedEvent(request).row;
    const registration = await registrationById(request.server.db, uuidParam(request, "registrationId"));
    if (!registration || registration.eventId !== event.id) throw notFound();
    loadedRegistrations.set(request, registration);
    return resource;
  },
};

/** The event row the route's rule loaded. */
export const eventOf = (request: FastifyRequest) => loadedEvent(request).row;

export function registrationInPath(request: FastifyRequest): RegistrationRow {
  const found = loadedRegistrations.get(request);
  if (!found) throw notFound();
  return found;
}
