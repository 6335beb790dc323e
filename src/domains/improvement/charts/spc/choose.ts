import type { ControlChartKind } from "./limits";

/** What a measure counts (the measure's type). */
export type MeasureType = "count" | "proportion" | "rate" | "mean";

/** Control limits are drawn from this many points on; before that the measure shows a run chart. */
export const POINTS_FOR_LIMITS = 20;

/**
 * The control chart matching a measure: p for proportions (numerator / denominator), u for rates
 * per unit (count / exposure), c for counts of events in an equal area of opportunity each period,
 * XmR for means and for counts without a denominator whose opportunity varies.
 */
export function controlChartKindFor(type: MeasureType, countChart: "c" | "xmr" = "c"): ControlChartKind {
  if (type === "proportion") return "p";
  if (type === "rate") return "u";
  if (type === "count") return countChart;
  return "xmr";
}

export type ChartChoice = { chart: "run" } | { chart: "control"; kind: ControlChartKind };

/** A run chart until there are POINTS_FOR_LIMITS points, then the matching control chart. */
export function chartFor(type: MeasureType, pointCount: number, countChart: "c" | "xmr" = "c"): ChartChoice {
  if (pointCount < POINTS_FOR_LIMITS) return { chart: "run" };
  return { chart: "control", kind: controlChartKindFor(type, countChart) };
}
