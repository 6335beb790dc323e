import type { Dependencies } from "../../../platform/cache";
import type { DbOrTx } from "../../../platform/db/client";
import type { Locale } from "../../../platform/i18n";
import type { Actor } from "../../../platform/policy";
import { chartFor, controlChart, controlChartKindFor, describeSignal, runChart, type Signal } from "../charts/spc";
import { networkTags } from "./cache-tags";
import { currentReportingPeriod, periodLabel, periodStarts, type ReportingWindow, today } from "./periods";
import {
  type MeasureRow,
  measuresOf,
  type PointRow,
  type PooledRow,
  pointsOf,
  pooledOf,
  type TeamRow,
  teamsOf,
} from "./repo";
import { type NetworkForViewer, teamLabel } from "./service";

/*
 * The network dashboard's data: who has reported this period, every team's series of a measure
 * on one scale (a page of small multiples), and the pooled chart. Set-based: one query for the
 * pooled series, one for the page's teams' points, whatever the number of teams.
 */

export const TEAMS_PER_PAGE = 48;

export type ReportStatus = "reported" | "due" | "late";

export interface TeamSeries {
  team: TeamRow;
  label: string;
  points: PointRow[];
  status: ReportStatus;
}

export interface PooledPoint {
  periodStart: string;
  value: number;
  numerator: number;
  denominator: number | null;
  teams: number;
  centre: number | null;
  upper: number | null;
  lower: number | null;
  signal: boolean;
}

export interface PooledChart {
  chart: "p" | "u" | "c" | "xmr" | "run";
  points: PooledPoint[];
  signals: string[];
}

/** What the pooled chart plots per period: all teams' numerators over all denominators, or the teams' mean. */
function pooledValue(measure: MeasureRow, row: PooledRow): number {
  if (measure.type === "proportion") return row.numerator / (row.denominator || 1);
  if (measure.type === "rate") return (row.numerator / (row.denominator || 1)) * (measure.rateUnit ?? 1);
  return row.meanValue;
}

interface SeriesRow {
  periodStart: string;
  value: number;
  numerator: number;
  denominator: number | null;
  teams: number;
}

/**
 * A run chart until there are enough periods, then the matching control chart (rules and limits
 * from ../charts/spc): p for proportions (limits vary with each period's denominator), u for
 * rates, c for one team's counts, XmR for means — and for the network's pooled counts, since an
 * average of counts is no longer a count.
 */
function seriesChart(measure: MeasureRow, rows: SeriesRow[], pooled: boolean, locale: Locale): PooledChart {
  const values = rows.map((r) => r.value);
  const words = (signals: Signal[]) => signals.map((s) => describeSignal(s, locale));
  const choice = chartFor(measure.type, rows.length);
  if (choice.chart === "run" || rows.length < 2) {
    const run = runChart(values);
    const marked = new Set(run.signals.flatMap((s) => s.points));
    return {
      chart: "run",
      points: rows.map((p, i) => ({ ...p, centre: run.median, upper: null, lower: null, signal: marked.has(i) })),
      signals: words(run.signals),
    };
  }
  const kind = pooled && measure.type === "count" ? "xmr" : controlChartKindFor(measure.type);
  const scale = measure.type === "rate" ? (measure.rateUnit ?? 1) : 1;
  const subgroups =
    kind === "xmr"
      ? values.map((y) => ({ y }))
      : kind === "c"
        ? rows.map((r) => ({ y: r.numerator }))
        : rows.map((r) => ({ y: r.numerator, n: r.denominator ?? 1 }));
  const result = controlChart({ kind, points: subgroups });
  return {
    chart: kind,
    points: rows.map((p, i) => {
      const c = result.points[i]!;
      return {
        ...p,
        centre: c.centre * scale,
        upper: c.upper * scale,
        lower: c.lower * scale,
        signal: result.pointSignals[i]!.length > 0,
      };
    }),
    signals: words(result.signals),
  };
}

/** The network's pooled chart of a measure. */
export function pooledChart(measure: MeasureRow, rows: PooledRow[], locale: Locale): PooledChart {
  const series = rows.map((r) => ({
    periodStart: r.periodStart,
    value: pooledValue(measure, r),
    numerator: r.numerator,
    denominator: r.denominator,
    teams: r.teams,
  }));
  return seriesChart(measure, series, true, locale);
}

/** One team's chart of a measure. */
export function teamChart(measure: MeasureRow, points: PointRow[], locale: Locale): PooledChart {
  return seriesChart(
    measure,
    points.map((p) => ({ ...p, teams: 1 })),
    false,
    locale,
  );
}

export interface Dashboard {
  measures: MeasureRow[];
  measure: MeasureRow | null;
  window: (ReportingWindow & { closed: boolean }) | null;
  activeTeams: number;
  reported: number;
  periods: string[];
  teams: TeamSeries[];
  pooled: PooledChart | null;
  scale: { min: number; max: number };
  page: number;
  pages: number;
}

function statusOf(points: PointRow[], window: ReportingWindow & { closed: boolean }): ReportStatus {
  if (points.some((p) => p.periodStart === window.periodStart)) return "reported";
  return window.closed ? "late" : "due";
}

/** The scale every small multiple shares: a proportion 0–1, otherwise from the values seen. */
function scaleOf(measure: MeasureRow, pooled: PooledChart | null, teams: TeamSeries[]) {
  if (measure.type === "proportion") return { min: 0, max: 1 };
  const values = [
    ...teams.flatMap((t) => t.points.map((p) => p.value)),
    ...(pooled?.points.flatMap((p) => [p.value, p.upper ?? p.value, p.lower ?? p.value]) ?? []),
    ...(measure.goal !== null ? [measure.goal] : []),
  ];
  if (values.length === 0) return { min: 0, max: 1 };
  const min = Math.min(0, ...values);
  const max = Math.max(...values);
  return { min, max: max > min ? max : min + 1 };
}

export async function buildDashboard(
  db: DbOrTx,
  view: NetworkForViewer,
  actor: Actor | null,
  locale: Locale,
  options: { measureId?: string; page?: number; day?: string },
  deps: Dependencies,
): Promise<Dashboard> {
  const networkId = view.network.id;
  deps.add(networkTags.network(networkId));
  const [measures, allTeams] = await Promise.all([measuresOf(db, networkId), teamsOf(db, networkId)]);
  const active = allTeams.filter((t) => t.status === "active");
  const measure = measures.find((m) => m.id === options.measureId) ?? measures[0] ?? null;
  const pages = Math.max(1, Math.ceil(active.length / TEAMS_PER_PAGE));
  const page = Math.min(Math.max(1, options.page ?? 1), pages);
  const empty = { min: 0, max: 1 };
  if (!measure)
    return { measures, measure, window: null, activeTeams: active.length, reported: 0, periods: [], teams: [], pooled: null, scale: empty, page, pages };
  deps.add(networkTags.measureValues(measure.id));
  const window = currentReportingPeriod(options.day ?? today(), measure.period, view.network.reportingDays);
  const onPage = active.slice((page - 1) * TEAMS_PER_PAGE, page * TEAMS_PER_PAGE);
  const [pooledRows, points] = await Promise.all([
    pooledOf(db, measure.id),
    pointsOf(
      db,
      measure.id,
      onPage.map((t) => t.id),
    ),
  ]);
  // Who reported this period, over every team (not just this page): the pooled row counts them.
  const reportedRows = pooledRows.find((r) => r.periodStart === window.periodStart);
  const byTeam = new Map<string, PointRow[]>();
  for (const p of points) {
    const list = byTeam.get(p.teamId) ?? [];
    list.push(p);
    byTeam.set(p.teamId, list);
  }
  const teams = onPage.map((team) => {
    const series = byTeam.get(team.id) ?? [];
    return { team, label: teamLabel(team, view, actor, locale), points: series, status: statusOf(series, window) };
  });
  const shown = pooledRows.filter((r) => r.periodStart <= window.periodStart);
  const pooled = shown.length > 0 ? pooledChart(measure, shown, locale) : null;
  return {
    measures,
    measure,
    window,
    activeTeams: active.length,
    reported: reportedRows?.teams ?? 0,
    periods: periodStarts(measure.startsOn, window.periodStart, measure.period),
    teams,
    pooled,
    scale: scaleOf(measure, pooled, teams),
    page,
    pages,
  };
}

/** A value as people read it: a proportion in percent, a rate and a mean to one or two decimals. */
export function formatValue(measure: Pick<MeasureRow, "type">, value: number, locale: Locale): string {
  const intl = locale === "es" ? "es-US" : "en-US";
  if (measure.type === "proportion")
    return new Intl.NumberFormat(intl, { style: "percent", maximumFractionDigits: 1 }).format(value);
  const digits = measure.type === "count" ? 0 : measure.type === "rate" ? 1 : 2;
  return new Intl.NumberFormat(intl, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

export const periodText = (measure: Pick<MeasureRow, "period">, start: string, locale: Locale) =>
  periodLabel(start, measure.period, locale);
