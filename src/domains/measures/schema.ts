import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organisations } from "../directory/schema";
import type {
  Guidance,
  InstrumentKind,
  InstrumentVariant,
  ItemOption,
  ItemType,
  ScoreBand,
  Text,
} from "../../seed/instruments/types";

/** One published version of an instrument (loaded from src/seed/instruments). */
export const instruments = pgTable(
  "instruments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull(),
    variant: text("variant").$type<InstrumentVariant>().notNull(),
    version: integer("version").notNull(),
    kind: text("kind").$type<InstrumentKind>().notNull(),
    titleEn: text("title_en").notNull(),
    titleEs: text("title_es").notNull(),
    descriptionEn: text("description_en").notNull(),
    descriptionEs: text("description_es").notNull(),
    scale: jsonb("scale").$type<Text[]>(),
    bands: jsonb("bands").$type<ScoreBand[]>().notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
    /** Hash of the definition: a start with an unchanged definition writes nothing. */
    definitionHash: text("definition_hash").notNull(),
  },
  (t) => [uniqueIndex("instruments_key_variant_version_idx").on(t.key, t.variant, t.version)],
);

export const instrumentSections = pgTable(
  "instrument_sections",
  {
    instrumentId: uuid("instrument_id")
      .notNull()
      .references(() => instruments.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    position: integer("position").notNull(),
    titleEn: text("title_en").notNull(),
    titleEs: text("title_es").notNull(),
    introEn: text("intro_en"),
    introEs: text("intro_es"),
    scored: boolean("scored").notNull(),
    guidance: jsonb("guidance").$type<Guidance>(),
  },
  (t) => [primaryKey({ columns: [t.instrumentId, t.key] })],
);

export const instrumentItems = pgTable(
  "instrument_items",
  {
    instrumentId: uuid("instrument_id")
      .notNull()
      .references(() => instruments.id, { onDelete: "cascade" }),
    sectionKey: text("section_key").notNull(),
    key: text("key").notNull(),
    position: integer("position").notNull(),
    type: text("type").$type<ItemType>().notNull(),
    promptEn: text("prompt_en").notNull(),
    promptEs: text("prompt_es").notNull(),
    hintEn: text("hint_en"),
    hintEs: text("hint_es"),
    options: jsonb("options").$type<ItemOption[]>(),
    withinEnrollment: boolean("within_enrollment").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.instrumentId, t.key] })],
);

export type ResponseStatus = "draft" | "submitted";

/** One organisation's answers to one instrument version for a school year and time point. */
export const responses = pgTable(
  "responses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    instrumentId: uuid("instrument_id")
      .notNull()
      .references(() => instruments.id),
    instrumentKey: text("instrument_key").notNull(),
    variant: text("variant").$type<InstrumentVariant>().notNull(),
    /** "2025-26" */
    schoolYear: text("school_year").notNull(),
    timePoint: integer("time_point").notNull(),
    status: text("status").$type<ResponseStatus>().notNull().default("draft"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    submittedBy: uuid("submitted_by"),
  },
  (t) => [
    uniqueIndex("responses_point_idx").on(t.organisationId, t.instrumentId, t.schoolYear, t.timePoint),
    index("responses_org_key_idx").on(t.organisationId, t.instrumentKey, t.schoolYear),
  ],
);

/** A section's answers (item key → value) with its own version for optimistic concurrency. */
export const responseSections = pgTable(
  "response_sections",
  {
    responseId: uuid("response_id")
      .notNull()
      .references(() => responses.id, { onDelete: "cascade" }),
    sectionKey: text("section_key").notNull(),
    version: integer("version").notNull().default(0),
    answers: jsonb("answers").$type<Record<string, unknown>>().notNull().default({}),
    updatedBy: uuid("updated_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.sectionKey] })],
);

/** Scores of every submitted assessment, written once at submission. */
export const assessmentScores = pgTable(
  "assessment_scores",
  {
    responseId: uuid("response_id")
      .primaryKey()
      .references(() => responses.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id").notNull(),
    instrumentKey: text("instrument_key").notNull(),
    variant: text("variant").$type<InstrumentVariant>().notNull(),
    schoolYear: text("school_year").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    /** Domain key → score (null when not enough answers). */
    domainScores: jsonb("domain_scores").$type<Record<string, number | null>>().notNull(),
    composite: doublePrecision("composite"),
  },
  (t) => [index("assessment_scores_org_idx").on(t.organisationId, t.instrumentKey, t.submittedAt)],
);

/** The latest submitted scores of each organisation per school year: what aggregates are built from. */
export const latestScores = pgTable(
  "latest_scores",
  {
    organisationId: uuid("organisation_id").notNull(),
    instrumentKey: text("instrument_key").notNull(),
    variant: text("variant").$type<InstrumentVariant>().notNull(),
    schoolYear: text("school_year").notNull(),
    responseId: uuid("response_id").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    domainScores: jsonb("domain_scores").$type<Record<string, number | null>>().notNull(),
    composite: doublePrecision("composite"),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.instrumentKey, t.variant, t.schoolYear] })],
);

/**
 * Running sums and counts per scope (district, state, nation), domain and school year, kept up to
 * date in the submission's transaction so dashboards read one row instead of rescanning answers.
 * domainKey "composite" holds the composite.
 */
export const scoreAggregates = pgTable(
  "score_aggregates",
  {
    scopeId: uuid("scope_id").notNull(),
    instrumentKey: text("instrument_key").notNull(),
    variant: text("variant").$type<InstrumentVariant>().notNull(),
    schoolYear: text("school_year").notNull(),
    domainKey: text("domain_key").notNull(),
    sum: doublePrecision("sum").notNull().default(0),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scopeId, t.instrumentKey, t.variant, t.schoolYear, t.domainKey] })],
);

/** How many organisations under a scope submitted an instrument in a school year. */
export const participation = pgTable(
  "participation",
  {
    scopeId: uuid("scope_id").notNull(),
    instrumentKey: text("instrument_key").notNull(),
    variant: text("variant").$type<InstrumentVariant>().notNull(),
    schoolYear: text("school_year").notNull(),
    organisations: integer("organisations").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scopeId, t.instrumentKey, t.variant, t.schoolYear] })],
);

/**
 * A school's choice, per school year, to share its data beyond its district (with the state, the
 * nation and in public and research aggregates). No row means shared, the default. Changes are
 * audited (`measures.sharing.change`); aggregates above the district leave the school out while
 * it is not shared.
 */
export const dataSharingChoices = pgTable(
  "data_sharing_choices",
  {
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    schoolYear: text("school_year").notNull(),
    shared: boolean("shared").notNull(),
    changedBy: uuid("changed_by"),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.schoolYear] })],
);
