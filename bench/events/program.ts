import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../src/platform/db/client";
import { aloneLatency, concurrentLatency } from "../page-load";

/*
 * Program's case of the events suite (issue 13: the program page p95 ≤ 20 ms on a conference of
 * 300 sessions): the published program as attendees open it, signed out — the whole program, each
 * day, a track, a format, online sessions, sessions in Spanish — and session pages, timed one
 * request at a time and then by concurrent clients after one warm-up request per address.
 */
export interface ProgramFigure {
  what: string;
  load: string;
  p50: number;
  p95: number;
}

export const PROGRAM_TARGET_MS = 20;

export async function programUrls(db: Db, eventId: string, slug: string, days: string[]): Promise<string[]> {
  const [track] = await queryRows<{ id: string }>(
    db,
    sql`select id from event_tracks where event_id = ${eventId} order by position limit 1`,
  );
  const sessions = await queryRows<{ id: string }>(
    db,
    sql`select id from event_sessions where event_id = ${eventId} order by starts_at, id limit 5`,
  );
  const program = `/events/${slug}/program`;
  return [
    program,
    ...days.map((day) => `${program}?day=${day}`),
    ...(track ? [`${program}?track=${track.id}`] : []),
    `${program}?format=workshop`,
    `${program}?mode=online`,
    `${program}?language=es`,
    ...sessions.map((s) => `${program}/sessions/${s.id}`),
  ];
}

export async function programPageCase(
  base: string,
  urls: string[],
  requests: number,
  clients: number,
): Promise<ProgramFigure[]> {
  const full = urls.map((u) => base + u);
  const alone = await aloneLatency(full, "");
  const together = await concurrentLatency(full, "", requests, clients);
  const what = "Program page and session pages, signed out";
  return [
    { what, load: `${urls.length} URLs, one at a time`, p50: alone.p50, p95: alone.p95 },
    {
      what,
      load: `${urls.length} URLs, ${together.n} requests, ${clients} clients`,
      p50: together.p50,
      p95: together.p95,
    },
  ];
}
