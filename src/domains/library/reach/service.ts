import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { type Actor, type CommunityResource, can } from "../../../platform/policy";
import { listCommunities } from "../../communities/service";
import { getNation, getOrganisation, listChildren } from "../../directory/service";
import { type ItemCounts, NO_USE, reportMonths } from "./counting";
import type { ReachScope } from "./report";

/*
 * What the rest of the library (and the app) asks of reach: record a use (recorder.ts), how
 * much each resource was used ("most used" order), and which reach dashboards a person may open.
 */

export type { UsageKind } from "./counting";
export { flushUsage, recordUsage } from "./recorder";
export { reachJobs, rollUpUsage } from "./rollup";

/** The first month counted by "most used": the report's window (this year and the 24 months before). */
const usageWindowStart = (today = new Date()) => `${reportMonths(today)[0]}-01`;

/**
 * Use of each resource over the report's window (COUNTER's four metrics), for the library's
 * "most used" order and the resource page; resources never used are absent from the map.
 */
export async function usageCountsFor(
  db: DbOrTx,
  resourceIds: readonly string[],
): Promise<Map<string, ItemCounts>> {
  if (resourceIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; ti: number; ui: number; tr: number; ur: number }>(
    db,
    sql`select resource_id::text as id, sum(total_investigations)::int as ti, sum(unique_investigations)::int as ui,
               sum(total_requests)::int as tr, sum(unique_requests)::int as ur
        from reach_monthly
        where resource_id = any(${`{${resourceIds.join(",")}}`}::uuid[]) and month >= ${usageWindowStart()}::date
        group by resource_id`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { totalInvestigations: r.ti, uniqueInvestigations: r.ui, totalRequests: r.tr, uniqueRequests: r.ur },
    ]),
  );
}

/**
 * The same "most used" figure for ordering a query of resources (`id` is its id column): a join
 * to each resource's use over the report's window, as the roll-up last summed it, and the figure.
 * One hash join, where summing the monthly counts of every match cost a search hundreds of
 * milliseconds on a large library.
 */
export function usageOrderSql(id: SQLWrapper): { join: SQL; figure: SQL } {
  return {
    join: sql`left join reach_summary used on used.dim = 'resource' and used.resource_id = ${id}`,
    figure: sql`coalesce(used.total_investigations, 0)`,
  };
}

export const usageOf = (counts: Map<string, ItemCounts>, id: string) => counts.get(id) ?? NO_USE;

/** The nation or a state as a reach scope (any other organisation is not one). */
export async function findReachScope(
  db: DbOrTx,
  id: string,
): Promise<(ReachScope & { ancestorIds: string[] }) | null> {
  const org = await getOrganisation(db, id);
  if (!org) return null;
  if (org.kind === "nation")
    return { kind: "nation", id: org.id, name: org.name, ancestorIds: org.ancestorIds };
  if (org.kind === "state" && org.stateCode)
    return {
      kind: "state",
      id: org.id,
      name: org.name,
      stateCode: org.stateCode,
      ancestorIds: org.ancestorIds,
    };
  return null;
}

export interface ReachChoice {
  href: string;
  name: string;
  kind: "nation" | "state" | "community";
}

/** The reach dashboards the actor may open: the nation, states, the communities they lead. */
export async function reachChoicesFor(db: DbOrTx, actor: Actor, locale: string): Promise<ReachChoice[]> {
  const choices: ReachChoice[] = [];
  const nation = await getNation(db);
  if (nation) {
    if (can(actor, "reach.read", { id: nation.id, ancestorIds: nation.ancestorIds }))
      choices.push({ href: `/library/reach/scopes/${nation.id}`, name: nation.name, kind: "nation" });
    const states = await listChildren(db, nation.id, { kind: "state", perPage: 100 });
    for (const state of states.items)
      if (can(actor, "reach.read", { id: state.id, ancestorIds: state.ancestorIds }))
        choices.push({ href: `/library/reach/scopes/${state.id}`, name: state.name, kind: "state" });
  }
  const { items } = await listCommunities(db, actor, {}, 1, 500);
  for (const c of items)
    if (
      can(actor, "reach.read", {
        id: c.id,
        ancestorIds: [],
        visibility: c.visibility,
        viewerRole: c.viewerRole,
      } as CommunityResource)
    )
      choices.push({
        href: `/library/reach/communities/${c.slug}`,
        name: locale === "es" ? c.nameEs : c.nameEn,
        kind: "community",
      });
  return choices;
}

/** Names of the communities the actor may see, by id (a practice group's row in a breakdown). */
export async function communityNamesFor(db: DbOrTx, actor: Actor | null, locale: string) {
  const { items } = await listCommunities(db, actor, {}, 1, 1000);
  return new Map(items.map((c) => [c.id, locale === "es" ? c.nameEs : c.nameEn]));
}
