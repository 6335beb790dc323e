import { type TLiteral, type TUnion, Type } from "@sinclair/typebox";
import { MultiLine, SingleLine, Uuid } from "../../../platform/http/schemas";
import { CHANGE_RESULTS, MEASURE_PERIODS, MEASURE_TYPES, TEAM_NAMINGS } from "./schema";

// One schema per action: the page's form and the API's JSON body are checked by the same one.

const choice = <T extends readonly string[]>(values: T, description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  ) as unknown as TUnion<TLiteral<T[number]>[]>;
const Day = (description: string) => Type.String({ format: "date", maxLength: 10, description });

const Slug = () =>
  Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$", description: "The network's address" });
export const NetworkParams = Type.Object({ networkSlug: Slug() });
export const TeamParams = Type.Object({ networkSlug: Slug(), teamId: Uuid() });

export const SettingsFields = Type.Object({
  teamNaming: choice(TEAM_NAMINGS, 'How member teams see each other: "names" or "letters" (Team A, B, C…)'),
  reportingDays: Type.Integer({
    minimum: 1,
    maximum: 60,
    description: "Days a period stays open for reporting",
  }),
  reminderDaysBefore: Type.Integer({
    minimum: 0,
    maximum: 30,
    description: "The second reminder goes this many days before reporting closes",
  }),
});

export const InviteFields = Type.Object({
  organisation: Type.String({
    minLength: 1,
    maxLength: 40,
    pattern:
      "^([0-9]{2}|[0-9]{7}|[0-9]{12}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$",
    description: "The school's 12-digit or district's 7-digit NCES id, or the organisation's id",
  }),
});

export const DecisionFields = Type.Object({
  decision: choice(["accept", "decline"] as const, 'The team lead\'s answer: "accept" or "decline"'),
});

export const MeasureFields = Type.Object({
  name: SingleLine({ maxLength: 200, description: "Name of the shared measure" }),
  definition: MultiLine({
    minLength: 1,
    maxLength: 4000,
    description: "Operational definition: what is counted, how and from which source",
  }),
  type: choice(MEASURE_TYPES, "count, proportion (numerator / denominator), rate (per unit) or mean"),
  period: choice(MEASURE_PERIODS, "How often teams report: week or month"),
  numeratorLabel: SingleLine({
    maxLength: 200,
    description: "What the numerator (or the count, or the mean) is",
  }),
  denominatorLabel: Type.Optional(
    SingleLine({ maxLength: 200, description: "What the denominator counts (proportion and rate)" }),
  ),
  rateUnit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100_000, description: "Rates per this many units" }),
  ),
  goal: Type.Optional(Type.Number({ minimum: -1e9, maximum: 1e9, description: "The goal line" })),
  startsOn: Day("The first period teams report (any day in it)"),
});

export const ValueFields = Type.Object({
  measureId: Uuid("The shared measure"),
  periodStart: Day("The period's first day (a month's 1st, or a week's Monday)"),
  numerator: Type.Number({ minimum: -1e9, maximum: 1e9, description: "The count, numerator or mean" }),
  denominator: Type.Optional(
    Type.Number({ minimum: 0, maximum: 1e9, description: "The denominator (proportion and rate)" }),
  ),
  note: Type.Optional(
    MultiLine({
      maxLength: 1000,
      description: "A note (do not enter student names or other student information)",
    }),
  ),
});

export const ShareFields = Type.Object({
  title: SingleLine({ maxLength: 200, description: "The change idea" }),
  description: MultiLine({
    minLength: 1,
    maxLength: 4000,
    description: "What the team changed (no student names or other student information)",
  }),
  result: choice(CHANGE_RESULTS, "What came of it: worked, promising or did_not_work"),
  evidence: Type.Optional(
    MultiLine({ maxLength: 4000, description: "What the team saw: the cycles' results, the chart" }),
  ),
  measureId: Type.Optional(Uuid("The shared measure whose chart shows the change")),
  cycleId: Type.Optional(Uuid("The PDSA cycle of the team's it comes from")),
});

export const DashboardQuery = Type.Object({
  measure: Type.Optional(Uuid("The shared measure (the first one when not given)")),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: "Page of teams (24 a page)" })),
});

const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);

export const MeasureResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  definition: Type.String(),
  type: Type.String(),
  period: Type.String(),
  numeratorLabel: Type.String(),
  denominatorLabel: Type.Union([Type.String(), Type.Null()]),
  rateUnit: Nullable(Type.Number()),
  goal: Nullable(Type.Number()),
  startsOn: Type.String(),
});

export const TeamResponse = Type.Object({
  id: Type.String(),
  label: Type.String({ description: 'The team as this viewer may see it: its name, or "Team A"' }),
  status: Type.String(),
  reportedThisPeriod: Type.Optional(Type.Boolean()),
});

export const NetworkResponse = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  teamNaming: Type.String(),
  reportingDays: Type.Integer(),
  reminderDaysBefore: Type.Integer(),
  measures: Type.Array(MeasureResponse),
  teams: Type.Array(TeamResponse),
});

const PointResponse = Type.Object({
  periodStart: Type.String(),
  numerator: Type.Number(),
  denominator: Nullable(Type.Number()),
  value: Type.Number(),
});

export const SeriesResponse = Type.Object({
  team: TeamResponse,
  measure: MeasureResponse,
  points: Type.Array(PointResponse),
});

export const PooledPointResponse = Type.Object({
  periodStart: Type.String(),
  value: Type.Number(),
  teams: Type.Integer(),
  numerator: Type.Number(),
  denominator: Nullable(Type.Number()),
  center: Nullable(Type.Number()),
  upper: Nullable(Type.Number()),
  lower: Nullable(Type.Number()),
});

export const DashboardResponse = Type.Object({
  measure: MeasureResponse,
  period: Type.Object({ periodStart: Type.String(), opensOn: Type.String(), closesOn: Type.String() }),
  reported: Type.Integer({ description: "Active teams that reported the measure for this period" }),
  teams: Type.Array(Type.Object({ ...TeamResponse.properties, points: Type.Array(PointResponse) })),
  pooled: Type.Object({
    chart: Type.String({ description: "Which chart the pooled series is: p, u, c or xmr (or run)" }),
    points: Type.Array(PooledPointResponse),
    signals: Type.Array(Type.String()),
  }),
  page: Type.Integer(),
  pages: Type.Integer(),
});

export const LateTeamsResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      team: TeamResponse,
      organisationId: Type.String(),
      periodStart: Type.String(),
      closedOn: Type.String(),
      missing: Type.Array(Type.String({ description: "Names of the measures not reported" })),
    }),
  ),
});

export const SharedChangeResponse = Type.Object({
  id: Type.String(),
  team: Type.String(),
  title: Type.String(),
  description: Type.String(),
  result: Type.String(),
  evidence: Type.String(),
  measureId: Type.Union([Type.String(), Type.Null()]),
  cycleId: Type.Union([Type.String(), Type.Null()]),
  sharedAt: Type.String(),
});
export const ChangePackageResponse = Type.Object({
  worked: Type.Array(SharedChangeResponse),
  other: Type.Array(SharedChangeResponse),
});
