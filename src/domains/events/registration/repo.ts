import { and, asc, eq, getTableColumns, isNull, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import { events } from "../setup/schema";
import {
  type AttendanceSource,
  eventRegistrationQuestions,
  eventRegistrations,
  eventSessionAttendance,
  eventTicketTypes,
} from "./schema";

// Registration's queries. No rules here: who may see or change what is decided in service.ts
// and the routes' access declarations.

export type RegistrationRow = typeof eventRegistrations.$inferSelect;
export type TicketTypeRow = typeof eventTicketTypes.$inferSelect;
export type QuestionRow = typeof eventRegistrationQuestions.$inferSelect;

/** The event row locked for the rest of the transaction: every change to its places is serialised on it. */
export async function lockEventPlaces(
  tx: DbOrTx,
  eventId: string,
): Promise<{ capacity: number | null } | null> {
  const [row] = await tx
    .select({ capacity: events.capacity })
    .from(events)
    .where(eq(events.id, eventId))
    .for("update");
  return row ?? null;
}

export async function registrationRow(db: DbOrTx, id: string): Promise<RegistrationRow | null> {
  const [row] = await db.select().from(eventRegistrations).where(eq(eventRegistrations.id, id));
  return row ?? null;
}

export async function registrationRowOf(
  db: DbOrTx,
  eventId: string,
  userId: string,
): Promise<RegistrationRow | null> {
  const [row] = await db
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.userId, userId)));
  return row ?? null;
}

/** A registration with what staff at the door are shown besides it: the person's name and ticket. */
export type RegistrationAtDoor = RegistrationRow & {
  personName: string;
  ticketNameEn: string | null;
  ticketNameEs: string | null;
};

// Subqueries rather than joins so the same columns serve a SELECT and an UPDATE's RETURNING.
const shownAtDoor = {
  ...getTableColumns(eventRegistrations),
  personName: sql<string>`(select u.name from users u where u.id = "event_registrations"."user_id")`,
  ticketNameEn: sql<
    string | null
  >`(select t.name_en from event_ticket_types t where t.id = "event_registrations"."ticket_type_id")`,
  ticketNameEs: sql<
    string | null
  >`(select t.name_es from event_ticket_types t where t.id = "event_registrations"."ticket_type_id")`,
};

const byCode = (eventId: string, code: string) =>
  and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.checkInCode, code));

export async function registrationAtDoorByCode(
  db: DbOrTx,
  eventId: string,
  code: string,
): Promise<RegistrationAtDoor | null> {
  const [row] = await db.select(shownAtDoor).from(eventRegistrations).where(byCode(eventId, code));
  return row ?? null;
}

/**
 * Records the check-in of a registered person not yet checked in, in one statement that also
 * returns what staff are shown; null when nothing was recorded (unknown, not registered, already).
 */
export async function markCheckedIn(
  db: DbOrTx,
  eventId: string,
  code: string,
  staffId: string,
): Promise<RegistrationAtDoor | null> {
  const [row] = await db
    .update(eventRegistrations)
    .set({ checkedInAt: sql`now()`, checkedInBy: staffId })
    .where(
      and(
        byCode(eventId, code),
        eq(eventRegistrations.status, "registered"),
        isNull(eventRegistrations.checkedInAt),
      ),
    )
    .returning(shownAtDoor);
  return row ?? null;
}

/** Places taken: registered people, for the whole event and per ticket type. */
export async function placesTaken(
  tx: DbOrTx,
  eventId: string,
): Promise<{ total: number; byTicket: Map<string, number> }> {
  const rows = await queryRows<{ ticket_type_id: string | null; n: number }>(
    tx,
    sql`select ticket_type_id, count(*)::int as n from event_registrations
        where event_id = ${eventId} and status = 'registered' group by ticket_type_id`,
  );
  const byTicket = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    total += r.n;
    if (r.ticket_type_id) byTicket.set(r.ticket_type_id, r.n);
  }
  return { total, byTicket };
}

/** The waitlist in the order people joined it. */
export async function waitlistOf(tx: DbOrTx, eventId: string): Promise<RegistrationRow[]> {
  return tx
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, "waitlisted")))
    .orderBy(
      asc(eventRegistrations.waitlistedAt),
      asc(eventRegistrations.registeredAt),
      asc(eventRegistrations.id),
    );
}

export async function ticketTypeRows(db: DbOrTx, eventId: string): Promise<TicketTypeRow[]> {
  return db
    .select()
    .from(eventTicketTypes)
    .where(eq(eventTicketTypes.eventId, eventId))
    .orderBy(asc(eventTicketTypes.position), asc(eventTicketTypes.nameEn));
}

export async function questionRows(db: DbOrTx, eventId: string): Promise<QuestionRow[]> {
  return db
    .select()
    .from(eventRegistrationQuestions)
    .where(eq(eventRegistrationQuestions.eventId, eventId))
    .orderBy(asc(eventRegistrationQuestions.position));
}

export interface AttendanceRow {
  sessionId: string;
  source: AttendanceSource;
  recordedAt: Date;
}

export async function attendanceRows(db: DbOrTx, registrationId: string): Promise<AttendanceRow[]> {
  return db
    .select({
      sessionId: eventSessionAttendance.sessionId,
      source: eventSessionAttendance.source,
      recordedAt: eventSessionAttendance.recordedAt,
    })
    .from(eventSessionAttendance)
    .where(eq(eventSessionAttendance.registrationId, registrationId))
    .orderBy(asc(eventSessionAttendance.recordedAt));
}

/** Records attendance once: a second recording of the same person at the same session adds nothing. */
export async function insertAttendance(
  tx: DbOrTx,
  row: { registrationId: string; sessionId: string; source: AttendanceSource; recordedBy: string | null },
): Promise<boolean> {
  const inserted = await tx
    .insert(eventSessionAttendance)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: eventSessionAttendance.registrationId });
  return inserted.length > 0;
}

export async function deleteAttendance(
  tx: DbOrTx,
  registrationId: string,
  sessionId: string,
): Promise<boolean> {
  const deleted = await tx
    .delete(eventSessionAttendance)
    .where(
      and(
        eq(eventSessionAttendance.registrationId, registrationId),
        eq(eventSessionAttendance.sessionId, sessionId),
      ),
    )
    .returning({ id: eventSessionAttendance.registrationId });
  return deleted.length > 0;
}

/** The person behind a registration, as check-in staff and the organisers' list show them. */
export async function personOf(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      locale: users.locale,
      stakeholderRole: users.stakeholderRole,
      stateCode: users.stateCode,
    })
    .from(users)
    .where(eq(users.id, userId));
  return row ?? null;
}

/** A session of the event as attendance needs it (times, code), read until program exports one. */
export interface SessionForAttendance {
  id: string;
  eventId: string;
  title: string;
  mode: "in_person" | "online";
  startsAt: Date | null;
  endsAt: Date | null;
  attendanceCode: string | null;
}

export async function sessionsForAttendance(db: DbOrTx, eventId: string): Promise<SessionForAttendance[]> {
  const rows = await queryRows<{
    id: string;
    event_id: string;
    title: string;
    mode: "in_person" | "online";
    starts_at: Date | string | null;
    ends_at: Date | string | null;
    attendance_code: string | null;
  }>(
    db,
    sql`select id, event_id, title, mode, starts_at, ends_at, attendance_code from event_sessions
        where event_id = ${eventId} order by starts_at nulls last, title`,
  );
  const at = (v: Date | string | null) => (v === null ? null : new Date(v));
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    title: r.title,
    mode: r.mode,
    startsAt: at(r.starts_at),
    endsAt: at(r.ends_at),
    attendanceCode: r.attendance_code,
  }));
}
