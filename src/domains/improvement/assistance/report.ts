import { type SQL, sql } from "drizzle-orm";
import { type Caches, cachesPerApp, type Dependencies } from "../../../platform/cache";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import { protectParts } from "../../../platform/privacy/suppression";
import type { Intensity } from "./schema";

export interface ReportScope {
  id: string;
  name: string;
  kind: string;
}

export const REPORT_DIMENSIONS = ["state", "topic", "intensity", "month"] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export interface ReportFilters {
  /** The state reported on; null for every state (the nation's report). */
  stateId: string | null;
  by: ReportDimension;
  /** First and last month, YYYY-MM, inclusive. */
  from: string;
  to: string;
  topic?: string;
  intensity?: Intensity;
}

export interface ReportFigures {
  key: string;
  episodes: number | null;
  hours: number | null;
  teamsServed: number | null;
  scorePairs: number | null;
  meanScoreChange: number | null;
  suppressed: boolean;
}

export interface ReportTable {
  rows: (ReportFigures & { name: string | null })[];
  total: ReportFigures;
}

/** Episodes that were served: accepted (in progress) or closed. Requests, referrals and declines are not. */
const SERVED = sql`status in ('accepted', 'closed')`;

const keyOf: Record<ReportDimension, SQL> = {
  state: sql`state_id::text`,
  topic: sql`topic`,
  intensity: sql`coalesce(intensity, 'none')`,
  month: sql`to_char(requested_at at time zone 'UTC', 'YYYY-MM')`,
};

/** The first instant of the month after `month` (YYYY-MM), as an ISO string. */
export function monthAfter(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1)).toISOString();
}

interface Grouped {
  key: string | null;
  name: string | null;
  episodes: number;
  hours: number;
  teams: number;
  pairs: number;
  change: number | null;
}

/**
 * The report in one statement: one grouped scan of the state's (or every state's) served
 * episodes in the months asked for, each row and the total (grouping sets, so "teams served"
 * of the total counts each team once). Hours and both domain scores are kept on the episode
 * rows, so no contact or assessment is read here.
 */
export async function reportFigures(db: DbOrTx, filters: ReportFilters): Promise<ReportTable> {
  const where = [
    SERVED,
    sql`requested_at >= ${`${filters.from}-01T00:00:00Z`}::timestamptz`,
    sql`requested_at < ${monthAfter(filters.to)}::timestamptz`,
  ];
  if (filters.stateId) where.push(sql`state_id = ${filters.stateId}::uuid`);
  if (filters.topic) where.push(sql`topic = ${filters.topic}`);
  if (filters.intensity) where.push(sql`intensity = ${filters.intensity}`);
  const both = sql`score_before is not null and score_after is not null`;
  const rows = await queryRows<Grouped>(
    db,
    sql`with grouped as (
          select ${keyOf[filters.by]} as key, grouping(${keyOf[filters.by]}) as is_total,
                 count(*)::int as episodes, coalesce(sum(hours), 0)::float8 as hours,
                 count(distinct organisation_id)::int as teams,
                 (count(*) filter (where ${both}))::int as pairs,
                 (avg(score_after - score_before) filter (where ${both}))::float8 as change
            from ta_episodes
           where ${sql.join(where, sql` and `)}
           group by grouping sets ((${keyOf[filters.by]}), ()))
        select case when g.is_total = 1 then null else g.key end as key,
               ${filters.by === "state" ? sql`o.name` : sql`null::text`} as name,
               g.episodes, g.hours, g.teams, g.pairs, g.change
          from grouped g
          ${filters.by === "state" ? sql`left join organisations o on o.id::text = g.key and g.is_total = 0` : sql``}
         order by g.is_total, g.key`,
  );
  return protect(rows);
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * Rows built from fewer than 10 episodes are hidden, and beside them as many others as it takes
 * (platform/privacy) that no hidden row can be worked out from the total. The score change shows
 * only where at least 10 episodes have a score both before and after.
 */
function protect(grouped: Grouped[]): ReportTable {
  const parts = grouped.filter((g) => g.key !== null);
  const totalRow = grouped.find((g) => g.key === null) ?? {
    key: null,
    name: null,
    episodes: 0,
    hours: 0,
    teams: 0,
    pairs: 0,
    change: null,
  };
  const hidden = protectParts(parts.map((p) => p.episodes));
  const figures = (g: Grouped, suppressed: boolean): ReportFigures => {
    const pairsShown = !suppressed && g.pairs >= 10;
    return {
      key: g.key ?? "total",
      episodes: suppressed ? null : g.episodes,
      hours: suppressed ? null : round(g.hours, 2),
      teamsServed: suppressed ? null : g.teams,
      scorePairs: pairsShown ? g.pairs : null,
      meanScoreChange: pairsShown && g.change !== null ? round(g.change, 2) : null,
      suppressed,
    };
  };
  return {
    rows: parts.map((p, i) => ({ ...figures(p, hidden.parts[i] !== null), name: p.name })),
    // Nothing served: a plain zero hides nobody.
    total: figures(totalRow, parts.length > 0 && hidden.total !== null),
  };
}

export interface ReportRequest {
  by?: ReportDimension;
  from?: string;
  to?: string;
  topic?: string;
  intensity?: Intensity;
}

const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/** The twelve months up to this one, unless the request names others (in either order). */
export function reportPeriod(query: ReportRequest, now = new Date()): { from: string; to: string } {
  const to = query.to ?? monthOf(now);
  const [y, m] = to.split("-").map(Number) as [number, number];
  const from = query.from ?? monthOf(new Date(Date.UTC(y, m - 12, 1)));
  return from <= to ? { from, to } : { from: to, to: from };
}

const reportCaches = cachesPerApp((caches) => caches.create<ReportTable>({ maxEntries: 2_000 }));

/**
 * The figures of a report, kept in memory until an episode of its state changes (a trigger on
 * ta_episodes announces `ta-report:<state>` and `ta-report:nation`, migration 0002): the same
 * report asked again costs no query, and any change is counted at the next request.
 */
export function cachedReportFigures(
  caches: Caches,
  db: DbOrTx,
  filters: ReportFilters,
  pageDeps?: Dependencies,
): Promise<ReportTable> {
  const key = JSON.stringify([
    filters.stateId,
    filters.by,
    filters.from,
    filters.to,
    filters.topic,
    filters.intensity,
  ]);
  return reportCaches(caches)
    .load(
      key,
      async (deps) => {
        deps.add(filters.stateId ? `ta-report:${filters.stateId}` : "ta-report:nation");
        return reportFigures(db, filters);
      },
      pageDeps,
    )
    .then((table) => table!);
}

/** A state's report (by topic unless asked otherwise) or the nation's (by state). */
export async function reportFor(
  db: DbOrTx,
  scope: ReportScope,
  query: ReportRequest,
  caches?: Caches,
  pageDeps?: Dependencies,
) {
  const by = query.by ?? (scope.kind === "nation" ? "state" : "topic");
  const { from, to } = reportPeriod(query);
  const filters: ReportFilters = {
    stateId: scope.kind === "nation" ? null : scope.id,
    by,
    from,
    to,
    topic: query.topic,
    intensity: query.intensity,
  };
  const table = caches
    ? await cachedReportFigures(caches, db, filters, pageDeps)
    : await reportFigures(db, filters);
  return {
    scope: { id: scope.id, name: scope.name, kind: scope.kind },
    by,
    from,
    to,
    topic: query.topic,
    intensity: query.intensity,
    table,
  };
}
