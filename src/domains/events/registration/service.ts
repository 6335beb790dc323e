import { and, eq, sql } from "drizzle-orm";
import { createEvents } from "ics";
import { STAKEHOLDER_ROLES, type StakeholderRole } from "../../../platform/auth/schema";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { queueEmails } from "../../../platform/email";
import { type Locale, translator } from "../../../platform/i18n";
import { displayCode, normaliseCode } from "./codes";
import { registrationCatalog } from "./messages";
import { cancelPlace, promoteByHand, type RegistrationDetails, registerPerson } from "./places";
import {
  attendanceRows,
  personOf,
  questionRows,
  type RegistrationRow,
  registrationRow,
  registrationRowOf,
  sessionsForAttendance,
  ticketTypeRows,
  type TicketTypeRow,
} from "./repo";
import { eventRegistrationQuestions, eventTicketTypes, type RegistrationStatus } from "./schema";

export {
  checkInAtDoor,
  checkInToSession,
  correctAttendance,
  recordSessionCode,
  SESSION_CODE_GRACE_MINUTES,
  sessionCodeWindow,
} from "./attendance";
export { checkInQrSvg, displayCode, normaliseCode } from "./codes";
export type {
  AttendanceRow,
  QuestionRow,
  RegistrationRow,
  SessionForAttendance,
  TicketTypeRow,
} from "./repo";
export { questionRows as registrationQuestionsOf, sessionsForAttendance, ticketTypeRows as ticketTypesOf };

/** What registration needs to know of an event (setup's event row has all of it). */
export interface RegistrationEvent {
  id: string;
  slug: string;
  titleEn: string;
  titleEs: string | null;
  startsOn: string;
  endsOn: string;
  timeZone: string;
  venue: string | null;
  onlineUrl: string | null;
}

let publicUrl = "http://localhost:3000";
/** Where links in emails point (the app's public address), set when the routes are registered. */
export function configureRegistration(options: { publicUrl: string }) {
  publicUrl = options.publicUrl.replace(/\/$/, "");
}

// --- Reading -------------------------------------------------------------------------------

/** A person's registration for an event (any status), or null if they never registered. */
export async function registrationOf(
  db: DbOrTx,
  eventId: string,
  userId: string,
): Promise<RegistrationRow | null> {
  return registrationRowOf(db, eventId, userId);
}

export async function registrationById(db: DbOrTx, id: string): Promise<RegistrationRow | null> {
  return registrationRow(db, id);
}

/** The sessions a registration attended (room check-in, session code or correction). */
export async function attendedSessions(db: DbOrTx, registrationId: string) {
  return attendanceRows(db, registrationId);
}

export interface RegistrationCounts {
  byStatus: Record<RegistrationStatus, number>;
  checkedIn: number;
  /** Registered people (places taken) by stakeholder type and by state, as reports group them. */
  byStakeholderType: { key: StakeholderRole; status: RegistrationStatus; n: number }[];
  byState: { key: string | null; status: RegistrationStatus; n: number }[];
}

/** Registrations of an event counted by status, stakeholder type and state (setup's reports and credit use them). */
export async function registrationCounts(db: DbOrTx, eventId: string): Promise<RegistrationCounts> {
  const rows = await queryRows<{
    status: RegistrationStatus;
    role: StakeholderRole;
    state: string | null;
    n: number;
    checked: number;
  }>(
    db,
    sql`select r.status, u.stakeholder_role as role, u.state_code as state, count(*)::int as n,
               count(r.checked_in_at)::int as checked
        from event_registrations r join users u on u.id = r.user_id
        where r.event_id = ${eventId} group by r.status, u.stakeholder_role, u.state_code`,
  );
  const byStatus: Record<RegistrationStatus, number> = { registered: 0, waitlisted: 0, cancelled: 0 };
  const roles = new Map<string, { key: StakeholderRole; status: RegistrationStatus; n: number }>();
  const states = new Map<string, { key: string | null; status: RegistrationStatus; n: number }>();
  let checkedIn = 0;
  for (const r of rows) {
    byStatus[r.status] += r.n;
    checkedIn += r.checked;
    const role = roles.get(`${r.role}|${r.status}`) ?? { key: r.role, status: r.status, n: 0 };
    role.n += r.n;
    roles.set(`${r.role}|${r.status}`, role);
    const state = states.get(`${r.state}|${r.status}`) ?? { key: r.state, status: r.status, n: 0 };
    state.n += r.n;
    states.set(`${r.state}|${r.status}`, state);
  }
  const roleOrder = (k: string) => STAKEHOLDER_ROLES.indexOf(k as StakeholderRole);
  return {
    byStatus,
    checkedIn,
    byStakeholderType: [...roles.values()].sort((a, b) => roleOrder(a.key) - roleOrder(b.key)),
    byState: [...states.values()].sort((a, b) => String(a.key).localeCompare(String(b.key))),
  };
}

/** Whether every place is taken (a new registration would join the waitlist). */
export async function isFull(db: DbOrTx, eventId: string): Promise<boolean> {
  const [row] = await queryRows<{ full: boolean }>(
    db,
    sql`select e.capacity is not null and e.capacity <= (select count(*) from event_registrations r
          where r.event_id = e.id and r.status = 'registered') as full from events e where e.id = ${eventId}`,
  );
  return row?.full ?? false;
}

/** A waitlisted person's place in the queue (1 = next to be promoted). */
export async function waitlistPosition(db: DbOrTx, registration: RegistrationRow): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from event_registrations where event_id = ${registration.eventId}
        and status = 'waitlisted' and (waitlisted_at, registered_at, id) <=
        (${registration.waitlistedAt?.toISOString() ?? null}::timestamptz, ${registration.registeredAt.toISOString()}::timestamptz, ${registration.id}::uuid)`,
  );
  return row?.n ?? 1;
}

/** Ticket types a person of this stakeholder type may choose (none listed on a type: everyone). */
export async function ticketTypesOfferedTo(
  db: DbOrTx,
  eventId: string,
  role: StakeholderRole,
): Promise<TicketTypeRow[]> {
  return (await ticketTypeRows(db, eventId)).filter(
    (t) => t.stakeholderRoles.length === 0 || t.stakeholderRoles.includes(role),
  );
}

// --- The organisers' list ---------------------------------------------------------------------

export interface RegistrationFilters {
  status?: RegistrationStatus;
  ticketTypeId?: string;
  /** Part of a name or email address. */
  q?: string;
}

export interface RegistrationListItem {
  id: string;
  name: string;
  email: string;
  stakeholderRole: StakeholderRole;
  stateCode: string | null;
  ticketTypeId: string | null;
  status: RegistrationStatus;
  checkInCode: string;
  answers: Record<string, string>;
  certificateName: string | null;
  licenceNumber: string | null;
  registeredAt: Date;
  checkedInAt: Date | null;
}

export const REGISTRATIONS_PAGE_SIZE = 50;

const filterSql = (eventId: string, f: RegistrationFilters) => {
  const parts = [sql`r.event_id = ${eventId}`];
  if (f.status) parts.push(sql`r.status = ${f.status}`);
  if (f.ticketTypeId) parts.push(sql`r.ticket_type_id = ${f.ticketTypeId}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`(u.name ilike ${like} or u.email ilike ${like})`);
  }
  return sql.join(parts, sql` and `);
};

const LIST_COLUMNS = sql`r.id, u.name, u.email, u.stakeholder_role as "stakeholderRole", u.state_code as "stateCode",
  r.ticket_type_id as "ticketTypeId", r.status, r.check_in_code as "checkInCode", r.answers,
  r.certificate_name as "certificateName", r.licence_number as "licenceNumber",
  r.registered_at as "registeredAt", r.checked_in_at as "checkedInAt"`;

const asListItem = (r: RegistrationListItem): RegistrationListItem => ({
  ...r,
  registeredAt: new Date(r.registeredAt),
  checkedInAt: r.checkedInAt ? new Date(r.checkedInAt) : null,
});

/** One page of an event's registrations for its organisers, by name. */
export async function listRegistrations(
  db: DbOrTx,
  eventId: string,
  filters: RegistrationFilters,
  page = 1,
): Promise<{ items: RegistrationListItem[]; total: number }> {
  const where = filterSql(eventId, filters);
  const [{ total }] = (await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from event_registrations r join users u on u.id = r.user_id where ${where}`,
  )) as [{ total: number }];
  const items = await queryRows<RegistrationListItem>(
    db,
    sql`select ${LIST_COLUMNS} from event_registrations r join users u on u.id = r.user_id where ${where}
        order by lower(u.name), r.id limit ${REGISTRATIONS_PAGE_SIZE} offset ${(page - 1) * REGISTRATIONS_PAGE_SIZE}`,
  );
  return { items: items.map(asListItem), total };
}

/** Every registration matching the filters (the CSV), read in batches of 1,000. */
export async function* allRegistrations(db: DbOrTx, eventId: string, filters: RegistrationFilters) {
  const where = filterSql(eventId, filters);
  let after = "";
  for (;;) {
    const batch = await queryRows<RegistrationListItem & { sortKey: string }>(
      db,
      sql`select ${LIST_COLUMNS}, lower(u.name) || ' ' || r.id as "sortKey"
          from event_registrations r join users u on u.id = r.user_id
          where ${where} and lower(u.name) || ' ' || r.id > ${after}
          order by lower(u.name) || ' ' || r.id limit 1000`,
    );
    if (batch.length === 0) return;
    for (const row of batch) yield asListItem(row);
    after = batch[batch.length - 1]!.sortKey;
  }
}

/** At most this many people are listed for an attendance correction; a search narrows them. */
export const CORRECTION_MATCHES_SHOWN = 50;

export interface CorrectionCandidate {
  id: string;
  name: string;
  email: string;
  checkInCode: string;
}

/**
 * People with a place whom an attendance correction may name, by name: those whose name or email
 * contains `q`, or whose check-in code it is (typed with or without its dash). One more than
 * shown is read, so the page can say the list goes on.
 */
export async function correctionCandidates(
  db: DbOrTx,
  eventId: string,
  q: string | undefined,
): Promise<{ people: CorrectionCandidate[]; more: boolean }> {
  const text = q?.trim() ?? "";
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const match = text
    ? sql`and (u.name ilike ${like} or u.email ilike ${like} or r.check_in_code = ${normaliseCode(text)})`
    : sql``;
  const rows = await queryRows<CorrectionCandidate>(
    db,
    sql`select r.id, u.name, u.email, r.check_in_code as "checkInCode"
        from event_registrations r join users u on u.id = r.user_id
        where r.event_id = ${eventId} and r.status = 'registered' ${match}
        order by lower(u.name), r.id limit ${CORRECTION_MATCHES_SHOWN + 1}`,
  );
  return { people: rows.slice(0, CORRECTION_MATCHES_SHOWN), more: rows.length > CORRECTION_MATCHES_SHOWN };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One person an attendance correction may name: a registration of this event with a place. */
export async function correctionCandidate(
  db: DbOrTx,
  eventId: string,
  registrationId: string,
): Promise<CorrectionCandidate | null> {
  // It may come from a refused form post as typed: only a well-formed id reaches the query.
  if (!UUID.test(registrationId)) return null;
  const [row] = await queryRows<CorrectionCandidate>(
    db,
    sql`select r.id, u.name, u.email, r.check_in_code as "checkInCode"
        from event_registrations r join users u on u.id = r.user_id
        where r.id = ${registrationId} and r.event_id = ${eventId} and r.status = 'registered'`,
  );
  return row ?? null;
}

/** Attendance per session: how many registered people were recorded, and how. */
export async function attendancePerSession(db: DbOrTx, eventId: string) {
  return queryRows<{ sessionId: string; total: number; room: number; code: number; corrected: number }>(
    db,
    sql`select a.session_id as "sessionId", count(*)::int as total,
          count(*) filter (where a.source = 'room_check_in')::int as room,
          count(*) filter (where a.source = 'session_code')::int as code,
          count(*) filter (where a.source = 'correction')::int as corrected
        from event_session_attendance a join event_registrations r on r.id = a.registration_id
        where r.event_id = ${eventId} group by a.session_id`,
  );
}

/** The people recorded at one session, by name. */
export async function attendeesOf(db: DbOrTx, eventId: string, sessionId: string) {
  const rows = await queryRows<{ registrationId: string; name: string; source: string; recordedAt: Date }>(
    db,
    sql`select r.id as "registrationId", u.name, a.source, a.recorded_at as "recordedAt"
        from event_session_attendance a join event_registrations r on r.id = a.registration_id
        join users u on u.id = r.user_id
        where r.event_id = ${eventId} and a.session_id = ${sessionId} order by lower(u.name)`,
  );
  return rows.map((r) => ({ ...r, recordedAt: new Date(r.recordedAt) }));
}

// --- Ticket types ----------------------------------------------------------------------------

export interface TicketTypeInput {
  nameEn: string;
  nameEs?: string;
  mode: "in_person" | "online";
  priceCents: number;
  capacity?: number;
  stakeholderRoles?: StakeholderRole[];
}

export async function addTicketType(
  db: DbOrTx,
  eventId: string,
  input: TicketTypeInput,
): Promise<TicketTypeRow> {
  const [{ n }] = (await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from event_ticket_types where event_id = ${eventId}`,
  )) as [{ n: number }];
  const [row] = await db
    .insert(eventTicketTypes)
    .values({
      eventId,
      nameEn: input.nameEn,
      nameEs: input.nameEs || null,
      mode: input.mode,
      priceCents: input.priceCents,
      capacity: input.capacity ?? null,
      stakeholderRoles: input.stakeholderRoles ?? [],
      position: n,
    })
    .returning();
  return row!;
}

/** Families and youth attend free by default: the ticket types an event starts with. */
export function defaultTicketTypes(
  mode: "in_person" | "online" | "hybrid",
  priceCents = 0,
): TicketTypeInput[] {
  const modes = mode === "hybrid" ? (["in_person", "online"] as const) : ([mode] as const);
  const name = { in_person: ["In person", "Presencial"], online: ["Online", "En línea"] } as const;
  return modes.flatMap((m) => [
    { nameEn: name[m][0], nameEs: name[m][1], mode: m, priceCents },
    {
      nameEn: `${name[m][0]} — families and youth (free)`,
      nameEs: `${name[m][1]} — familias y jóvenes (gratis)`,
      mode: m,
      priceCents: 0,
      stakeholderRoles: ["family_member", "youth"] as StakeholderRole[],
    },
  ]);
}

export async function addQuestion(db: DbOrTx, eventId: string, input: { labelEn: string; labelEs?: string }) {
  const existing = await questionRows(db, eventId);
  const [row] = await db
    .insert(eventRegistrationQuestions)
    .values({ eventId, labelEn: input.labelEn, labelEs: input.labelEs || null, position: existing.length })
    .returning();
  return row!;
}

/** Removes a ticket type nobody holds (one with registrations stays: they would lose their ticket). */
export async function removeTicketType(db: DbOrTx, eventId: string, ticketTypeId: string): Promise<boolean> {
  const [held] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from event_registrations where ticket_type_id = ${ticketTypeId}`,
  );
  if ((held?.n ?? 0) > 0) return false;
  const deleted = await db
    .delete(eventTicketTypes)
    .where(and(eq(eventTicketTypes.eventId, eventId), eq(eventTicketTypes.id, ticketTypeId)))
    .returning({ id: eventTicketTypes.id });
  return deleted.length > 0;
}

// --- Registering and cancelling ------------------------------------------------------------------

export type RegisterOutcome =
  | { ok: true; registration: RegistrationRow; already: boolean }
  | { ok: false; reason: "ticket" };

/**
 * Registers the person (or waitlists them when full) and queues their confirmation email with
 * the check-in code and the calendar file's link. The ticket must be one offered to them.
 */
export async function register(
  db: Db,
  event: RegistrationEvent,
  userId: string,
  details: RegistrationDetails,
): Promise<RegisterOutcome> {
  const person = await personOf(db, userId);
  if (!person) throw new Error(`No person ${userId}`);
  const offered = await ticketTypesOfferedTo(db, event.id, person.stakeholderRole);
  if (!offered.some((t) => t.id === details.ticketTypeId)) return { ok: false, reason: "ticket" };
  const result = await registerPerson(db, event.id, userId, details);
  if (result.ok && !result.already) await mailPeople(db, event, [result.registration], "confirmation");
  return result;
}

/** Cancels a registration (by its person or an organiser); a freed place goes to the waitlist, who are told by email. */
export async function cancelRegistration(
  db: Db,
  event: RegistrationEvent,
  registrationId: string,
  actorId: string,
): Promise<{ cancelled: boolean; promoted: RegistrationRow[] }> {
  const result = await db.transaction(async (tx) => {
    const done = await cancelPlace(tx, registrationId, event.id, actorId);
    if (done.promoted.length > 0) await mailPeople(tx, event, done.promoted, "promoted");
    return done;
  });
  return { cancelled: result.cancelled !== null, promoted: result.promoted };
}

/** An organiser gives a waitlisted person a place by hand (audited); they are told by email. */
export async function promoteRegistration(
  db: Db,
  event: RegistrationEvent,
  registrationId: string,
  actorId: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const row = await promoteByHand(tx, registrationId, event.id, actorId);
    if (row) await mailPeople(tx, event, [row], "promoted");
    return row !== null;
  });
}

// --- Emails and calendar -------------------------------------------------------------------------

export const myRegistrationPath = (slug: string) => `/events/${slug}/registration`;
export const calendarFilePath = (slug: string) => `/events/${slug}/registration/event.ics`;

const eventTitle = (event: RegistrationEvent, locale: Locale) =>
  locale === "es" && event.titleEs ? event.titleEs : event.titleEn;

/** Confirmation (registered or waitlisted) and promotion emails, in each person's language. */
async function mailPeople(
  tx: DbOrTx,
  event: RegistrationEvent,
  registrations: RegistrationRow[],
  kind: "confirmation" | "promoted",
) {
  const messages = [];
  for (const r of registrations) {
    const person = await personOf(tx, r.userId);
    if (!person) continue;
    const locale: Locale = person.locale === "es" ? "es" : "en";
    const t = translator(registrationCatalog, locale);
    const title = eventTitle(event, locale);
    const lead =
      kind === "promoted"
        ? t("emailPromoted", { title })
        : r.status === "registered"
          ? t("emailRegistered", { title })
          : t("emailWaitlisted", { title });
    const lines = [
      lead,
      "",
      ...(r.status === "registered" ? [t("emailCode", { code: displayCode(r.checkInCode) }), ""] : []),
      t("emailMyRegistration", { url: `${publicUrl}${myRegistrationPath(event.slug)}` }),
      t("emailCalendar", { url: `${publicUrl}${calendarFilePath(event.slug)}` }),
    ];
    messages.push({ to: person.email, subject: lead, text: lines.join("\n") });
  }
  await queueEmails(tx, messages);
}

/** The event as an iCal file (all-day, in the event's own dates), for a registered person's calendar. */
export function eventCalendarFile(event: RegistrationEvent, locale: Locale): string {
  const day = (d: string) => d.split("-").map(Number) as [number, number, number];
  const end = new Date(`${event.endsOn}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  const { error, value } = createEvents([
    {
      uid: `${event.id}@smh-commons`,
      title: eventTitle(event, locale),
      start: day(event.startsOn),
      end: [end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate()],
      location: event.venue ?? event.onlineUrl ?? undefined,
      url: `${publicUrl}/events/${event.slug}`,
      productId: "SMH Commons",
    },
  ]);
  if (error || !value) throw error ?? new Error("Calendar could not be built");
  return value;
}

export { personOf as registrantOf };
export type { RegistrationDetails };
