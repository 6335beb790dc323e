import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../../platform/db/client";

/*
 * A conference program made up for the benchmark (the issue's 300 sessions), set-based: rooms,
 * sessions and presenters each in one INSERT over generate_series, spread deterministically by
 * the row number so every run makes the same program. Sessions fill the rooms slot by slot
 * (75 minutes each from 08:00 in the event's zone) over the event's days; one in ten is online,
 * one in six in Spanish; tracks rotate. The program is published.
 */

const TOPICS = [
  "Universal screening",
  "Tier 2 groups for anxiety",
  "Family partnership",
  "Youth voice",
  "Crisis response",
  "Educator wellbeing",
  "Telehealth in rural schools",
  "Funding and sustainability",
  "Data-driven decisions",
  "Trauma-informed classrooms",
  "Referral pathways",
  "Mental health literacy",
];
const FORMATS = ["presentation", "workshop", "panel", "lightning_talk", "poster"];

export interface GeneratedProgram {
  sessionIds: string[];
  days: string[];
}

export async function generateProgram(
  db: Db,
  options: {
    eventId: string;
    startsOn: string;
    days: number;
    timeZone: string;
    sessions?: number;
    rooms?: number;
  },
): Promise<GeneratedProgram> {
  const { eventId, startsOn, days, timeZone } = options;
  const total = options.sessions ?? 300;
  const roomCount = options.rooms ?? 12;
  const perDay = Math.ceil(total / days);
  const topics = sql`array[${sql.join(
    TOPICS.map((t) => sql`${t}`),
    sql`, `,
  )}]::text[]`;
  const formats = sql`array[${sql.join(
    FORMATS.map((f) => sql`${f}`),
    sql`, `,
  )}]::text[]`;
  await db.execute(sql`
    insert into event_rooms (event_id, name, capacity)
    select ${eventId}, 'Room ' || lpad(g::text, 2, '0'), 40 + (g * 37) % 200
    from generate_series(1, ${roomCount}) g`);
  await db.execute(sql`
    with r as (select array_agg(id order by name) as ids from event_rooms where event_id = ${eventId}),
         t as (select array_agg(id order by position) as ids from event_tracks where event_id = ${eventId})
    insert into event_sessions (event_id, title, abstract, learning_objectives, format, mode, language,
                                track_id, room_id, starts_at, ends_at, counts_for_credit, attendance_code)
    select ${eventId},
           (${topics})[1 + g % ${TOPICS.length}] || ': session ' || g,
           'What the presenters did, what they measured and what they would do differently (session ' || g || ').',
           'Describe the approach' || chr(10) || 'Plan one step to adapt it',
           (${formats})[1 + g % ${FORMATS.length}],
           case when g % 10 = 0 then 'online' else 'in_person' end,
           case when g % 6 = 0 then 'es' else 'en' end,
           case when t.ids is null then null else t.ids[1 + g % cardinality(t.ids)] end,
           case when g % 10 = 0 then null else r.ids[1 + (g - 1) % cardinality(r.ids)] end,
           ((${startsOn}::date + ((g - 1) / ${perDay})) + time '08:00'
              + (((g - 1) % ${perDay}) / ${roomCount}) * interval '75 minutes') at time zone ${timeZone},
           ((${startsOn}::date + ((g - 1) / ${perDay})) + time '09:00'
              + (((g - 1) % ${perDay}) / ${roomCount}) * interval '75 minutes') at time zone ${timeZone},
           g % 25 <> 0,
           case when g % 10 = 0 then upper(substr(md5(g::text), 1, 6)) else null end
    from generate_series(1, ${total}) g, r, t`);
  await db.execute(sql`
    insert into event_session_presenters (session_id, position, name, organisation)
    select s.id, p, 'Presenter ' || (s.n * 3 + p), 'Organisation ' || ((s.n * 7 + p) % 150)
    from (select id, row_number() over (order by starts_at, id) as n from event_sessions where event_id = ${eventId}) s
    cross join generate_series(0, 2) p
    where p <= s.n % 3`);
  await db.execute(sql`
    insert into event_programs (event_id, published_at) values (${eventId}, now())
    on conflict (event_id) do update set published_at = now()`);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from event_sessions where event_id = ${eventId} order by starts_at, id`,
  );
  const dayList = Array.from({ length: days }, (_, i) =>
    new Date(Date.parse(`${startsOn}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
  );
  return { sessionIds: rows.map((r) => r.id), days: dayList };
}
