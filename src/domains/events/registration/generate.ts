import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";

/*
 * The benchmark's registrations, set-based in SQL (no row-by-row inserts): attendees as accounts,
 * two ticket types (paid, and free for families and youth), every attendee registered with a
 * check-in code, and attendance at the event's sessions (each attendee at about `attendanceShare`
 * of them, chosen by a hash so the data is the same on every run). Nobody is checked in at the
 * door: the check-in case does that.
 */

export interface RegistrationGeneration {
  eventId: string;
  attendees: number;
  /** Share of (attendee, session) pairs recorded as attended, 0–1. */
  attendanceShare?: number;
  /** Tells this run's accounts apart from another event's. */
  tag: string;
}

const ROLES = [
  "school_mh_professional",
  "educator",
  "community_mh_professional",
  "family_member",
  "youth",
  "school_administrator",
];
const STATES = ["MD", "CA", "TX", "VA", "OH", "NY", "FL", "WA"];

export async function generateRegistrations(db: DbOrTx, g: RegistrationGeneration) {
  const share = Math.round((g.attendanceShare ?? 0.04) * 10_000);
  const roles = sql.raw(`array[${ROLES.map((r) => `'${r}'`).join(",")}]`);
  const states = sql.raw(`array[${STATES.map((s) => `'${s}'`).join(",")}]`);
  const [paid] = await queryRows<{ id: string }>(
    db,
    sql`insert into event_ticket_types (event_id, name_en, name_es, mode, price_cents, position)
        values (${g.eventId}, 'In person', 'Presencial', 'in_person', 25000, 0) returning id`,
  );
  const [free] = await queryRows<{ id: string }>(
    db,
    sql`insert into event_ticket_types (event_id, name_en, name_es, mode, price_cents, stakeholder_roles, position)
        values (${g.eventId}, 'Families and youth (free)', 'Familias y jóvenes (gratis)', 'in_person', 0,
                '{family_member,youth}', 1) returning id`,
  );
  await db.execute(sql`
    insert into users (email, name, password_hash, state_code, stakeholder_role, email_verified_at, is_demo)
    select 'attendee.' || g || '.' || ${g.tag} || '@bench.example', 'Bench Attendee ' || g, 'no-sign-in',
           (${states})[1 + g % ${STATES.length}], (${roles})[1 + g % ${ROLES.length}], now(), true
    from generate_series(1, ${g.attendees}) g`);
  await db.execute(sql`
    insert into event_registrations (event_id, user_id, ticket_type_id, status, check_in_code, answers, registered_at)
    select ${g.eventId}, u.id,
           case when u.stakeholder_role in ('family_member', 'youth') then ${free!.id}::uuid else ${paid!.id}::uuid end,
           'registered', upper(substr(md5(u.id::text || ${g.eventId}), 1, 10)),
           case when hashtext(u.id::text) % 10 = 0 then '{"accessibility": "Captions"}'::jsonb else '{}'::jsonb end,
           now() - interval '30 days'
    from users u where u.email like ${`attendee.%.${g.tag}@bench.example`}`);
  await db.execute(sql`
    insert into event_session_attendance (registration_id, session_id, source, recorded_at)
    select r.id, s.id, case when s.mode = 'online' then 'session_code' else 'room_check_in' end,
           coalesce(s.starts_at, now())
    from event_registrations r join event_sessions s on s.event_id = r.event_id
    where r.event_id = ${g.eventId} and abs(hashtext(r.id::text || s.id::text)) % 10000 < ${share}`);
  return { paidTicketId: paid!.id, freeTicketId: free!.id };
}
