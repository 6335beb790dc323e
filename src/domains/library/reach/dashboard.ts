import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import { stateName } from "../../../platform/geo/states";
import { type Locale, translator } from "../../../platform/i18n";
import type { Actor } from "../../../platform/policy";
import { protectParts, SMALLEST_SHOWN_CELL } from "../../../platform/privacy/suppression";
import { reach as peopleReached } from "../../communities/people/service";
import { announcementReach } from "../announcements/service";
import { type ItemCounts, reportMonths } from "./counting";
import { reachCatalog } from "./messages";
import {
  BREAKDOWNS,
  type Breakdown,
  COUNTER_METRIC_TYPES,
  METRICS,
  type ReachReport,
  type ReachScope,
  type ShownCounts,
  shownRows,
  shownTotal,
} from "./report";
import { communityNamesFor } from "./service";
import { type DashboardView, monthLabel, type ShownRow } from "./views";

/** Readable words for the keys resources store (type, domain, audience): "issue_brief" → "Issue brief". */
export const keyLabel = (key: string) => {
  const words = key.replace(/[_-]+/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
};

/** The report as the dashboard shows it: labels in the reader's language, small cells hidden. */
export async function dashboardView(
  db: DbOrTx,
  report: ReachReport,
  args: { actor: Actor | null; locale: Locale; basePath: string; demo: boolean },
): Promise<DashboardView> {
  const t = translator(reachCatalog, args.locale);
  const communityNames = await communityNamesFor(db, args.actor, args.locale);
  const labelOf = (b: Breakdown, key: string) => {
    if (b === "state") return key ? (stateName(key) ?? key) : t("national");
    if (b === "community") return key ? (communityNames.get(key) ?? t("otherCommunity")) : t("nationalShelf");
    return keyLabel(key);
  };
  // Months, types, states and shelves each split the total: protected together with it.
  const partitions: Record<Breakdown, boolean> = {
    type: true,
    state: true,
    community: true,
    domain: false,
    audience: false,
  };
  const by = Object.fromEntries(
    BREAKDOWNS.map((b) => {
      const rows = report.by[b];
      const shown = shownRows(
        rows.map((r) => r.counts),
        partitions[b],
      );
      return [b, rows.map((r, i): ShownRow => ({ label: labelOf(b, r.key), shown: shown[i]! }))];
    }),
  ) as Record<Breakdown, ShownRow[]>;
  const monthsShown = shownRows(
    report.byMonth.map((m) => m.counts),
    true,
  );
  const resourcesShown = shownRows(
    report.byResource.map((r) => r.counts),
    false,
  );
  return {
    title: report.scope.name,
    scopeKind: report.scope.kind,
    months: report.byMonth.map((m, i) => ({
      key: m.key,
      label: monthLabel(m.key, args.locale),
      shown: monthsShown[i]!,
    })),
    total: shownTotal(report.total),
    byResource: report.byResource.map((r, i) => ({
      label: r.title,
      href: `/library/${r.slug}`,
      shown: resourcesShown[i]!,
    })),
    by,
    people: await peopleOf(db, report.scope, args.actor, args.locale),
    announcements: await announcementsOf(db, report.scope, report.months, args.locale),
    csvHref: `${args.basePath}/reach.csv`,
    itemReportHref: `${args.basePath}/item-report.csv`,
    from: monthLabel(report.months[0]!, args.locale),
    to: monthLabel(report.months.at(-1)!, args.locale),
    demo: args.demo,
  };
}

/** People reached through communities: members by stakeholder type (under 10 hidden). */
async function peopleOf(db: DbOrTx, scope: ReachScope, actor: Actor | null, _locale: Locale) {
  const reached = await peopleReached(db, actor, scope.kind === "community" ? scope.id : undefined);
  const protectedRows = protectParts(reached.byStakeholder.map((r) => r.n));
  const rows = reached.byStakeholder.map((r, i) => ({
    label: keyLabel(r.key),
    n: protectedRows.parts[i] ? null : r.n,
  }));
  if (scope.kind === "state") {
    const inState = reached.byState.find((s) => s.key === scope.stateCode)?.n ?? 0;
    return { total: reached.total, rows: [], stateCount: inState };
  }
  return { total: reached.total, rows };
}

/** Announcements sent to the scope or community by month, people reached (under 10 hidden). */
async function announcementsOf(db: DbOrTx, scope: ReachScope, months: string[], locale: Locale) {
  const last = months.at(-1)!;
  const [y, m] = last.split("-").map(Number);
  const to = new Date(Date.UTC(y!, m!, 0)).toISOString().slice(0, 10);
  const rows = await announcementReach(db, {
    ...(scope.kind === "community" ? { communityId: scope.id } : { scopeId: scope.id }),
    from: `${months[0]}-01`,
    to,
  });
  return rows.map((r) => ({
    label: monthLabel(r.month, locale),
    announcements: r.announcements,
    people: r.peopleReached > 0 && r.peopleReached < SMALLEST_SHOWN_CELL ? null : r.peopleReached,
  }));
}

/** The dashboard's tables as one CSV: a row per table line, the table named in the first column. */
export function dashboardCsvRows(view: DashboardView, locale: Locale): string[][] {
  const t = translator(reachCatalog, locale);
  const cells = (s: ShownCounts) => METRICS.map((m) => (s[m] === null ? "" : String(s[m])));
  const rows: string[][] = [["Table", "Row", ...METRICS.map((m) => t(m))]];
  rows.push([t("totals"), t("total"), ...cells(view.total)]);
  for (const m of view.months) rows.push([t("byMonth"), m.key, ...cells(m.shown)]);
  for (const r of view.byResource) rows.push([t("byResource"), r.label, ...cells(r.shown)]);
  for (const b of BREAKDOWNS)
    for (const r of view.by[b]) rows.push([t(`by_${b}`), r.label, ...cells(r.shown)]);
  return rows;
}

// --- The COUNTER R5 item report (IR), tabular ------------------------------------------------

/** COUNTER data types for the library's resource types. */
const DATA_TYPE: Record<string, string> = {
  issue_brief: "Report",
  policy_brief: "Report",
  webinar_recording: "Multimedia",
};

interface ItemRow {
  id: string;
  title: string;
  slug: string;
  type: string;
  authors: string[];
  organisations: string[];
  published: string | null;
  version: number;
  community_only: boolean;
  month: string;
  ti: number;
  ui: number;
  tr: number;
  ur: number;
}

/**
 * The item report: COUNTER R5's header block, a blank line, then one line per item and metric
 * with the period's total and one column per month (the IR columns that apply to a library of
 * documents; no DOI, ISBN or ISSN). Counts from fewer than 10 people are left empty, with
 * enough other months of the same line that none can be worked out from its total.
 */
export async function itemReportRows(
  db: DbOrTx,
  args: {
    scope: ReachScope;
    scopedSql: ReturnType<typeof sql>;
    publicUrl: string;
    today?: Date;
  },
): Promise<string[][]> {
  const today = args.today ?? new Date();
  const months = reportMonths(today);
  const items = await queryRows<ItemRow>(
    db,
    sql`select r.id::text as id, r.title, r.slug, r.type, r.authors, r.organisations,
               to_char(r.published_at, 'YYYY-MM-DD') as published, r.current_version as version,
               r.community_only, to_char(m.month, 'YYYY-MM') as month,
               m.total_investigations as ti, m.unique_investigations as ui,
               m.total_requests as tr, m.unique_requests as ur
        from reach_monthly m join library_resources r on r.id = m.resource_id
        where m.month between ${`${months[0]}-01`}::date and ${`${months.at(-1)}-01`}::date and ${args.scopedSql}
        order by r.title, r.id, m.month`,
  );
  const byItem = new Map<string, { item: ItemRow; months: Map<string, ItemCounts> }>();
  for (const row of items) {
    const entry = byItem.get(row.id) ?? { item: row, months: new Map() };
    byItem.set(row.id, entry);
    entry.months.set(row.month, {
      totalInvestigations: row.ti,
      uniqueInvestigations: row.ui,
      totalRequests: row.tr,
      uniqueRequests: row.ur,
    });
  }
  const monthHeader = months.map((m) => {
    const [y, mm] = m.split("-").map(Number);
    return new Date(Date.UTC(y!, mm! - 1, 1))
      .toLocaleDateString("en-US", { month: "short", year: "numeric", timeZone: "UTC" })
      .replace(" ", "-");
  });
  const lastDay = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 0))
    .toISOString()
    .slice(0, 10);
  const rows: string[][] = [
    ["Report_Name", "Item Report"],
    ["Report_ID", "IR"],
    ["Release", "5"],
    ["Institution_Name", args.scope.name],
    ["Institution_ID", `Proprietary:SMH:${args.scope.id}`],
    ["Metric_Types", METRICS.map((m) => COUNTER_METRIC_TYPES[m]).join("; ")],
    ["Report_Filters", "Access_Method=Regular"],
    ["Report_Attributes", ""],
    [
      "Exceptions",
      "Counts from fewer than 10 people are left empty (and others where needed to protect them)",
    ],
    ["Reporting_Period", `Begin_Date=${months[0]}-01; End_Date=${lastDay}`],
    ["Created", new Date().toISOString().replace(/\.\d+Z$/, "Z")],
    ["Created_By", "SMH Commons"],
    [],
    [
      "Item",
      "Publisher",
      "Platform",
      "Authors",
      "Publication_Date",
      "Article_Version",
      "Proprietary_ID",
      "URI",
      "Data_Type",
      "YOP",
      "Access_Type",
      "Access_Method",
      "Metric_Type",
      "Reporting_Period_Total",
      ...monthHeader,
    ],
  ];
  for (const { item, months: used } of byItem.values()) {
    const perMonth = months.map(
      (m) =>
        used.get(m) ?? {
          totalInvestigations: 0,
          uniqueInvestigations: 0,
          totalRequests: 0,
          uniqueRequests: 0,
        },
    );
    const shown = shownRows(perMonth, true);
    const total = perMonth.reduce(
      (s, c) => ({
        totalInvestigations: s.totalInvestigations + c.totalInvestigations,
        uniqueInvestigations: s.uniqueInvestigations + c.uniqueInvestigations,
        totalRequests: s.totalRequests + c.totalRequests,
        uniqueRequests: s.uniqueRequests + c.uniqueRequests,
      }),
      { totalInvestigations: 0, uniqueInvestigations: 0, totalRequests: 0, uniqueRequests: 0 },
    );
    const totalShown = shownTotal(total);
    for (const metric of METRICS) {
      if (total[metric] === 0) continue;
      rows.push([
        item.title,
        item.organisations.join("; "),
        "SMH Commons",
        item.authors.join("; "),
        item.published ?? "",
        String(item.version),
        `SMH:${item.slug}`,
        `${args.publicUrl}/library/${item.slug}`,
        DATA_TYPE[item.type] ?? "Other",
        item.published?.slice(0, 4) ?? "",
        item.community_only ? "Controlled" : "Other_Free_To_Read",
        "Regular",
        COUNTER_METRIC_TYPES[metric],
        totalShown[metric] === null ? "" : String(total[metric]),
        ...shown.map((s) => (s[metric] === null ? "" : String(s[metric]))),
      ]);
    }
  }
  return rows;
}
