import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../../platform/db/client";
import { reportMonths } from "./counting";
import { rollUpUsage } from "./rollup";
import { refreshReachSummary } from "./summary";

/*
 * Usage made up for the demo and the benchmark, set-based: N events spread over the report's
 * months (this year so far and the 24 months before), written as raw events one month at a
 * time and rolled up by the real roll-up, so the monthly counts come out of the same rules as
 * real use. Popular resources get most of the use (the square of a uniform draw picks them);
 * about one use in four is a download (a request); users come back, so unique counts are
 * lower than totals, and some clicks repeat within 30 seconds.
 */

export interface GenerateUsageOptions {
  /** How many events in all. */
  events: number;
  /** Months back from `today` (default: the report's window). */
  today?: Date;
  /** Made-up users the events are spread over (default: events / 8). */
  users?: number;
  /** Deterministic draws (setseed), for the demo. */
  seed?: number;
}

export async function generateUsage(
  db: Db,
  options: GenerateUsageOptions,
): Promise<{ events: number; months: number }> {
  const today = options.today ?? new Date();
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from library_resources where status in ('published', 'archived')`,
  );
  const resources = count?.n ?? 0;
  if (resources === 0 || options.events <= 0) return { events: 0, months: 0 };
  // Months that have begun (the current one up to now).
  const months = reportMonths(today).filter((m) => Date.parse(`${m}-01T00:00:00Z`) < today.getTime());
  const perMonth = Math.max(1, Math.floor(options.events / months.length));
  const users = Math.max(1, options.users ?? Math.floor(options.events / 8));
  let written = 0;
  for (const [i, month] of months.entries()) {
    const start = new Date(`${month}-01T00:00:00Z`);
    const end = new Date(
      Math.min(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1), today.getTime()),
    );
    const seconds = Math.max(60, Math.floor((end.getTime() - start.getTime()) / 1000) - 60);
    if (options.seed !== undefined)
      await db.execute(sql`select setseed(${((options.seed + i) % 1000) / 1000})`);
    await db.execute(sql`
      with pool as (
        select id, slug, row_number() over (order by id) - 1 as n
        from library_resources where status in ('published', 'archived')
      ), draws as (
        select g, floor(${resources} * power(random(), 2))::int as pick,
               floor(random() * ${users})::int as who,
               ${start.toISOString()}::timestamptz + make_interval(secs => floor(random() * ${seconds})) as at,
               random() < 0.25 as download
        from generate_series(1, ${perMonth}) g
      )
      insert into reach_events (occurred_at, resource_id, kind, target, user_hash, session_hash)
      select d.at, p.id, case when d.download then 'request' else 'investigation' end,
             '/library/' || p.slug || case when d.download then '/files/1' else '' end,
             decode(md5('user ' || d.who), 'hex'),
             decode(md5('user ' || d.who || ' ' || to_char(d.at, 'YYYY-MM-DD"T"HH24')), 'hex')
      from draws d join pool p on p.n = d.pick`);
    written += perMonth;
    // The month's events become its counts (and are deleted), as the hourly job does.
    await rollUpUsage(
      db,
      new Date(Math.min(end.getTime() + 3_600_000, Math.max(end.getTime(), today.getTime()))),
      { summarise: false },
    );
  }
  await refreshReachSummary(db, today);
  return { events: written, months: months.length };
}

/**
 * The dashboards a benchmark times: the nation's and the state with the most resources (its
 * largest), as page and API addresses (read them as a national admin or the scope's team).
 */
export async function reachDashboardUrls(db: Db): Promise<{ nation: string[]; largestState: string[] }> {
  const [nation] = await queryRows<{ id: string }>(
    db,
    sql`select id::text from organisations where kind = 'nation' limit 1`,
  );
  const [state] = await queryRows<{ id: string }>(
    db,
    sql`select o.id::text from organisations o
        join (select state_code, count(*) as n from library_resources where state_code is not null group by 1) r
          on r.state_code = o.state_code
        where o.kind = 'state' order by r.n desc, o.state_code limit 1`,
  );
  const urls = (id: string | undefined) =>
    id ? [`/library/reach/scopes/${id}`, `/api/v1/library/reach/scopes/${id}`] : [];
  return { nation: urls(nation?.id), largestState: urls(state?.id) };
}
