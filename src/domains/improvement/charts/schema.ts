import {
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { improvementCycles } from "../cycles/schema";
import { improvementProjects } from "../plans/schema";

export const MEASURE_KINDS = ["outcome", "process", "balancing"] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];
export const MEASURE_TYPES = ["count", "proportion", "rate", "mean"] as const;
export const MEASURE_PERIODS = ["week", "month"] as const;
export type MeasurePeriod = (typeof MEASURE_PERIODS)[number];
export const RULE_SETS = ["perla", "anhoj"] as const;
export const COUNT_CHARTS = ["c", "xmr"] as const;

/**
 * A measure of an improvement project, with its operational definition: what is counted, how,
 * and over which period. Its values are entered per period — or, for a quality-assessment domain
 * score, read from the team's submitted assessments (source "assessment": every submitted time
 * point is a point). The baseline, once frozen, stays as it is: limits move only where a person
 * recomputed them with a reason (improvement_limit_phases).
 */
export const improvementMeasures = pgTable(
  "improvement_measures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => improvementProjects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind").$type<MeasureKind>().notNull(),
    type: text("type").$type<(typeof MEASURE_TYPES)[number]>().notNull(),
    period: text("period").$type<MeasurePeriod>().notNull(),
    definition: text("definition").notNull(),
    numeratorLabel: text("numerator_label"),
    denominatorLabel: text("denominator_label"),
    /** Rates are shown per this many units (per 100 students…); 1 for the other types. */
    perUnits: integer("per_units").notNull().default(1),
    goal: doublePrecision("goal"),
    /** Which control chart a count takes: c (equal opportunity each period) or XmR. */
    countChart: text("count_chart").$type<(typeof COUNT_CHARTS)[number]>().notNull().default("c"),
    ruleSet: text("rule_set").$type<(typeof RULE_SETS)[number]>().notNull().default("perla"),
    /** "entered" (values per period) or "assessment" (a quality-assessment domain score). */
    source: text("source").$type<"entered" | "assessment">().notNull().default("entered"),
    instrumentKey: text("instrument_key"),
    domainKey: text("domain_key"),
    /** The frozen baseline: the periods the first centre line and limits are computed from. */
    baselineFrom: date("baseline_from", { mode: "string" }),
    baselineTo: date("baseline_to", { mode: "string" }),
    baselineFrozenBy: uuid("baseline_frozen_by"),
    baselineFrozenAt: timestamp("baseline_frozen_at", { withTimezone: true }),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("improvement_measures_project_idx").on(t.projectId, t.createdAt)],
);

/** One period's value of an entered measure (the period's first day names it). */
export const improvementMeasureValues = pgTable(
  "improvement_measure_values",
  {
    measureId: uuid("measure_id")
      .notNull()
      .references(() => improvementMeasures.id, { onDelete: "cascade" }),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    /** The value (count, mean), or the numerator (proportion, rate). */
    value: doublePrecision("value").notNull(),
    /** The denominator of a proportion, the exposure (units) of a rate. */
    denominator: doublePrecision("denominator"),
    enteredBy: uuid("entered_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.periodStart] })],
);

/** A point a person judged astronomical (a judgement, not computed), with why. */
export const improvementAstronomicalPoints = pgTable(
  "improvement_astronomical_points",
  {
    measureId: uuid("measure_id")
      .notNull()
      .references(() => improvementMeasures.id, { onDelete: "cascade" }),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    note: text("note").notNull(),
    markedBy: uuid("marked_by"),
    markedAt: timestamp("marked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.periodStart] })],
);

/** A note drawn on the chart at its date (what changed, what happened). */
export const improvementAnnotations = pgTable(
  "improvement_annotations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    measureId: uuid("measure_id")
      .notNull()
      .references(() => improvementMeasures.id, { onDelete: "cascade" }),
    onDate: date("on_date", { mode: "string" }).notNull(),
    text: text("text").notNull(),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("improvement_annotations_measure_idx").on(t.measureId, t.onDate)],
);

/**
 * Limits recomputed by a person: from `fromPeriod` on, a new centre line and limits, computed from
 * the periods up to `baselineTo` (or every period of the phase until one is chosen). Never made
 * automatically; each carries its reason and the PDSA cycle or annotation it is linked to.
 */
export const improvementLimitPhases = pgTable(
  "improvement_limit_phases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    measureId: uuid("measure_id")
      .notNull()
      .references(() => improvementMeasures.id, { onDelete: "cascade" }),
    fromPeriod: date("from_period", { mode: "string" }).notNull(),
    baselineTo: date("baseline_to", { mode: "string" }),
    reason: text("reason").notNull(),
    cycleId: uuid("cycle_id").references(() => improvementCycles.id, { onDelete: "set null" }),
    annotationId: uuid("annotation_id").references(() => improvementAnnotations.id, { onDelete: "set null" }),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("improvement_limit_phases_measure_idx").on(t.measureId, t.fromPeriod)],
);
