import { median, sideRuns, shifts, sidesOf, trends } from "./patterns";
import { anhojLongestRunLimit, binomialFifthPercentile, runsRange } from "./runs-distribution";
import { type Signal, type SignalRule, signalsByPoint } from "./signals";

/**
 * Run chart rules. "perla": shift (6+ on one side), trend (5+ up or down), too few / too many runs
 * against the Swed–Eisenhart range (Perla, Provost & Murray 2011). "anhoj": longest run above
 * round(log2 n) + 3, or crossings below the 5th percentile of Binomial(n − 1, 0.5).
 */
export type RunRuleSet = "perla" | "anhoj";

export const SHIFT_LENGTH = 6;
export const TREND_LENGTH = 5;
/** The runs test (and Anhøj's rules) need this many useful points (points not on the median). */
export const USEFUL_POINTS_FOR_RUNS = 10;

export interface Baseline {
  /** First and last index (inclusive) of the points the centre line is computed from. */
  from: number;
  to: number;
}

export interface RunChartOptions {
  rules?: RunRuleSet;
  /** A frozen baseline: the median of these points is extended over the rest. Default: all. */
  baseline?: Baseline | null;
  /** Points a person marked as astronomical (indices). */
  astronomical?: readonly number[];
}

export interface RunChartResult {
  rules: RunRuleSet;
  median: number | null;
  usefulPoints: number;
  runs: number;
  crossings: number;
  longestRun: number;
  /** Perla: the expected range of runs (null below USEFUL_POINTS_FOR_RUNS). */
  runsRange: { lower: number; upper: number } | null;
  /** Anhøj: longest run allowed and fewest crossings expected (null below the threshold). */
  longestRunLimit: number | null;
  crossingsLimit: number | null;
  signals: Signal[];
  pointSignals: SignalRule[][];
}

export function baselineValues(values: readonly number[], baseline?: Baseline | null): number[] {
  if (!baseline) return [...values];
  return values.slice(Math.max(0, baseline.from), Math.max(0, baseline.to + 1));
}

export function runChart(values: readonly number[], options: RunChartOptions = {}): RunChartResult {
  const rules = options.rules ?? "perla";
  const centre = median(baselineValues(values, options.baseline));
  const signals: Signal[] = [];
  const empty: RunChartResult = {
    rules,
    median: centre,
    usefulPoints: 0,
    runs: 0,
    crossings: 0,
    longestRun: 0,
    runsRange: null,
    longestRunLimit: null,
    crossingsLimit: null,
    signals,
    pointSignals: signalsByPoint(values.length, signals),
  };
  if (centre === null) return empty;

  const sides = sidesOf(
    values,
    values.map(() => centre),
  );
  const runs = sideRuns(sides);
  const usefulPoints = runs.reduce((sum, run) => sum + run.points.length, 0);
  const longestRun = runs.reduce((longest, run) => Math.max(longest, run.points.length), 0);
  const crossings = Math.max(0, runs.length - 1);
  const enough = usefulPoints >= USEFUL_POINTS_FOR_RUNS;
  const result: RunChartResult = { ...empty, usefulPoints, runs: runs.length, crossings, longestRun };

  if (rules === "perla") {
    for (const shift of shifts(sides, SHIFT_LENGTH)) {
      signals.push({
        rule: "shift",
        points: shift.points,
        direction: shift.side === 1 ? "above" : "below",
        count: shift.points.length,
      });
    }
    for (const trend of trends(values, TREND_LENGTH)) {
      signals.push({ rule: "trend", points: trend.points, direction: trend.direction, count: trend.count });
    }
    if (enough) {
      const expected = runsRange(usefulPoints);
      result.runsRange = expected;
      if (expected && runs.length < expected.lower) {
        signals.push({
          rule: "too-few-runs",
          points: [],
          count: runs.length,
          limit: `${expected.lower}–${expected.upper}`,
        });
      }
      if (expected && runs.length > expected.upper) {
        signals.push({
          rule: "too-many-runs",
          points: [],
          count: runs.length,
          limit: `${expected.lower}–${expected.upper}`,
        });
      }
    }
  } else if (enough) {
    const longestLimit = anhojLongestRunLimit(usefulPoints);
    const crossingsLimit = binomialFifthPercentile(usefulPoints - 1);
    result.longestRunLimit = longestLimit;
    result.crossingsLimit = crossingsLimit;
    for (const run of runs) {
      if (run.points.length > longestLimit) {
        signals.push({
          rule: "long-run",
          points: run.points,
          direction: run.side === 1 ? "above" : "below",
          count: run.points.length,
          limit: String(longestLimit),
        });
      }
    }
    if (crossings < crossingsLimit) {
      signals.push({ rule: "few-crossings", points: [], count: crossings, limit: String(crossingsLimit) });
    }
  }

  for (const index of options.astronomical ?? []) {
    if (index >= 0 && index < values.length) signals.push({ rule: "astronomical", points: [index] });
  }
  result.pointSignals = signalsByPoint(values.length, signals);
  return result;
}
