import {
  type CentreEstimate,
  type ControlChartKind,
  type PointLimits,
  type Subgroup,
  centreFrom,
  limitsAt,
  movingRangeUpperLimit,
  movingRanges,
  plottedValue,
} from "./limits";
import { shewhartSignals } from "./shewhart";
import { type Signal, type SignalRule, signalsByPoint } from "./signals";

/**
 * A phase of a control chart: from its first point to the next phase's first, with a centre line
 * and limits computed from its baseline points only. A chart starts with one phase; a new phase
 * begins only where a person recomputed the limits (with a recorded reason).
 */
export interface Phase {
  /** Index of the phase's first point. */
  from: number;
  /**
   * Last index (inclusive) of the baseline the limits are computed from: a frozen baseline.
   * Absent: every point of the phase so far (trial limits, which move as data arrive).
   */
  baselineTo?: number | null;
}

export interface ControlChartInput {
  kind: ControlChartKind;
  points: readonly Subgroup[];
  phases?: readonly Phase[];
  /** Points a person marked as astronomical (indices), shown as signals. */
  astronomical?: readonly number[];
}

export interface ControlChartPoint extends PointLimits {
  value: number;
  phase: number;
  inBaseline: boolean;
  /** XmR only: |x_i − x_{i−1}| within the phase (null for its first point). */
  movingRange: number | null;
}

export interface ControlChartPhase {
  from: number;
  to: number;
  baselineFrom: number;
  baselineTo: number;
  frozen: boolean;
  estimate: CentreEstimate;
  movingRangeUpper: number | null;
}

export interface ControlChartResult {
  kind: ControlChartKind;
  points: ControlChartPoint[];
  phases: ControlChartPhase[];
  signals: Signal[];
  pointSignals: SignalRule[][];
}

/** Orders the phases, drops those starting outside the series, and starts the first at 0. */
export function normalisePhases(phases: readonly Phase[] | undefined, count: number): Phase[] {
  const sorted = [...(phases ?? [])]
    .filter((p) => p.from > 0 && p.from < count)
    .sort((a, b) => a.from - b.from);
  const first = (phases ?? []).find((p) => p.from <= 0);
  const unique: Phase[] = [{ from: 0, baselineTo: first?.baselineTo ?? null }];
  for (const phase of sorted) if (phase.from !== unique[unique.length - 1].from) unique.push(phase);
  return unique;
}

export function controlChart(input: ControlChartInput): ControlChartResult {
  const { kind, points } = input;
  const phases = normalisePhases(input.phases, points.length);
  const values = points.map((point) => plottedValue(kind, point));
  const chartPoints: ControlChartPoint[] = [];
  const chartPhases: ControlChartPhase[] = [];
  const signals: Signal[] = [];

  phases.forEach((phase, phaseIndex) => {
    const to = (phases[phaseIndex + 1]?.from ?? points.length) - 1;
    if (to < phase.from) return;
    const frozen = phase.baselineTo !== null && phase.baselineTo !== undefined;
    const baselineTo = frozen ? Math.min(Math.max(phase.baselineTo as number, phase.from), to) : to;
    const baseline = points.slice(phase.from, baselineTo + 1);
    // An XmR chart needs two points for a moving range; until then, no limits.
    if (kind === "xmr" && baseline.length < 2) return;
    const estimate = centreFrom(kind, baseline);
    const phaseValues = values.slice(phase.from, to + 1);
    const ranges = movingRanges(phaseValues);
    const phaseLimits = points.slice(phase.from, to + 1).map((point) => limitsAt(estimate, point));
    phaseLimits.forEach((limits, k) => {
      const index = phase.from + k;
      chartPoints[index] = {
        ...limits,
        value: values[index],
        phase: phaseIndex,
        inBaseline: index <= baselineTo,
        movingRange: kind === "xmr" && k > 0 ? ranges[k - 1] : null,
      };
    });
    chartPhases.push({
      from: phase.from,
      to,
      baselineFrom: phase.from,
      baselineTo,
      frozen,
      estimate,
      movingRangeUpper: kind === "xmr" ? movingRangeUpperLimit(estimate) : null,
    });
    signals.push(...shewhartSignals(phaseValues, phaseLimits, phase.from));
  });

  for (const index of input.astronomical ?? []) {
    if (index >= 0 && index < points.length) signals.push({ rule: "astronomical", points: [index] });
  }
  return {
    kind,
    points: chartPoints,
    phases: chartPhases,
    signals,
    pointSignals: signalsByPoint(points.length, signals),
  };
}
