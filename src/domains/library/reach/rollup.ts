import { sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { enqueueJob, type JobHandler } from "../../../platform/jobs";
import { DOUBLE_CLICK_MS } from "./counting";
import { flushUsage } from "./recorder";
import { refreshReachSummary } from "./summary";

/*
 * The roll-up: events whose clock hour is over (and the 30 s after it, which a double click
 * across the hour needs) become monthly counts per resource, by the same rules as
 * counting.ts's countUsage (recording.test.ts checks they agree), and are deleted with their
 * keyed hashes. Keys of days before the last hour are dropped too. One statement writes the
 * counts, so the dashboards cached under the tag `reach` are dropped once per run.
 */

/** The end of the last clock hour whose events (and the 30 s after them) are all in. */
export function rollUpCutoff(now: Date): Date {
  const settled = new Date(now.getTime() - DOUBLE_CLICK_MS);
  settled.setUTCMinutes(0, 0, 0);
  return settled;
}

export async function rollUpUsage(
  db: Db,
  now = new Date(),
  options: { summarise?: boolean } = {},
): Promise<{ events: number }> {
  await flushUsage(db);
  const rolled = await rollUpEvents(db, now);
  // The dashboards' figures follow (one rebuild per run that counted something).
  if (rolled.events > 0 && options.summarise !== false) await refreshReachSummary(db, now);
  return rolled;
}

async function rollUpEvents(db: Db, now: Date): Promise<{ events: number }> {
  const cutoff = rollUpCutoff(now).toISOString();
  const lookahead = new Date(Date.parse(cutoff) + DOUBLE_CLICK_MS).toISOString();
  return db.transaction(async (tx) => {
    // A double click: the same user on the same URL again within 30 s; the later one counts.
    await tx.execute(sql`
      with ordered as (
        select occurred_at, resource_id, kind, session_hash,
               lead(occurred_at) over (partition by user_hash, target order by occurred_at, id) as next_at
        from reach_events where occurred_at < ${lookahead}::timestamptz
      ), kept as (
        select * from ordered
        where occurred_at < ${cutoff}::timestamptz
          and (next_at is null or next_at - occurred_at > make_interval(secs => ${DOUBLE_CLICK_MS / 1000}))
      ), counted as (
        select resource_id,
               date_trunc('month', occurred_at at time zone 'UTC')::date as month,
               count(*)::int as total_investigations,
               count(distinct session_hash)::int as unique_investigations,
               (count(*) filter (where kind = 'request'))::int as total_requests,
               (count(distinct session_hash) filter (where kind = 'request'))::int as unique_requests
        from kept group by 1, 2
      )
      insert into reach_monthly (resource_id, month, total_investigations, unique_investigations,
                                 total_requests, unique_requests)
      select resource_id, month, total_investigations, unique_investigations, total_requests, unique_requests
      from counted
      on conflict (resource_id, month) do update set
        total_investigations = reach_monthly.total_investigations + excluded.total_investigations,
        unique_investigations = reach_monthly.unique_investigations + excluded.unique_investigations,
        total_requests = reach_monthly.total_requests + excluded.total_requests,
        unique_requests = reach_monthly.unique_requests + excluded.unique_requests`);
    const deleted = await queryRows<{ n: number }>(
      tx,
      sql`with gone as (delete from reach_events where occurred_at < ${cutoff}::timestamptz returning 1)
          select count(*)::int as n from gone`,
    );
    await tx.execute(
      sql`delete from reach_hash_keys where day < (${cutoff}::timestamptz - interval '1 hour')::date`,
    );
    return { events: deleted[0]?.n ?? 0 };
  });
}

export const ROLLUP_JOB = "library.reach-rollup";
const EVERY_MS = 10 * 60_000;

/** Queues the first roll-up when none is waiting (each run queues the next). */
export async function scheduleRollUp(db: Db, at = new Date()) {
  const [queued] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from jobs where kind = ${ROLLUP_JOB} and status in ('queued', 'running')`,
  );
  if ((queued?.n ?? 0) === 0) await enqueueJob(db, ROLLUP_JOB, {}, at);
}

export const reachJobs: Record<string, JobHandler> = {
  [ROLLUP_JOB]: async (_payload, { db }) => {
    await rollUpUsage(db);
    const [queued] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from jobs where kind = ${ROLLUP_JOB} and status = 'queued'`,
    );
    if ((queued?.n ?? 0) === 0) await enqueueJob(db, ROLLUP_JOB, {}, new Date(Date.now() + EVERY_MS));
  },
};
