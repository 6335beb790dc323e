import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../src/platform/db/client";
import { aloneLatency, concurrentLatency, timedGet } from "../page-load";

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
  /** False for a figure shown beside the target, not held to it. */
  targeted?: boolean;
}

export const PROGRAM_TARGET_MS = 20;

/**
 * The program's addresses attendees open, and two more the case opens first and does not time:
 * the first request a server process gets for a route compiles that route's input schemas,
 * once per process, which no visitor after a program change pays.
 */
export async function programUrls(
  db: Db,
  eventId: string,
  slug: string,
  days: string[],
): Promise<{ urls: string[]; warmUp: string[] }> {
  const [track] = await queryRows<{ id: string }>(
    db,
    sql`select id from event_tracks where event_id = ${eventId} order by position limit 1`,
  );
  const sessions = await queryRows<{ id: string }>(
    db,
    sql`select id from event_sessions where event_id = ${eventId} order by starts_at, id limit 6`,
  );
  const program = `/events/${slug}/program`;
  const [warmUpSession, ...timedSessions] = sessions;
  const warmUp = [`${program}?mode=in_person`, `${program}/sessions/${warmUpSession!.id}`];
  const urls = [
    program,
    ...days.map((day) => `${program}?day=${day}`),
    ...(track ? [`${program}?track=${track.id}`] : []),
    `${program}?format=workshop`,
    `${program}?mode=online`,
    `${program}?language=es`,
    ...timedSessions.map((s) => `${program}/sessions/${s.id}`),
  ];
  return { urls, warmUp };
}

export async function programPageCase(
  base: string,
  { urls, warmUp }: { urls: string[]; warmUp: string[] },
  requests: number,
  clients: number,
): Promise<ProgramFigure[]> {
  for (const url of warmUp) await timedGet(base + url, "");
  const full = urls.map((u) => base + u);
  const alone = await aloneLatency(full, "");
  console.log(
    `  program: slowest first visit ${alone.first.slowest.ms.toFixed(1)} ms (${alone.first.slowest.url.replace(base, "")})`,
  );
  const together = await concurrentLatency(full, "", requests, clients);
  const what = "Program page and session pages, signed out";
  return [
    {
      what,
      load: `${urls.length} URLs, each once, one at a time: its first visit (built from the database, then kept until the program changes)`,
      p50: alone.first.p50,
      p95: alone.first.p95,
      targeted: false,
    },
    {
      what,
      load: `${urls.length} URLs, ${Math.max(40, urls.length * 2)} requests, one at a time, after the first visits`,
      p50: alone.p50,
      p95: alone.p95,
    },
    {
      what,
      load: `${urls.length} URLs, ${together.n} requests, ${clients} clients`,
      p50: together.p50,
      p95: together.p95,
    },
  ];
}
