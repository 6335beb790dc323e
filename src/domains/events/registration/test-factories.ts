import type { Db, DbOrTx } from "../../../platform/db/client";
import { findOrganisationByStateCode } from "../../../seed/factories";
import { eventSessions } from "../program/schema";
import { events } from "../setup/schema";
import { addTicketType, type TicketTypeInput } from "./service";

let counter = 0;

/**
 * A published event of the Maryland state team with one ticket type offered to everyone (and a
 * free one for families and youth), for registration's tests. Setup's own factory replaces the
 * event insert once it has one.
 */
export async function buildRegistrationEvent(
  db: Db,
  options: { capacity?: number | null; tickets?: TicketTypeInput[] } = {},
) {
  const state = await findOrganisationByStateCode(db, "MD");
  const n = ++counter;
  const [event] = await db
    .insert(events)
    .values({
      slug: `registration-test-${n}-${Date.now().toString(36)}`,
      kind: "regional",
      status: "published",
      organiserId: state.id,
      titleEn: `Registration test event ${n}`,
      titleEs: `Evento de prueba de inscripción ${n}`,
      startsOn: "2030-05-01",
      endsOn: "2030-05-02",
      timeZone: "America/New_York",
      mode: "hybrid",
      venue: "Baltimore Convention Center",
      capacity: options.capacity === undefined ? 100 : options.capacity,
    })
    .returning();
  const tickets = [];
  for (const t of options.tickets ?? [
    { nameEn: "In person", mode: "in_person" as const, priceCents: 5000 },
    {
      nameEn: "Families and youth",
      mode: "in_person" as const,
      priceCents: 0,
      stakeholderRoles: ["family_member" as const, "youth" as const],
    },
  ])
    tickets.push(await addTicketType(db, event!.id, t));
  return { event: event!, tickets };
}

/** A session of the event (online, with an attendance code) at the given times. */
export async function buildAttendanceSession(
  db: DbOrTx,
  eventId: string,
  options: { startsAt: Date; endsAt: Date; attendanceCode?: string | null; mode?: "online" | "in_person" },
) {
  const [session] = await db
    .insert(eventSessions)
    .values({
      eventId,
      title: `Session ${++counter}`,
      format: "presentation",
      mode: options.mode ?? "online",
      startsAt: options.startsAt,
      endsAt: options.endsAt,
      attendanceCode: options.attendanceCode === undefined ? "HOPE42" : options.attendanceCode,
    })
    .returning();
  return session!;
}
