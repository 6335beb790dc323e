import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, text, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/schema";
import { organisations } from "../../directory/schema";
import { responses } from "../../measures/schema";

export const PROJECT_STATUSES = ["active", "onHold", "completed"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const STEP_STATUSES = ["notStarted", "inProgress", "done", "dropped"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/**
 * An improvement project of a team (a school's, district's or state's): what it wants to
 * improve (the aim), the goals and action steps that get it there. Started from a report's
 * priority areas (the domain, its lowest-rated indicators and the report it came from are kept)
 * or from scratch. Everything else of the project — driver diagram, PDSA cycles, measures —
 * hangs off its id, and every access check loads the owning team's scope from this row.
 */
export const improvementProjects = pgTable(
  "improvement_projects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** The quality-assessment domain (section key) the plan works on; null for a plan from scratch. */
    domainKey: text("domain_key"),
    /** The instrument whose domain text is the guidance (with domainKey). */
    instrumentId: uuid("instrument_id"),
    /** Indicator (item) keys of the domain rated lowest when the plan began, lowest first. */
    priorityIndicatorKeys: text("priority_indicator_keys").array().notNull().default(sql`'{}'::text[]`),
    /** The submitted assessment (its report) the plan came from. */
    sourceResponseId: uuid("source_response_id").references(() => responses.id, { onDelete: "set null" }),
    aimWhat: text("aim_what"),
    aimHowMuch: text("aim_how_much"),
    aimByWhen: date("aim_by_when", { mode: "string" }),
    aimForWhom: text("aim_for_whom"),
    status: text("status").$type<ProjectStatus>().notNull().default("active"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("improvement_projects_org_idx").on(t.organisationId, t.createdAt)],
);

/** A goal of a project's action plan: the steps are grouped under it. */
export const improvementGoals = pgTable(
  "improvement_goals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => improvementProjects.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    position: integer("position").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("improvement_goals_project_idx").on(t.projectId, t.position)],
);

/** An action step under a goal: who does it (a member of the team), by when, how far along. */
export const improvementSteps = pgTable(
  "improvement_steps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => improvementProjects.id, { onDelete: "cascade" }),
    goalId: uuid("goal_id")
      .notNull()
      .references((): AnyPgColumn => improvementGoals.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    dueOn: date("due_on", { mode: "string" }),
    status: text("status").$type<StepStatus>().notNull().default("notStarted"),
    position: integer("position").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("improvement_steps_project_idx").on(t.projectId, t.position),
    index("improvement_steps_goal_idx").on(t.goalId),
  ],
);
