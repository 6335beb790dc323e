import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { clearCreditClaim, saveCreditClaim } from "../credit/service";
import { newCheckInCode } from "./codes";
import {
  lockEventPlaces,
  placesTaken,
  type RegistrationRow,
  registrationRowOf,
  ticketTypeRows,
  type TicketTypeRow,
  waitlistOf,
} from "./repo";
import { eventRegistrations } from "./schema";

/*
 * Places and the waitlist. Every change that takes or frees a place (registering, cancelling,
 * promoting) first locks the event's row (`select … for update`), so two people can never take
 * the last place at once: the second waits for the first to commit, then counts again. The
 * waitlist is first come, first served; a freed place goes to the first person on it whose
 * ticket type still has room.
 */

export interface RegistrationDetails {
  ticketTypeId: string;
  answers: Record<string, string>;
  certificateName: string | null;
  licenceNumber: string | null;
  /** The CE credit type the person will claim, kept by the credit capability (its certificate page changes it). */
  creditTypeId?: string | null;
}

export type RegisterResult =
  | { ok: true; registration: RegistrationRow; already: boolean }
  | { ok: false; reason: "ticket" };

/** Whether a ticket type has room besides the event's own capacity. */
function ticketHasRoom(ticket: TicketTypeRow | undefined, byTicket: Map<string, number>): boolean {
  if (!ticket || ticket.capacity === null) return true;
  return (byTicket.get(ticket.id) ?? 0) < ticket.capacity;
}

const eventHasRoom = (capacity: number | null, total: number) => capacity === null || total < capacity;

/**
 * Registers a person, or puts them on the waitlist when the event (or their ticket type) is full.
 * Registering again while registered or waitlisted changes nothing; after a cancellation it
 * starts over (at the end of the waitlist if full).
 */
export async function registerPerson(
  db: Db,
  eventId: string,
  userId: string,
  details: RegistrationDetails,
): Promise<RegisterResult> {
  return db.transaction(async (tx) => {
    const event = await lockEventPlaces(tx, eventId);
    if (!event) throw new Error(`No event ${eventId}`);
    const existing = await registrationRowOf(tx, eventId, userId);
    if (existing && existing.status !== "cancelled")
      return { ok: true, registration: existing, already: true };
    const tickets = await ticketTypeRows(tx, eventId);
    const ticket = tickets.find((t) => t.id === details.ticketTypeId);
    if (!ticket) return { ok: false, reason: "ticket" };
    const taken = await placesTaken(tx, eventId);
    const room = eventHasRoom(event.capacity, taken.total) && ticketHasRoom(ticket, taken.byTicket);
    const now = new Date();
    const values = {
      ticketTypeId: ticket.id,
      status: room ? ("registered" as const) : ("waitlisted" as const),
      answers: details.answers,
      certificateName: details.certificateName,
      licenceNumber: details.licenceNumber,
      registeredAt: now,
      waitlistedAt: room ? null : now,
      cancelledAt: null,
      checkedInAt: null,
      checkedInBy: null,
    };
    let registration: RegistrationRow;
    if (existing) {
      [registration] = (await tx
        .update(eventRegistrations)
        .set(values)
        .where(eq(eventRegistrations.id, existing.id))
        .returning()) as [RegistrationRow];
    } else {
      registration = await insertWithFreshCode(tx, { eventId, userId, ...values });
    }
    // Registering again after cancelling is a new choice: no credit type chosen drops the old claim.
    if (details.creditTypeId) await saveCreditClaim(tx, eventId, registration.id, details.creditTypeId);
    else if (existing && details.creditTypeId === null) await clearCreditClaim(tx, registration.id);
    return { ok: true, registration, already: false };
  });
}

/** Inserts a registration with a check-in code no one else at the event has (retried on the rare clash). */
async function insertWithFreshCode(
  tx: DbOrTx,
  values: Omit<typeof eventRegistrations.$inferInsert, "checkInCode">,
): Promise<RegistrationRow> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = newCheckInCode();
    const clash = await tx
      .select({ id: eventRegistrations.id })
      .from(eventRegistrations)
      .where(and(eq(eventRegistrations.eventId, values.eventId), eq(eventRegistrations.checkInCode, code)));
    if (clash.length > 0) continue;
    const [row] = await tx
      .insert(eventRegistrations)
      .values({ ...values, checkInCode: code })
      .returning();
    return row!;
  }
  throw new Error("Could not find a free check-in code");
}

/**
 * Fills the free places from the waitlist, first come first served, inside the caller's
 * transaction (which holds the event's lock). Returns the people promoted.
 */
export async function promoteFromWaitlist(tx: DbOrTx, eventId: string): Promise<RegistrationRow[]> {
  const event = await lockEventPlaces(tx, eventId);
  if (!event) return [];
  const taken = await placesTaken(tx, eventId);
  const tickets = new Map((await ticketTypeRows(tx, eventId)).map((t) => [t.id, t]));
  const promoted: RegistrationRow[] = [];
  for (const waiting of await waitlistOf(tx, eventId)) {
    if (!eventHasRoom(event.capacity, taken.total)) break;
    const ticket = waiting.ticketTypeId ? tickets.get(waiting.ticketTypeId) : undefined;
    if (!ticketHasRoom(ticket, taken.byTicket)) continue;
    const [row] = await tx
      .update(eventRegistrations)
      .set({ status: "registered", waitlistedAt: null })
      .where(eq(eventRegistrations.id, waiting.id))
      .returning();
    promoted.push(row!);
    taken.total++;
    if (ticket) taken.byTicket.set(ticket.id, (taken.byTicket.get(ticket.id) ?? 0) + 1);
  }
  return promoted;
}

export interface CancelResult {
  cancelled: RegistrationRow | null;
  promoted: RegistrationRow[];
}

/**
 * Cancels a registration (by the person or an organiser) and gives a freed place to the waitlist.
 * Cancelling what is already cancelled changes nothing.
 */
export async function cancelPlace(
  tx: DbOrTx,
  registrationId: string,
  eventId: string,
  actorId: string,
): Promise<CancelResult> {
  await lockEventPlaces(tx, eventId);
  const [before] = await tx
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.id, registrationId), eq(eventRegistrations.eventId, eventId)));
  if (!before || before.status === "cancelled") return { cancelled: null, promoted: [] };
  const [cancelled] = await tx
    .update(eventRegistrations)
    .set({ status: "cancelled", cancelledAt: sql`now()`, waitlistedAt: null })
    .where(eq(eventRegistrations.id, registrationId))
    .returning();
  const promoted = before.status === "registered" ? await promoteFromWaitlist(tx, eventId) : [];
  await recordAudit(tx, [
    {
      actorId,
      action: "event_registration.cancel",
      entityType: "event_registration",
      entityId: registrationId,
      scopeId: eventId,
      before: { status: before.status },
      after: { status: "cancelled", byThePerson: actorId === before.userId },
    },
    ...promoted.map((p) => ({
      actorId,
      action: "event_registration.promote",
      entityType: "event_registration",
      entityId: p.id,
      scopeId: eventId,
      before: { status: "waitlisted" },
      after: { status: "registered", automatically: true },
    })),
  ]);
  return { cancelled: cancelled!, promoted };
}

/**
 * An organiser gives a waitlisted person a place by hand, even past capacity (a speaker's guest,
 * a room that turned out larger): their decision, audited.
 */
export async function promoteByHand(
  tx: DbOrTx,
  registrationId: string,
  eventId: string,
  actorId: string,
): Promise<RegistrationRow | null> {
  await lockEventPlaces(tx, eventId);
  const [row] = await tx
    .update(eventRegistrations)
    .set({ status: "registered", waitlistedAt: null })
    .where(
      and(
        eq(eventRegistrations.id, registrationId),
        eq(eventRegistrations.eventId, eventId),
        eq(eventRegistrations.status, "waitlisted"),
      ),
    )
    .returning();
  if (!row) return null;
  await recordAudit(tx, {
    actorId,
    action: "event_registration.promote",
    entityType: "event_registration",
    entityId: row.id,
    scopeId: eventId,
    before: { status: "waitlisted" },
    after: { status: "registered", automatically: false },
  });
  return row;
}
