import { dateTimeFormat, numberFormat } from "../../../../platform/i18n/formats";
import type { Locale } from "../../../../platform/i18n";
import type { ControlChartKind, ControlChartResult, RunChartResult, Signal, SignalRule } from "../spc";

/**
 * What the chart component draws, independent of where the numbers came from: a measure's chart
 * page, a network's small multiples or its pooled chart build one of these from the rules' result.
 */
export interface ChartPointView {
  /** The period as a reader names it ("January 2025", "Week of Jan 6, 2025"). */
  label: string;
  /** A short axis label ("Jan 25"). */
  shortLabel: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  centre: number | null;
  lower: number | null;
  upper: number | null;
  signals: SignalRule[];
  inBaseline: boolean;
  phase: number;
}

export interface ChartMarkerView {
  /** Position on the period axis: 0 is the first period's centre, fractions between periods. */
  at: number;
  kind: "cycle" | "annotation";
  /** Short tag drawn on the chart ("C1", "A2") and the text it stands for. */
  tag: string;
  text: string;
}

export interface ChartView {
  chart: "run" | ControlChartKind;
  points: ChartPointView[];
  signals: Signal[];
  goal: number | null;
  markers: ChartMarkerView[];
  /** Whether the values are proportions (drawn as percentages). */
  percent: boolean;
  /** A rate's unit multiplier (values shown per this many units), 1 otherwise. */
  multiplier: number;
  /** Last index of a frozen baseline (the first phase's), null when none is frozen. */
  baselineTo: number | null;
}

export interface PeriodData {
  /** ISO date of the period's first day. */
  start: string;
  value: number;
  numerator?: number | null;
  denominator?: number | null;
}

export function periodLabels(
  start: string,
  period: "week" | "month",
  locale: Locale,
): { label: string; shortLabel: string } {
  const date = new Date(`${start}T00:00:00Z`);
  if (period === "month") {
    return {
      label: dateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(date),
      shortLabel: dateTimeFormat(locale, { month: "short", year: "2-digit", timeZone: "UTC" }).format(date),
    };
  }
  return {
    label: dateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date),
    shortLabel: dateTimeFormat(locale, { month: "numeric", day: "numeric", timeZone: "UTC" }).format(date),
  };
}

/** Where a date falls on the period axis (fractional between two periods' starts). */
export function positionOfDate(periodStarts: readonly string[], date: string): number | null {
  if (periodStarts.length === 0) return null;
  const t = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  const starts = periodStarts.map((s) => Date.parse(`${s}T00:00:00Z`));
  if (t < starts[0]) return null;
  for (let i = 0; i < starts.length - 1; i++) {
    if (t < starts[i + 1]) return i + (t - starts[i]) / (starts[i + 1] - starts[i]);
  }
  // After the last period's start: within the last period (assume the same length as the one before).
  const last = starts.length - 1;
  const length = last > 0 ? starts[last] - starts[last - 1] : 31 * 86_400_000;
  const at = last + (t - starts[last]) / length;
  return at <= last + 1 ? at : null;
}

export function runChartView(
  data: readonly PeriodData[],
  result: RunChartResult,
  options: {
    period: "week" | "month";
    locale: Locale;
    percent?: boolean;
    multiplier?: number;
    goal?: number | null;
    markers?: ChartMarkerView[];
    baselineTo?: number | null;
  },
): ChartView {
  return {
    chart: "run",
    points: data.map((d, i) => ({
      ...periodLabels(d.start, options.period, options.locale),
      value: d.value,
      numerator: d.numerator ?? null,
      denominator: d.denominator ?? null,
      centre: result.median,
      lower: null,
      upper: null,
      signals: result.pointSignals[i] ?? [],
      inBaseline:
        options.baselineTo === null || options.baselineTo === undefined ? true : i <= options.baselineTo,
      phase: 0,
    })),
    signals: result.signals,
    goal: options.goal ?? null,
    markers: options.markers ?? [],
    percent: options.percent ?? false,
    multiplier: options.multiplier ?? 1,
    baselineTo: options.baselineTo ?? null,
  };
}

export function controlChartView(
  data: readonly PeriodData[],
  result: ControlChartResult,
  options: {
    period: "week" | "month";
    locale: Locale;
    percent?: boolean;
    multiplier?: number;
    goal?: number | null;
    markers?: ChartMarkerView[];
  },
): ChartView {
  const firstPhase = result.phases[0];
  return {
    chart: result.kind,
    points: data.map((d, i) => {
      const point = result.points[i];
      return {
        ...periodLabels(d.start, options.period, options.locale),
        value: point?.value ?? d.value,
        numerator: d.numerator ?? null,
        denominator: d.denominator ?? null,
        centre: point?.centre ?? null,
        lower: point?.lower ?? null,
        upper: point?.upper ?? null,
        signals: result.pointSignals[i] ?? [],
        inBaseline: point?.inBaseline ?? false,
        phase: point?.phase ?? 0,
      };
    }),
    signals: result.signals,
    goal: options.goal ?? null,
    markers: options.markers ?? [],
    percent: options.percent ?? false,
    multiplier: options.multiplier ?? 1,
    baselineTo: firstPhase?.frozen ? firstPhase.baselineTo : null,
  };
}

/** A value as the reader sees it: a percentage for proportions, per-unit rates multiplied. */
export function formatValue(
  view: Pick<ChartView, "percent" | "multiplier">,
  value: number,
  locale: Locale,
): string {
  if (view.percent) return numberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
  return numberFormat(locale, { maximumFractionDigits: 2 }).format(value * view.multiplier);
}
