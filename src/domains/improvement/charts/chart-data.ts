import type { Locale } from "../../../platform/i18n";
import {
  type ControlChartKind,
  POINTS_FOR_LIMITS,
  type Phase,
  type RunRuleSet,
  controlChart,
  controlChartKindFor,
  runChart,
} from "./spc";
import {
  type ChartMarkerView,
  type ChartView,
  type PeriodData,
  controlChartView,
  positionOfDate,
  runChartView,
} from "./views/chart-model";
import type { MeasureType, Period } from "./values";

/**
 * A measure's chart, assembled from its stored rows by the pure rules: which chart (a run chart
 * until POINTS_FOR_LIMITS points, then the matching control chart, unless the person chose), the
 * frozen baseline and every recomputed phase turned into point indices, marks and markers.
 */
export interface MeasureChartInput {
  type: MeasureType;
  period: Period;
  perUnits: number;
  goal: number | null;
  countChart: "c" | "xmr";
  ruleSet: RunRuleSet;
  baselineFrom: string | null;
  baselineTo: string | null;
  series: PeriodData[];
  astronomical: string[];
  phases: Array<{ fromPeriod: string; baselineTo: string | null }>;
  annotations: Array<{ onDate: string; text: string }>;
  cycles: Array<{ startsOn: string | null; title: string }>;
}

export type ChartRequest = "auto" | "run" | "control";

export interface MeasureChart {
  view: ChartView;
  kind: "run" | ControlChartKind;
  /** The chart kind the measure takes once there are enough points. */
  controlKind: ControlChartKind;
  rules: RunRuleSet;
  /** Whether the limits are trial limits (no frozen baseline). */
  trial: boolean;
  enoughForLimits: boolean;
}

/** Index of the last point at or before the date (null when none). */
function lastIndexAtOrBefore(series: readonly PeriodData[], date: string): number | null {
  let found: number | null = null;
  series.forEach((p, i) => {
    if (p.start <= date) found = i;
  });
  return found;
}

function firstIndexAtOrAfter(series: readonly PeriodData[], date: string): number | null {
  const i = series.findIndex((p) => p.start >= date);
  return i < 0 ? null : i;
}

export function measureChart(
  input: MeasureChartInput,
  request: ChartRequest,
  rules: RunRuleSet | undefined,
  locale: Locale,
): MeasureChart {
  const { series } = input;
  const controlKind = controlChartKindFor(input.type, input.countChart);
  const enoughForLimits = series.length >= POINTS_FOR_LIMITS;
  const wantsControl = request === "control" || (request === "auto" && enoughForLimits);
  // XmR needs two points, the others one; below that only the run chart can be drawn.
  const kind = wantsControl && series.length >= 2 ? controlKind : "run";
  const ruleSet = rules ?? input.ruleSet;
  const frozenTo = input.baselineTo ? lastIndexAtOrBefore(series, input.baselineTo) : null;
  const frozenFrom = input.baselineFrom ? (firstIndexAtOrAfter(series, input.baselineFrom) ?? 0) : 0;
  const astronomical = input.astronomical
    .map((period) => series.findIndex((p) => p.start === period))
    .filter((i) => i >= 0);

  const starts = series.map((p) => p.start);
  const markers: ChartMarkerView[] = [];
  input.cycles
    .filter((c) => c.startsOn)
    .sort((a, b) => (a.startsOn as string).localeCompare(b.startsOn as string))
    .forEach((cycle, i) => {
      const at = positionOfDate(starts, cycle.startsOn as string);
      if (at !== null)
        markers.push({ at, kind: "cycle", tag: `C${i + 1}`, text: `${cycle.startsOn}: ${cycle.title}` });
    });
  [...input.annotations]
    .sort((a, b) => a.onDate.localeCompare(b.onDate))
    .forEach((note, i) => {
      const at = positionOfDate(starts, note.onDate);
      if (at !== null)
        markers.push({ at, kind: "annotation", tag: `A${i + 1}`, text: `${note.onDate}: ${note.text}` });
    });

  const options = {
    period: input.period,
    locale,
    percent: input.type === "proportion",
    multiplier: input.type === "rate" ? input.perUnits : 1,
    // The goal is kept as people state it: a percentage for proportions, per `perUnits` for rates.
    goal:
      input.goal === null
        ? null
        : input.type === "rate"
          ? input.goal / input.perUnits
          : input.type === "proportion"
            ? input.goal / 100
            : input.goal,
    markers,
  };

  if (kind === "run") {
    const baseline = frozenTo === null ? null : { from: frozenFrom, to: frozenTo };
    const result = runChart(
      series.map((p) => p.value),
      { rules: ruleSet, baseline, astronomical },
    );
    return {
      view: runChartView(series, result, { ...options, baselineTo: frozenTo }),
      kind,
      controlKind,
      rules: ruleSet,
      trial: frozenTo === null,
      enoughForLimits,
    };
  }

  const phases: Phase[] = [{ from: 0, baselineTo: frozenTo }];
  for (const phase of input.phases) {
    const from = firstIndexAtOrAfter(series, phase.fromPeriod);
    if (from === null || from === 0) continue;
    const to = phase.baselineTo ? lastIndexAtOrBefore(series, phase.baselineTo) : null;
    phases.push({ from, baselineTo: to !== null && to >= from ? to : null });
  }
  const points = series.map((p) =>
    controlKind === "p" || controlKind === "u"
      ? { y: p.numerator ?? 0, n: p.denominator ?? 1 }
      : { y: p.value },
  );
  const result = controlChart({ kind: controlKind, points, phases, astronomical });
  return {
    view: controlChartView(series, result, options),
    kind,
    controlKind,
    rules: ruleSet,
    trial: frozenTo === null,
    enoughForLimits,
  };
}
