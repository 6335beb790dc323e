import { Type } from "@sinclair/typebox";
import { MultiLine, SingleLine, StringEnum, Uuid } from "../../../platform/http/schemas";
import { COUNT_CHARTS, MEASURE_KINDS, MEASURE_PERIODS, MEASURE_TYPES, RULE_SETS } from "./schema";

/** One TypeBox schema per action: the API validates JSON with it, the pages validate forms with it. */
export const ProjectParams = Type.Object({ projectId: Uuid() });
export const MeasureParams = Type.Object({ measureId: Uuid() });

const PERIOD = "^\\d{4}-\\d{2}(-\\d{2})?$";
const PeriodText = (description: string) => Type.String({ pattern: PERIOD, maxLength: 10, description });
const DateText = (description: string) => Type.String({ format: "date", maxLength: 10, description });
const Amount = (description: string) => Type.Number({ minimum: 0, maximum: 1e9, description });

export const MeasureFields = Type.Object({
  name: SingleLine({ maxLength: 200, description: "The measure's name" }),
  kind: StringEnum(MEASURE_KINDS, { description: "outcome, process or balancing" }),
  type: StringEnum(MEASURE_TYPES, { description: "count, proportion, rate or mean" }),
  period: StringEnum(MEASURE_PERIODS, { description: "week or month" }),
  definition: MultiLine({
    minLength: 1,
    maxLength: 4000,
    description: "Operational definition: what is counted, how, by whom",
  }),
  numeratorLabel: Type.Optional(
    SingleLine({ maxLength: 200, description: "Proportions and rates: what the numerator counts" }),
  ),
  denominatorLabel: Type.Optional(
    SingleLine({ maxLength: 200, description: "Proportions: the denominator; rates: the units of exposure" }),
  ),
  perUnits: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100000, description: "Rates: shown per this many units" }),
  ),
  goal: Type.Optional(
    Type.Number({
      minimum: -1e9,
      maximum: 1e9,
      description: "Goal line (a percentage for proportions, per perUnits for rates)",
    }),
  ),
  countChart: Type.Optional(StringEnum(COUNT_CHARTS, { description: "Counts: c chart (default) or XmR" })),
  ruleSet: Type.Optional(StringEnum(RULE_SETS, { description: "Run-chart rules: perla (default) or anhoj" })),
});

export const DomainScoreFields = Type.Object({
  domainKey: Type.String({
    pattern: "^[a-z0-9][a-z0-9_-]{0,59}$",
    maxLength: 60,
    description: "A domain of the quality assessment",
  }),
  goal: Type.Optional(Type.Number({ minimum: 1, maximum: 6, description: "Goal on the 1–6 scale" })),
});

/** One period's value, from the form. */
export const ValueFields = Type.Object({
  period: PeriodText("The period: YYYY-MM for a month, a date in the week for a week"),
  value: Type.Optional(Amount("The value (count, mean), or the numerator (proportion, rate)")),
  denominator: Type.Optional(Amount("Proportions: the denominator; rates: the units of exposure")),
});

/** A batch of values through the API: all saved, or none. */
export const ValuesBody = Type.Object({
  rows: Type.Array(
    Type.Object({
      period: PeriodText("YYYY-MM for a month, a date in the week for a week"),
      value: Amount("The value (count, mean), or the numerator (proportion, rate)"),
      denominator: Type.Optional(Amount("Proportions: the denominator; rates: the units of exposure")),
    }),
    { minItems: 1, maxItems: 520 },
  ),
});

/** A CSV file's text through the API (columns period,value or period,numerator,denominator). */
export const CsvBody = Type.Object({
  csv: Type.String({ minLength: 1, maxLength: 200_000, description: "The CSV text, with a header row" }),
});

export const CsvForm = Type.Object({
  csv: Type.Optional(MultiLine({ maxLength: 200_000, description: "Pasted CSV text" })),
});

export const BaselineFields = Type.Object({
  from: PeriodText("First period of the baseline"),
  to: PeriodText("Last period of the baseline"),
});

export const RecomputeFields = Type.Object({
  fromPeriod: PeriodText("The first period the new limits apply to"),
  baselineTo: Type.Optional(
    PeriodText("Last period the new limits are computed from (empty: every period since)"),
  ),
  reason: MultiLine({ minLength: 1, maxLength: 2000, description: "Why the limits are recomputed" }),
  cycleId: Type.Optional(Uuid("The PDSA cycle the change comes from (else an annotation is written)")),
});

export const AnnotationFields = Type.Object({
  onDate: DateText("The date the note is drawn at (YYYY-MM-DD)"),
  text: MultiLine({ minLength: 1, maxLength: 1000, description: "What happened" }),
});

export const AstronomicalFields = Type.Object({
  period: PeriodText("The point's period"),
  astronomical: Type.Optional(
    Type.Boolean({ description: "true to mark (default), false to take the mark back" }),
  ),
  note: Type.Optional(MultiLine({ maxLength: 1000, description: "Why it is astronomical" })),
});

export const ChartQuery = Type.Object({
  chart: Type.Optional(
    StringEnum(["auto", "run", "control"] as const, {
      description: "Which chart (auto: run chart until 20 points)",
    }),
  ),
  rules: Type.Optional(StringEnum(RULE_SETS, { description: "Run-chart rules" })),
});

const Nullable = <T extends import("@sinclair/typebox").TSchema>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const MeasureResponse = Type.Object({
  id: Type.String(),
  projectId: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  type: Type.String(),
  period: Type.String(),
  definition: Type.String(),
  numeratorLabel: Nullable(Type.String()),
  denominatorLabel: Nullable(Type.String()),
  perUnits: Type.Integer(),
  goal: Nullable(Type.Number()),
  countChart: Type.String(),
  ruleSet: Type.String(),
  source: Type.String({ description: "entered, or assessment (a quality-assessment domain score)" }),
  domainKey: Nullable(Type.String()),
  baselineFrom: Nullable(Type.String()),
  baselineTo: Nullable(Type.String()),
  chart: Type.String({ description: "Address of the chart page" }),
});
export const MeasureListResponse = Type.Object({ items: Type.Array(MeasureResponse) });

export const ChartResponse = Type.Object({
  measure: MeasureResponse,
  chart: Type.String({ description: "run, xmr, p, u or c" }),
  rules: Type.String(),
  trialLimits: Type.Boolean(),
  points: Type.Array(
    Type.Object({
      period: Type.String(),
      value: Type.Number(),
      numerator: Nullable(Type.Number()),
      denominator: Nullable(Type.Number()),
      centre: Nullable(Type.Number()),
      lower: Nullable(Type.Number()),
      upper: Nullable(Type.Number()),
      inBaseline: Type.Boolean(),
      signals: Type.Array(Type.String()),
    }),
  ),
  signals: Type.Array(
    Type.Object({
      rule: Type.String(),
      points: Type.Array(Type.Integer(), { description: "0-based indices into points" }),
      direction: Type.Optional(Type.String()),
      count: Type.Optional(Type.Number()),
      limit: Type.Optional(Type.String()),
      text: Type.String(),
    }),
  ),
  annotations: Type.Array(Type.Object({ id: Type.String(), onDate: Type.String(), text: Type.String() })),
  phases: Type.Array(
    Type.Object({
      fromPeriod: Type.String(),
      baselineTo: Nullable(Type.String()),
      reason: Type.String(),
      cycleId: Nullable(Type.String()),
      annotationId: Nullable(Type.String()),
    }),
  ),
  astronomical: Type.Array(Type.Object({ period: Type.String(), note: Type.String() })),
});

export const SavedResponse = Type.Object({ saved: Type.Integer() });
