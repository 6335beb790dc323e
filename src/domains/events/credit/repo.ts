import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../../../platform/db/client";

// The credit capability's queries. The event, its sessions and a person's registration and
// attendance are read here from the tables the other capabilities own, through the few columns
// credit needs (a local stand-in until their service functions are on main).

export interface EventRow {
  id: string;
  slug: string;
  status: "draft" | "published" | "cancelled";
  organiserId: string;
  organiserAncestorIds: string[];
  titleEn: string;
  titleEs: string | null;
  startsOn: string;
  endsOn: string;
  mode: "in_person" | "online" | "hybrid";
  venue: string | null;
  ceActivityTitle: string | null;
}

export async function eventBySlug(db: DbOrTx, slug: string): Promise<EventRow | null> {
  const [row] = await queryRows<EventRow>(
    db,
    sql`select e.id, e.slug, e.status, e.organiser_id as "organiserId", o.ancestor_ids as "organiserAncestorIds",
          e.title_en as "titleEn", e.title_es as "titleEs", e.starts_on as "startsOn", e.ends_on as "endsOn",
          e.mode, e.venue, e.ce_activity_title as "ceActivityTitle"
        from events e join organisations o on o.id = e.organiser_id where e.slug = ${slug}`,
  );
  return row ?? null;
}

export interface SessionRow {
  id: string;
  eventId: string;
  title: string;
  learningObjectives: string;
  mode: "in_person" | "online";
  startsAt: Date | null;
  endsAt: Date | null;
  countsForCredit: boolean;
  creditHours: string | null;
}

const sessionColumns = sql`s.id, s.event_id as "eventId", s.title, s.learning_objectives as "learningObjectives",
  s.mode, s.starts_at as "startsAt", s.ends_at as "endsAt", s.counts_for_credit as "countsForCredit",
  s.credit_hours::text as "creditHours"`;

export async function sessionById(db: DbOrTx, sessionId: string): Promise<SessionRow | null> {
  const [row] = await queryRows<SessionRow>(
    db,
    sql`select ${sessionColumns} from event_sessions s where s.id = ${sessionId}`,
  );
  return row ? withDates(row) : null;
}

export async function sessionsOfEvent(db: DbOrTx, eventId: string): Promise<SessionRow[]> {
  const rows = await queryRows<SessionRow>(
    db,
    sql`select ${sessionColumns} from event_sessions s where s.event_id = ${eventId}
        order by s.starts_at nulls last, s.title`,
  );
  return rows.map(withDates);
}

/** PGlite and pg hand timestamps back differently through raw SQL: always Dates here. */
function withDates(row: SessionRow): SessionRow {
  return {
    ...row,
    startsAt: row.startsAt ? new Date(row.startsAt) : null,
    endsAt: row.endsAt ? new Date(row.endsAt) : null,
  };
}

export async function presenterUserIds(db: DbOrTx, sessionId: string): Promise<string[]> {
  const rows = await queryRows<{ userId: string }>(
    db,
    sql`select user_id as "userId" from event_session_presenters where session_id = ${sessionId} and user_id is not null`,
  );
  return rows.map((r) => r.userId);
}

export interface RegistrationRow {
  id: string;
  eventId: string;
  userId: string;
  status: "registered" | "waitlisted" | "cancelled";
  certificateName: string | null;
  licenceNumber: string | null;
  personName: string;
}

export async function registrationOfPerson(
  db: DbOrTx,
  eventId: string,
  userId: string,
): Promise<RegistrationRow | null> {
  const [row] = await queryRows<RegistrationRow>(
    db,
    sql`select r.id, r.event_id as "eventId", r.user_id as "userId", r.status,
          r.certificate_name as "certificateName", r.licence_number as "licenceNumber", u.name as "personName"
        from event_registrations r join users u on u.id = r.user_id
        where r.event_id = ${eventId} and r.user_id = ${userId}`,
  );
  return row ?? null;
}

export async function registrationById(db: DbOrTx, id: string): Promise<RegistrationRow | null> {
  const [row] = await queryRows<RegistrationRow>(
    db,
    sql`select r.id, r.event_id as "eventId", r.user_id as "userId", r.status,
          r.certificate_name as "certificateName", r.licence_number as "licenceNumber", u.name as "personName"
        from event_registrations r join users u on u.id = r.user_id where r.id = ${id}`,
  );
  return row ?? null;
}

/** The sessions a registration has recorded attendance at (the only attendance credit trusts). */
export async function attendedSessionIds(db: DbOrTx, registrationId: string): Promise<Set<string>> {
  const rows = await queryRows<{ sessionId: string }>(
    db,
    sql`select session_id as "sessionId" from event_session_attendance where registration_id = ${registrationId}`,
  );
  return new Set(rows.map((r) => r.sessionId));
}

/** The evaluations a registration has completed: session ids, and "event" for the event's own. */
export async function receiptsOf(db: DbOrTx, registrationId: string): Promise<Set<string>> {
  const rows = await queryRows<{ sessionId: string | null }>(
    db,
    sql`select session_id as "sessionId" from event_evaluation_receipts where registration_id = ${registrationId}`,
  );
  return new Set(rows.map((r) => r.sessionId ?? "event"));
}

export interface CreditTypeRow {
  id: string;
  eventId: string;
  profession: string;
  label: string;
  providerName: string;
  approvalStatement: string;
  retentionYears: number;
}

export async function creditTypesOf(db: DbOrTx, eventId: string): Promise<CreditTypeRow[]> {
  return queryRows<CreditTypeRow>(
    db,
    sql`select id, event_id as "eventId", profession, label, provider_name as "providerName",
          approval_statement as "approvalStatement", retention_years as "retentionYears"
        from event_credit_types where event_id = ${eventId} order by label`,
  );
}

export async function claimOf(db: DbOrTx, registrationId: string): Promise<string | null> {
  const [row] = await queryRows<{ creditTypeId: string }>(
    db,
    sql`select credit_type_id as "creditTypeId" from event_credit_claims where registration_id = ${registrationId}`,
  );
  return row?.creditTypeId ?? null;
}
