import { date, index, pgTable, text, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { improvementDriverNodes } from "../diagrams/schema";
import { improvementProjects } from "../plans/schema";

/** Where a cycle has got to: Plan, Do, Study, Act, then done. */
export const CYCLE_STAGES = ["plan", "do", "study", "act", "done"] as const;
export type CycleStage = (typeof CYCLE_STAGES)[number];

/** What the team decided in the Act stage about the change. */
export const CYCLE_DECISIONS = ["adopt", "adapt", "abandon"] as const;
export type CycleDecision = (typeof CYCLE_DECISIONS)[number];

/**
 * A Plan-Do-Study-Act cycle testing a change idea. Cycles build on each other in ramps: a cycle
 * names the one before it, so the next cycle of a ramp is the one that names it.
 */
export const improvementCycles = pgTable(
  "improvement_cycles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => improvementProjects.id, { onDelete: "cascade" }),
    changeIdeaId: uuid("change_idea_id")
      .notNull()
      .references(() => improvementDriverNodes.id, { onDelete: "cascade" }),
    previousCycleId: uuid("previous_cycle_id").references((): AnyPgColumn => improvementCycles.id, {
      onDelete: "set null",
    }),
    title: text("title").notNull(),
    stage: text("stage").$type<CycleStage>().notNull().default("plan"),
    startsOn: date("starts_on", { mode: "string" }),
    endsOn: date("ends_on", { mode: "string" }),
    // Plan
    objective: text("objective"),
    questions: text("questions"),
    prediction: text("prediction"),
    planWho: text("plan_who"),
    planWhat: text("plan_what"),
    planWhen: text("plan_when"),
    planWhere: text("plan_where"),
    dataToCollect: text("data_to_collect"),
    // Do
    whatHappened: text("what_happened"),
    problems: text("problems"),
    observations: text("observations"),
    // Study
    results: text("results"),
    // Act
    decision: text("decision").$type<CycleDecision>(),
    nextSteps: text("next_steps"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("improvement_cycles_project_idx").on(t.projectId, t.startsOn),
    index("improvement_cycles_idea_idx").on(t.changeIdeaId),
    index("improvement_cycles_previous_idx").on(t.previousCycleId),
  ],
);
