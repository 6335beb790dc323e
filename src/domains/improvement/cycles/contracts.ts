import { type TNull, type TOptional, type TSchema, type TUnion, Type } from "@sinclair/typebox";
import { MultiLine, SingleLine, StringEnum, Uuid } from "../../../platform/http/schemas";
import { CYCLE_DECISIONS, CYCLE_STAGES } from "./schema";

export const CycleParams = Type.Object({ cycleId: Uuid() });

const DateText = (description: string) => Type.String({ format: "date", maxLength: 10, description });
const Text = (description: string) => MultiLine({ maxLength: 4000, description });

/** The parts of a cycle a person writes, by stage. */
export const CYCLE_TEXT = {
  plan: [
    "objective",
    "questions",
    "prediction",
    "planWho",
    "planWhat",
    "planWhen",
    "planWhere",
    "dataToCollect",
  ],
  do: ["whatHappened", "problems", "observations"],
  study: ["results"],
  act: ["nextSteps"],
} as const;

const texts = {
  objective: Text("Plan: what the cycle is for"),
  questions: Text("Plan: what it will answer"),
  prediction: Text("Plan: what the team expects to happen"),
  planWho: Text("Plan: who"),
  planWhat: Text("Plan: what"),
  planWhen: Text("Plan: when"),
  planWhere: Text("Plan: where"),
  dataToCollect: Text("Plan: the data to collect"),
  whatHappened: Text("Do: what happened"),
  problems: Text("Do: problems"),
  observations: Text("Do: observations"),
  results: Text("Study: results against the prediction"),
  nextSteps: Text("Act: the next cycle"),
};
const optional = <T extends Record<string, TSchema>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof T]: TOptional<T[K]>;
  };
const nullable = <T extends Record<string, TSchema>>(fields: T) =>
  Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, Type.Optional(Type.Union([v, Type.Null()]))]),
  ) as {
    [K in keyof T]: TOptional<TUnion<[T[K], TNull]>>;
  };

/** A whole cycle, as its form and the API's new cycle send it. */
export const CycleFields = Type.Object({
  title: SingleLine({ maxLength: 200, description: "What the cycle tests" }),
  stage: Type.Optional(StringEnum(CYCLE_STAGES, { description: "plan, do, study, act or done" })),
  startsOn: Type.Optional(DateText("First day (YYYY-MM-DD)")),
  endsOn: Type.Optional(DateText("Last day (YYYY-MM-DD), not before the first")),
  decision: Type.Optional(
    StringEnum(CYCLE_DECISIONS, { description: "Act: adopt, adapt or abandon the change" }),
  ),
  ...optional(texts),
});

export const CycleStart = Type.Composite([
  CycleFields,
  Type.Object({
    previousCycleId: Type.Optional(Uuid("The cycle of the same change idea this one builds on (its ramp)")),
  }),
]);

/** A change to a cycle: what is left out stays; null clears a field. */
export const CyclePatch = Type.Object({
  title: Type.Optional(CycleFields.properties.title),
  stage: Type.Optional(StringEnum(CYCLE_STAGES)),
  ...nullable({
    startsOn: DateText("First day (YYYY-MM-DD)"),
    endsOn: DateText("Last day (YYYY-MM-DD)"),
    decision: StringEnum(CYCLE_DECISIONS),
    ...texts,
  }),
});

const Str = Type.Union([Type.String(), Type.Null()]);
export const CycleResponse = Type.Object({
  id: Type.String({ format: "uuid" }),
  projectId: Type.String({ format: "uuid" }),
  changeIdeaId: Type.String({ format: "uuid" }),
  previousCycleId: Str,
  nextCycleIds: Type.Array(Type.String()),
  title: Type.String(),
  stage: Type.String(),
  startsOn: Str,
  endsOn: Str,
  plan: Type.Object({
    objective: Str,
    questions: Str,
    prediction: Str,
    who: Str,
    what: Str,
    when: Str,
    where: Str,
    dataToCollect: Str,
  }),
  do: Type.Object({ whatHappened: Str, problems: Str, observations: Str }),
  study: Type.Object({ results: Str }),
  act: Type.Object({ decision: Str, nextSteps: Str }),
  page: Type.String(),
});
export const CycleListItem = Type.Object({
  id: Type.String({ format: "uuid" }),
  title: Type.String(),
  changeIdeaId: Type.String({ format: "uuid" }),
  changeIdeaTitle: Type.String(),
  stage: Type.String(),
  decision: Str,
  startsOn: Str,
  endsOn: Str,
  previousCycleId: Str,
  page: Type.String(),
});
export const CycleListResponse = Type.Object({ items: Type.Array(CycleListItem) });
