import { type SQL, sql } from "drizzle-orm";
import type { Caches } from "../../../platform/cache";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import { type Actor, libraryReadSql } from "../../../platform/policy";
import { protectParts, SMALLEST_SHOWN_CELL } from "../../../platform/privacy/suppression";
import { type ItemCounts, NO_USE, reportMonths } from "./counting";

/*
 * The reach report of a scope (the nation, a state) or a community: COUNTER's four item metrics
 * from the monthly roll-up, over the current year and the 24 months before it, by month,
 * resource, type, domain, audience, state and practice group. Only resources the reader may
 * read count (a community-only resource is invisible to non-members here as everywhere), and
 * a scope covers the resources on its shelf: every resource for the nation, a state's own
 * resources (their state), a community's shelf.
 */

export type ReachScope =
  | { kind: "nation"; id: string; name: string }
  | { kind: "state"; id: string; name: string; stateCode: string }
  | { kind: "community"; id: string; name: string; slug: string };

export const METRICS = [
  "totalInvestigations",
  "uniqueInvestigations",
  "totalRequests",
  "uniqueRequests",
] as const satisfies readonly (keyof ItemCounts)[];
export type Metric = (typeof METRICS)[number];

/** COUNTER's names of the metrics, as the item report writes them. */
export const COUNTER_METRIC_TYPES: Record<Metric, string> = {
  totalInvestigations: "Total_Item_Investigations",
  uniqueInvestigations: "Unique_Item_Investigations",
  totalRequests: "Total_Item_Requests",
  uniqueRequests: "Unique_Item_Requests",
};

export const BREAKDOWNS = ["type", "domain", "audience", "state", "community"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export interface ReportRow {
  key: string;
  counts: ItemCounts;
}

export interface ResourceRow extends ReportRow {
  title: string;
  slug: string;
  type: string;
}

export interface ReachReport {
  scope: ReachScope;
  months: string[];
  byMonth: ReportRow[];
  total: ItemCounts;
  byResource: ResourceRow[];
  by: Record<Breakdown, ReportRow[]>;
}

/** The resources of the scope the actor may read, as a condition on `r` (library_resources). */
export function scopedResources(scope: ReachScope, actor: Actor | null, nationId: string): SQL {
  const inScope =
    scope.kind === "state"
      ? sql`r.state_code = ${scope.stateCode}`
      : scope.kind === "community"
        ? sql`r.community_id = ${scope.id}`
        : sql`true`;
  const readable = libraryReadSql(actor, {
    status: sql`r.status`,
    communityOnly: sql`r.community_only`,
    onCommunityShelf: sql`(r.community_id is not null)`,
    shelfId: sql`coalesce(r.community_id, ${nationId}::uuid)`,
    viewerRole: actor
      ? sql`(select cm.role from community_members cm where cm.community_id = r.community_id and cm.user_id = ${actor.userId})`
      : sql`null::text`,
  });
  return sql`${inScope} and ${readable}`;
}

/** The summary rows (`s`, reach_summary) of the scope that the actor may read: the same rule on published items. */
function scopedSummary(scope: ReachScope, actor: Actor | null, nationId: string): SQL {
  const inScope =
    scope.kind === "state"
      ? sql`s.state_code = ${scope.stateCode}`
      : scope.kind === "community"
        ? sql`s.community_id = ${scope.id}`
        : sql`true`;
  const readable = libraryReadSql(actor, {
    status: sql`'published'`,
    communityOnly: sql`s.community_only`,
    onCommunityShelf: sql`(s.community_id is not null)`,
    shelfId: sql`coalesce(s.community_id, ${nationId}::uuid)`,
    viewerRole: actor
      ? sql`(select cm.role from community_members cm where cm.community_id = s.community_id and cm.user_id = ${actor.userId})`
      : sql`null::text`,
  });
  return sql`${inScope} and ${readable}`;
}

interface SumRow {
  dim: string;
  key: string | null;
  ti: number;
  ui: number;
  tr: number;
  ur: number;
}
const countsOf = (r: { ti: number; ui: number; tr: number; ur: number }): ItemCounts => ({
  totalInvestigations: Number(r.ti),
  uniqueInvestigations: Number(r.ui),
  totalRequests: Number(r.tr),
  uniqueRequests: Number(r.ur),
});

/**
 * The report from the summary the roll-up job rebuilds (summary.ts): two small statements,
 * whatever the number of events behind them.
 */
export async function buildReachReport(
  db: DbOrTx,
  args: { scope: ReachScope; actor: Actor | null; nationId: string; today?: Date; topResources?: number },
): Promise<ReachReport> {
  const months = reportMonths(args.today ?? new Date());
  const scoped = scopedSummary(args.scope, args.actor, args.nationId);
  const sums = await queryRows<SumRow>(
    db,
    sql`select s.dim, s.key, sum(s.total_investigations)::int as ti, sum(s.unique_investigations)::int as ui,
               sum(s.total_requests)::int as tr, sum(s.unique_requests)::int as ur
        from reach_summary s where s.dim <> 'resource' and ${scoped} group by s.dim, s.key`,
  );
  const top = await queryRows<SumRow & { title: string; slug: string; type: string }>(
    db,
    sql`select 'resource' as dim, s.key, r.title, r.slug, r.type, s.total_investigations as ti,
               s.unique_investigations as ui, s.total_requests as tr, s.unique_requests as ur
        from reach_summary s join library_resources r on r.id = s.resource_id
        where s.dim = 'resource' and ${scoped}
        order by s.total_investigations desc, r.title limit ${args.topResources ?? 100}`,
  );
  const rowsOf = (dim: string) =>
    sums
      .filter((s) => s.dim === dim)
      .map((s) => ({ key: s.key ?? "", counts: countsOf(s) }))
      .sort(
        (a, b) => b.counts.totalInvestigations - a.counts.totalInvestigations || a.key.localeCompare(b.key),
      );
  const monthRows = new Map(rowsOf("month").map((r) => [r.key, r.counts]));
  const byMonth = months.map((key) => ({ key, counts: monthRows.get(key) ?? { ...NO_USE } }));
  return {
    scope: args.scope,
    months,
    byMonth,
    total: byMonth.reduce((t, r) => addAll(t, r.counts), { ...NO_USE }),
    byResource: top.map((r) => ({
      key: r.key ?? "",
      title: r.title,
      slug: r.slug,
      type: r.type,
      counts: countsOf(r),
    })),
    by: {
      type: rowsOf("type"),
      domain: rowsOf("domain"),
      audience: rowsOf("audience"),
      state: rowsOf("state"),
      community: rowsOf("community"),
    },
  };
}

const addAll = (a: ItemCounts, b: ItemCounts): ItemCounts => ({
  totalInvestigations: a.totalInvestigations + b.totalInvestigations,
  uniqueInvestigations: a.uniqueInvestigations + b.uniqueInvestigations,
  totalRequests: a.totalRequests + b.totalRequests,
  uniqueRequests: a.uniqueRequests + b.uniqueRequests,
});

/** The report kept until the next roll-up (tag `reach`) or a change to what the reader may see. */
export function cachedReachReport(caches: Caches) {
  const cache = caches.create<ReachReport>({ maxEntries: 2_000 });
  return (
    db: DbOrTx,
    args: { scope: ReachScope; actor: Actor | null; nationId: string },
    pageDeps?: { add(tag: string | null | undefined): void },
  ) => {
    const today = new Date().toISOString().slice(0, 7);
    const key = `${args.scope.kind}:${args.scope.id}:${args.actor?.userId ?? "-"}:${today}`;
    return cache.load(
      key,
      (deps) => {
        deps.add("reach");
        deps.add(args.actor?.userId);
        deps.add("library:any");
        return buildReachReport(db, args);
      },
      pageDeps as never,
    );
  };
}

// --- Small cells ----------------------------------------------------------------------------

/** A count as shown: the number, or null where it is hidden (from fewer than 10 people). */
export type ShownCounts = Record<Metric, number | null>;

/**
 * Hides what fewer than 10 people are behind: a unique count under 10 (people in sessions),
 * with the total count beside it (it would tell about the same few people). Where the rows
 * are parts of a published total (months, types, states, practice groups), enough other rows
 * are hidden too that no hidden one can be worked out from the total (platform/privacy).
 */
export function shownRows(rows: ItemCounts[], partsOfTotal: boolean): ShownCounts[] {
  const hiddenBy = (metric: "uniqueInvestigations" | "uniqueRequests") => {
    const values = rows.map((r) => r[metric]);
    // No use at all tells nothing about anyone: zeros are shown and protect nothing.
    const used = values.flatMap((v, i) => (v > 0 ? [i] : []));
    const hidden = values.map(() => false);
    const reasons = partsOfTotal
      ? protectParts(used.map((i) => values[i]!)).parts
      : used.map((i) => (values[i]! < SMALLEST_SHOWN_CELL ? "small" : null));
    used.forEach((i, k) => {
      hidden[i] = reasons[k] !== null;
    });
    return hidden;
  };
  const investigationsHidden = hiddenBy("uniqueInvestigations");
  const requestsHidden = hiddenBy("uniqueRequests");
  return rows.map((r, i) => ({
    totalInvestigations: investigationsHidden[i] ? null : r.totalInvestigations,
    uniqueInvestigations: investigationsHidden[i] ? null : r.uniqueInvestigations,
    totalRequests: requestsHidden[i] ? null : r.totalRequests,
    uniqueRequests: requestsHidden[i] ? null : r.uniqueRequests,
  }));
}

/** A total as shown: hidden only when it is itself from fewer than 10 people. */
export function shownTotal(total: ItemCounts): ShownCounts {
  return shownRows([total], false)[0]!;
}
