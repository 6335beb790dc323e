import { Type } from "@sinclair/typebox";
import { MultiLine, SingleLine, StringEnum, Uuid } from "../../../platform/http/schemas";
import { PROJECT_STATUSES, STEP_STATUSES } from "./schema";

/** One TypeBox schema per action: the API validates JSON with it, the pages validate forms with it. */
export const OrgParams = Type.Object({ orgId: Uuid() });
export const ProjectParams = Type.Object({ projectId: Uuid() });
export const GoalParams = Type.Object({ goalId: Uuid() });
export const StepParams = Type.Object({ stepId: Uuid() });

const DateText = (description: string) => Type.String({ format: "date", maxLength: 10, description });
const DOMAIN_KEY = "^[a-z0-9][a-z0-9_-]{0,59}$";

/** A new plan: from scratch (a title), or from a report (its response and one of its domains). */
export const ProjectStart = Type.Object({
  title: Type.Optional(SingleLine({ maxLength: 200, description: "What the plan is about" })),
  sourceResponseId: Type.Optional(Uuid("The submitted assessment (its report) the plan starts from")),
  domainKey: Type.Optional(
    Type.String({ pattern: DOMAIN_KEY, maxLength: 60, description: "A domain of that assessment" }),
  ),
});

/** The aim: what, how much, by when, for whom (the title and status beside it). */
export const ProjectFields = Type.Object({
  title: SingleLine({ maxLength: 200, description: "What the plan is about" }),
  aimWhat: Type.Optional(MultiLine({ maxLength: 2000, description: "What will improve" })),
  aimHowMuch: Type.Optional(SingleLine({ maxLength: 300, description: "How much (the target)" })),
  aimByWhen: Type.Optional(DateText("By when (YYYY-MM-DD)")),
  aimForWhom: Type.Optional(SingleLine({ maxLength: 300, description: "For whom" })),
  status: Type.Optional(StringEnum(PROJECT_STATUSES, { description: "active, onHold or completed" })),
});
/** A change to a plan: what is left out stays; null clears an aim field. */
export const ProjectPatch = Type.Object({
  title: Type.Optional(ProjectFields.properties.title),
  aimWhat: Type.Optional(Type.Union([MultiLine({ maxLength: 2000 }), Type.Null()])),
  aimHowMuch: Type.Optional(Type.Union([SingleLine({ maxLength: 300 }), Type.Null()])),
  aimByWhen: Type.Optional(Type.Union([DateText("By when (YYYY-MM-DD)"), Type.Null()])),
  aimForWhom: Type.Optional(Type.Union([SingleLine({ maxLength: 300 }), Type.Null()])),
  status: Type.Optional(StringEnum(PROJECT_STATUSES)),
});

export const GoalFields = Type.Object({ title: SingleLine({ maxLength: 300, description: "The goal" }) });

export const StepFields = Type.Object({
  goalId: Uuid("The goal the step serves"),
  title: SingleLine({ maxLength: 300, description: "What will be done" }),
  ownerId: Type.Optional(Uuid("Who does it: a member of the team")),
  dueOn: Type.Optional(DateText("Due date (YYYY-MM-DD)")),
  status: Type.Optional(
    StringEnum(STEP_STATUSES, { description: "notStarted, inProgress, done or dropped" }),
  ),
});
/** A change to a step: what is left out stays; null clears the owner or the due date. */
export const StepPatch = Type.Object({
  goalId: Type.Optional(StepFields.properties.goalId),
  title: Type.Optional(StepFields.properties.title),
  ownerId: Type.Optional(Type.Union([Uuid("Who does it: a member of the team"), Type.Null()])),
  dueOn: Type.Optional(Type.Union([DateText("Due date (YYYY-MM-DD)"), Type.Null()])),
  status: Type.Optional(StringEnum(STEP_STATUSES)),
});

// --- Answers ---------------------------------------------------------------------------------

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ProjectResponse = Type.Object({
  id: Type.String({ format: "uuid" }),
  organisationId: Type.String({ format: "uuid" }),
  title: Type.String(),
  domainKey: Nullable(Type.String()),
  instrumentId: Nullable(Type.String()),
  priorityIndicatorKeys: Type.Array(Type.String()),
  sourceResponseId: Nullable(Type.String()),
  aim: Type.Object({
    what: Nullable(Type.String()),
    howMuch: Nullable(Type.String()),
    byWhen: Nullable(Type.String()),
    forWhom: Nullable(Type.String()),
  }),
  status: Type.String(),
  links: Type.Object({
    page: Type.String(),
    report: Nullable(Type.String()),
    guidance: Nullable(Type.String()),
  }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const ProjectListResponse = Type.Object({ items: Type.Array(ProjectResponse) });

export const GoalResponse = Type.Object({
  id: Type.String({ format: "uuid" }),
  projectId: Type.String({ format: "uuid" }),
  title: Type.String(),
  position: Type.Integer(),
});
export const StepResponse = Type.Object({
  id: Type.String({ format: "uuid" }),
  projectId: Type.String({ format: "uuid" }),
  goalId: Type.String({ format: "uuid" }),
  title: Type.String(),
  ownerId: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  dueOn: Nullable(Type.String()),
  status: Type.String(),
  overdue: Type.Boolean(),
});
export const GoalListResponse = Type.Object({ items: Type.Array(GoalResponse) });
export const StepListResponse = Type.Object({ items: Type.Array(StepResponse) });
