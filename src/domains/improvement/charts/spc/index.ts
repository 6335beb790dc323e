/**
 * Run-chart and control-chart rules as pure functions (no database, no HTTP): used by the
 * measure chart pages and by the networks' small multiples and pooled charts.
 */
export {
  chartFor,
  controlChartKindFor,
  POINTS_FOR_LIMITS,
  type ChartChoice,
  type MeasureType,
} from "./choose";
export {
  controlChart,
  normalisePhases,
  type ControlChartInput,
  type ControlChartPhase,
  type ControlChartPoint,
  type ControlChartResult,
  type Phase,
} from "./control-chart";
export {
  centreFrom,
  D2,
  D4,
  limitsAt,
  movingRanges,
  plottedValue,
  xmrCentre,
  type CentreEstimate,
  type ControlChartKind,
  type PointLimits,
  type Subgroup,
} from "./limits";
export { median } from "./patterns";
export {
  runChart,
  SHIFT_LENGTH,
  TREND_LENGTH,
  USEFUL_POINTS_FOR_RUNS,
  type Baseline,
  type RunChartOptions,
  type RunChartResult,
  type RunRuleSet,
} from "./run-chart";
export {
  anhojLongestRunLimit,
  binomialFifthPercentile,
  runsRange,
  type RunsRange,
} from "./runs-distribution";
export { SHEWHART, shewhartSignals } from "./shewhart";
export { signalsByPoint, type Direction, type Signal, type SignalRule } from "./signals";
export { describeSignal, pointNumbers, rulesHelp, spcCatalog } from "./words";
