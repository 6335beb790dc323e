import type { Dependencies } from "../../../platform/cache";
import type { DbOrTx } from "../../../platform/db/client";
import type { Locale } from "../../../platform/i18n";
import type { Actor } from "../../../platform/policy";
import {
  chartFor,
  controlChart,
  controlChartKindFor,
  describeSignal,
  runChart,
  type Signal,
} from "../charts/spc";
import { type ChartView, controlChartView, runChartView } from "../charts/views/chart-model";
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
 * (a page of small multiples), and the pooled chart. Set-based: one query for the
 * pooled series, one for the page's teams' points, whatever the number of teams.
 */

export const TEAMS_PER_PAGE = 24;

export type ReportStatus = "reported" | "due" | "late";

export interface TeamSeries {
  team: TeamRow;
  label: string;
  points: PointRow[];
  status: ReportStatus;
  chart: SeriesChart;
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

/** A series drawn by the charts' component (`view`), with its numbers as the API and CSV give them. */
export interface SeriesChart {
  chart: "p" | "u" | "c" | "xmr" | "run";
  view: ChartView;
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
 * A run chart until there are enough periods, then the matching control chart (rules, limits and
 * the drawing from ../charts): p for proportions (limits vary with each period's denominator), u
 * for rates, c for one team's counts, XmR for means — and for the network's pooled counts, since
 * an average of counts is no longer a count.
 */
function seriesChart(measure: MeasureRow, rows: SeriesRow[], pooled: boolean, locale: Locale): SeriesChart {
  const unit = measure.type === "rate" ? (measure.rateUnit ?? 1) : 1;
  // The rules work on the plotted ratio; a rate is shown per `unit` by the drawing's multiplier.
  const raw = rows.map((r) => r.value / unit);
  const data = rows.map((r, i) => ({
    start: r.periodStart,
    value: raw[i]!,
    numerator: r.numerator,
    denominator: r.denominator,
  }));
  const options = {
    period: measure.period,
    locale,
    percent: measure.type === "proportion",
    multiplier: unit,
    goal: measure.goal === null ? null : measure.goal / unit,
  };
  const words = (signals: Signal[]) => signals.map((s) => describeSignal(s, locale));
  const choice = chartFor(measure.type, rows.length);
  if (choice.chart === "run" || rows.length < 2) {
    const run = runChart(raw);
    const view = runChartView(data, run, options);
    return {
      chart: "run",
      view,
      points: rows.map((p, i) => ({
        ...p,
        centre: run.median === null ? null : run.median * unit,
        upper: null,
        lower: null,
        signal: (run.pointSignals[i] ?? []).length > 0,
      })),
      signals: words(run.signals),
    };
  }
  const kind = pooled && measure.type === "count" ? "xmr" : controlChartKindFor(measure.type);
  const subgroups =
    kind === "xmr"
      ? raw.map((y) => ({ y }))
      : kind === "c"
        ? rows.map((r) => ({ y: r.numerator }))
        : rows.map((r) => ({ y: r.numerator, n: r.denominator ?? 1 }));
  const result = controlChart({ kind, points: subgroups });
  return {
    chart: kind,
    view: controlChartView(data, result, options),
    points: rows.map((p, i) => {
      const c = result.points[i]!;
      return {
        ...p,
        centre: c.centre * unit,
        upper: c.upper * unit,
        lower: c.lower * unit,
        signal: (result.pointSignals[i] ?? []).length > 0,
      };
    }),
    signals: words(result.signals),
  };
}

/** The network's pooled chart of a measure. */
export function pooledChart(measure: MeasureRow, rows: PooledRow[], locale: Locale): SeriesChart {
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
export function teamChart(measure: MeasureRow, points: PointRow[], locale: Locale): SeriesChart {
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
  pooled: SeriesChart | null;
  page: number;
  pages: number;
}

function statusOf(points: PointRow[], window: ReportingWindow & { closed: boolean }): ReportStatus {
  if (points.some((p) => p.periodStart === window.periodStart)) return "reported";
  return window.closed ? "late" : "due";
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
  if (!measure)
    return {
      measures,
      measure,
      window: null,
      activeTeams: active.length,
      reported: 0,
      periods: [],
      teams: [],
      pooled: null,
      page,
      pages,
    };
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
    return {
      team,
      label: teamLabel(team, view, actor, locale),
      points: series,
      status: statusOf(series, window),
      chart: teamChart(measure, series, locale),
    };
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
  return new Intl.NumberFormat(intl, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(
    value,
  );
}

export const periodText = (measure: Pick<MeasureRow, "period">, start: string, locale: Locale) =>
  periodLabel(start, measure.period, locale);
