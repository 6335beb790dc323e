import { sign } from "@fastify/cookie";
import { sql } from "drizzle-orm";
import { registerPerson } from "../../src/domains/events/registration/places";
import { createSession, SESSION_COOKIE } from "../../src/platform/auth/sessions";
import { type Db, openDatabase, queryRows } from "../../src/platform/db/client";
import { addMembership, buildUser } from "../../src/seed/factories";
import { percentile } from "../support";

/*
 * Registration's figures for the events suite (bench/events/run.ts composes them), on a
 * conference whose registrations src/domains/events/registration/generate.ts made:
 *   - check-in of one attendee, p95 ≤ 15 ms while 50 clients (each its own organiser session)
 *     check in at once through /api/v1 — every code sent twice by different clients, then the
 *     rows counted: each attendee checked in exactly once, none lost;
 *   - the waitlist under 200 concurrent registrations for the last 10 places (20 connections),
 *     timed, then counted: exactly 10 registered, 190 waitlisted, never over capacity.
 */

export interface RegistrationBenchContext {
  db: Db;
  databaseUrl: string;
  /** The app under test, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  sessionSecret: string;
  eventId: string;
  eventSlug: string;
  /** The organising state's id (check-in staff are made members of its team). */
  organiserId: string;
  quick: boolean;
}

export interface RegistrationBenchRow {
  what: string;
  size: string;
  p50: string;
  p95: string;
  target: string;
  verdict: string;
}

const CLIENTS = 50;

async function staffCookies(ctx: RegistrationBenchContext, n: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < n; i++) {
    const staff = await buildUser(ctx.db, { name: `Bench check-in staff ${i}` });
    await addMembership(ctx.db, staff.id, ctx.organiserId, "member");
    const token = await createSession(ctx.db, staff.id, { userAgent: "bench" });
    cookies.push(`${SESSION_COOKIE}=${encodeURIComponent(sign(token, ctx.sessionSecret))}`);
  }
  return cookies;
}

/** 50 clients check attendees in at once; each code goes out twice (a double scan at two doors). */
export async function checkInCase(ctx: RegistrationBenchContext): Promise<RegistrationBenchRow> {
  const attendees = ctx.quick ? 500 : 2000;
  const codes = (
    await queryRows<{ code: string }>(
      ctx.db,
      sql`select check_in_code as code from event_registrations where event_id = ${ctx.eventId}
          and status = 'registered' and checked_in_at is null order by id limit ${attendees}`,
    )
  ).map((r) => r.code);
  const queue = codes.flatMap((c, i) => [c, codes[(i + 1) % codes.length]!]).slice(0, codes.length * 2);
  const cookies = await staffCookies(ctx, CLIENTS);
  const url = `${ctx.baseUrl}/api/v1/events/${ctx.eventSlug}/check-ins`;
  const timings: number[] = [];
  const results = new Map<string, number>();
  let failures = 0;
  let next = 0;
  await Promise.all(
    cookies.map(async (cookie) => {
      while (next < queue.length) {
        const code = queue[next++]!;
        const started = performance.now();
        const res = await fetch(url, {
          method: "POST",
          headers: { cookie, "content-type": "application/json" },
          body: JSON.stringify({ code }),
        });
        const body = (await res.json()) as { result?: string };
        timings.push(performance.now() - started);
        if (res.status !== 200) failures++;
        results.set(
          body.result ?? `HTTP ${res.status}`,
          (results.get(body.result ?? `HTTP ${res.status}`) ?? 0) + 1,
        );
      }
    }),
  );
  const [counted] = await queryRows<{ checked: number }>(
    ctx.db,
    sql`select count(*)::int as checked from event_registrations where event_id = ${ctx.eventId}
        and check_in_code in ${codes} and checked_in_at is not null`,
  );
  timings.sort((a, b) => a - b);
  const p95 = percentile(timings, 95);
  const exact =
    counted!.checked === codes.length && results.get("checked_in") === codes.length && failures === 0;
  return {
    what: "Check-in of one attendee while 50 clients check in at once (/api/v1)",
    size: `${queue.length} check-ins of ${codes.length} attendees (each twice), ${CLIENTS} clients; after: ${counted!.checked} checked in, ${results.get("checked_in") ?? 0} first check-ins, ${results.get("already") ?? 0} "already", ${failures} failures`,
    p50: `${percentile(timings, 50).toFixed(1)} ms`,
    p95: `${p95.toFixed(1)} ms`,
    target: "p95 ≤ 15 ms; no double, no lost check-in",
    verdict: p95 <= 15 && exact ? "met" : exact ? "NOT met (time)" : "NOT met (counts)",
  };
}

/** 200 people register at once for the last 10 places of an event, over 20 connections. */
export async function waitlistCase(ctx: RegistrationBenchContext): Promise<RegistrationBenchRow> {
  const [{ taken }] = (await queryRows<{ taken: number }>(
    ctx.db,
    sql`select count(*)::int as taken from event_registrations where event_id = ${ctx.eventId} and status = 'registered'`,
  )) as [{ taken: number }];
  await ctx.db.execute(sql`update events set capacity = ${taken + 10} where id = ${ctx.eventId}`);
  const [ticket] = await queryRows<{ id: string }>(
    ctx.db,
    sql`select id from event_ticket_types where event_id = ${ctx.eventId} and stakeholder_roles = '{}' limit 1`,
  );
  const crowd = (
    await queryRows<{ id: string }>(
      ctx.db,
      sql`insert into users (email, name, password_hash, stakeholder_role, email_verified_at, is_demo)
          select 'waitlist.' || g || '.' || ${ctx.eventId} || '@bench.example', 'Waitlist ' || g, 'no-sign-in',
                 'educator', now(), true from generate_series(1, 200) g returning id`,
    )
  ).map((r) => r.id);
  const wide = await openDatabase({ databaseUrl: ctx.databaseUrl, poolSize: 20 });
  const timings: number[] = [];
  const started = performance.now();
  try {
    await Promise.all(
      crowd.map(async (userId) => {
        const t0 = performance.now();
        await registerPerson(wide.db, ctx.eventId, userId, {
          ticketTypeId: ticket!.id,
          answers: {},
          certificateName: null,
          licenceNumber: null,
        });
        timings.push(performance.now() - t0);
      }),
    );
  } finally {
    await wide.close();
  }
  const wall = performance.now() - started;
  const counts = await queryRows<{ status: string; n: number }>(
    ctx.db,
    sql`select status, count(*)::int as n from event_registrations where event_id = ${ctx.eventId}
        and user_id in ${crowd} group by status`,
  );
  const of = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
  const [{ total }] = (await queryRows<{ total: number }>(
    ctx.db,
    sql`select count(*)::int as total from event_registrations where event_id = ${ctx.eventId} and status = 'registered'`,
  )) as [{ total: number }];
  timings.sort((a, b) => a - b);
  const exact = of("registered") === 10 && of("waitlisted") === 190 && total === taken + 10;
  return {
    what: "200 concurrent registrations for the last 10 places (20 connections)",
    size: `${taken} places taken before; after: ${of("registered")} registered, ${of("waitlisted")} waitlisted, ${total} of ${taken + 10} places taken; all 200 in ${wall.toFixed(0)} ms`,
    p50: `${percentile(timings, 50).toFixed(1)} ms`,
    p95: `${percentile(timings, 95).toFixed(1)} ms`,
    target: "no overbooking (exactly 10 registered, 190 waitlisted)",
    verdict: exact ? "met" : "NOT met",
  };
}
