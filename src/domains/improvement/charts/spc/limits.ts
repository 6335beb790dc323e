/**
 * Centre lines and 3-sigma limits of the four control charts (Provost & Murray, The Health Care
 * Data Guide): XmR (individuals), p (proportions), u (rates), c (counts).
 */

export type ControlChartKind = "xmr" | "p" | "u" | "c";

/** One period's data: y is the value (XmR), the count (c) or the numerator (p, u); n the denominator. */
export interface Subgroup {
  y: number;
  n?: number;
}

/** XmR constants: d2 for moving ranges of two, and D4 (MR chart upper limit / screen). */
export const D2 = 1.128;
export const D4 = 3.267;

export interface CentreEstimate {
  kind: ControlChartKind;
  centre: number;
  /** XmR only: the average moving range after screening, and the moving ranges screened out. */
  averageMovingRange?: number;
  screenedMovingRanges?: number[];
}

export interface PointLimits {
  centre: number;
  /** One sigma at this point (unclipped), used by the zone rules. */
  sigma: number;
  lower: number;
  upper: number;
}

/** The value plotted: the proportion or rate for p and u, the value itself otherwise. */
export function plottedValue(kind: ControlChartKind, point: Subgroup): number {
  if (kind === "p" || kind === "u") return point.y / (point.n as number);
  return point.y;
}

/** Moving ranges |x_i − x_{i−1}|. */
export function movingRanges(values: readonly number[]): number[] {
  return values.slice(1).map((value, i) => Math.abs(value - values[i]));
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/**
 * XmR: x̄; MR̄ of the moving ranges, then moving ranges above D4·MR̄ screened out and MR̄
 * recomputed once from the rest (a single wild jump would otherwise widen every limit).
 */
export function xmrCentre(values: readonly number[]): CentreEstimate {
  if (values.length < 2) throw new RangeError("an XmR chart needs at least two points");
  const ranges = movingRanges(values);
  const firstAverage = mean(ranges);
  const kept = ranges.filter((range) => range <= D4 * firstAverage);
  const screened = ranges.filter((range) => range > D4 * firstAverage);
  return {
    kind: "xmr",
    centre: mean(values),
    averageMovingRange: kept.length > 0 ? mean(kept) : firstAverage,
    screenedMovingRanges: screened,
  };
}

/** p̄ = Σ numerators / Σ denominators (or ū for a u chart). */
function pooledRatio(points: readonly Subgroup[]): number {
  const numerator = points.reduce((sum, p) => sum + p.y, 0);
  const denominator = points.reduce((sum, p) => sum + (p.n ?? 0), 0);
  if (denominator <= 0) throw new RangeError("the denominators must add up to more than zero");
  return numerator / denominator;
}

/** The centre line computed from the baseline's points. */
export function centreFrom(kind: ControlChartKind, baseline: readonly Subgroup[]): CentreEstimate {
  if (baseline.length === 0) throw new RangeError("a baseline needs at least one point");
  if (kind === "xmr") return xmrCentre(baseline.map((p) => p.y));
  if (kind === "c") return { kind, centre: mean(baseline.map((p) => p.y)) };
  return { kind, centre: pooledRatio(baseline) };
}

/** The limits at one point: constant for XmR and c, varying with the point's n for p and u. */
export function limitsAt(estimate: CentreEstimate, point: Subgroup): PointLimits {
  const { kind, centre } = estimate;
  let sigma: number;
  if (kind === "xmr") sigma = (estimate.averageMovingRange ?? 0) / D2;
  else if (kind === "c") sigma = Math.sqrt(centre);
  else if (kind === "p") sigma = Math.sqrt((centre * (1 - centre)) / (point.n as number));
  else sigma = Math.sqrt(centre / (point.n as number));
  let lower = centre - 3 * sigma;
  let upper = centre + 3 * sigma;
  if (kind === "p") {
    lower = Math.max(0, lower);
    upper = Math.min(1, upper);
  } else if (kind === "u" || kind === "c") {
    lower = Math.max(0, lower);
  }
  return { centre, sigma, lower, upper };
}

/** XmR's moving-range chart upper limit (D4 · MR̄). */
export function movingRangeUpperLimit(estimate: CentreEstimate): number | null {
  return estimate.averageMovingRange === undefined ? null : D4 * estimate.averageMovingRange;
}
