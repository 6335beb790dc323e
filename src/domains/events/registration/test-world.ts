import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import { eventById } from "../setup/service";
import type { EventsWorld } from "../test-world";
import { addTicketType, register } from "./service";

/** The registration rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export interface RegistrationWorld {
  /** The world's event's ticket type (in person, offered to everyone). */
  ticketTypeId: string;
  /** School A's member's registration for the world's event (registered, with answers). */
  registrationId: string;
}

export async function buildRegistrationWorld(
  base: BaseWorld,
  earlier: Pick<EventsWorld, "setup" | "program">,
): Promise<RegistrationWorld> {
  const { db } = base.t;
  const event = (await eventById(db, earlier.setup.eventId))!;
  const ticket = await addTicketType(db, event.id, {
    nameEn: "World ticket",
    mode: "in_person",
    priceCents: 0,
  });
  const result = await register(db, event, base.users.memberA.id, {
    ticketTypeId: ticket.id,
    answers: { accessibility: "World accessibility need" },
    certificateName: "World Member A",
    licenceNumber: null,
  });
  if (!result.ok) throw new Error("The world's registration was refused");
  return { ticketTypeId: ticket.id, registrationId: result.registration.id };
}

export const registrationParamRules: ParamRule[] = [
  { param: "registrationId", value: (w) => w.events.registration.registrationId },
  { param: "ticketTypeId", value: (w) => w.events.registration.ticketTypeId },
];
