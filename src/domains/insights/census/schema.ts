import { Type } from "@sinclair/typebox";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * One row per school and school year: the figures of its latest submitted census profile, taken
 * out of the answers once (migration 0001 fills it from a trigger on the measures domain's
 * `latest_scores`, so every way a profile is submitted, imported or rebuilt keeps it current).
 * Roll-ups for a district, a state or the nation are then one aggregate over typed columns.
 *
 * `scope_ids` and `enrollment` are copied from the directory when the profile is submitted:
 * the census counts a school where it was, with the enrolment it had, that year.
 */
export const censusSchoolFacts = pgTable(
  "census_school_facts",
  {
    organisationId: uuid("organisation_id").notNull(),
    schoolYear: text("school_year").notNull(),
    responseId: uuid("response_id").notNull(),
    /** The nation, the state and the district the school sits in. */
    scopeIds: uuid("scope_ids").array().notNull(),
    enrollment: integer("enrollment"),
    /** FTE by role in CENSUS_ROLES order; null where the role was not answered. */
    fteSchool: doublePrecision("fte_school").array().notNull(),
    fteCommunity: doublePrecision("fte_community").array().notNull(),
    /** Tier 1, 2, 3: offers services at that tier (null when neither question was answered). */
    tiersOffered: boolean("tiers_offered").array().notNull(),
    screens: boolean("screens"),
    gradesScreened: text("grades_screened").array(),
    studentsScreened: integer("students_screened"),
    servedTier2: integer("served_tier2"),
    servedTier3: integer("served_tier3"),
    fundingSources: text("funding_sources").array(),
    partners: integer("partners"),
    partnerAgreements: boolean("partner_agreements"),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.schoolYear] }),
    index("census_school_facts_scopes_idx").using("gin", t.scopeIds),
    index("census_school_facts_year_idx").on(t.schoolYear),
  ],
);

/**
 * What the national associations recommend for each role, kept as data with its source so it can
 * be updated without a release. A role has a student ratio (students per FTE) or a staffing
 * level per school (the school nurse: one full-time nurse in every school), or both.
 */
export const censusRecommendations = pgTable("census_recommendations", {
  role: text("role").primaryKey(),
  studentsPerFte: integer("students_per_fte"),
  ftePerSchool: doublePrecision("fte_per_school"),
  sourceName: text("source_name").notNull(),
  sourceUrl: text("source_url").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** `?year=2025-26` on census pages, files and the API (default: the latest year on record). */
export const CensusQuery = Type.Object({
  year: Type.Optional(
    Type.String({
      pattern: "^\\d{4}-\\d{2}$",
      minLength: 7,
      maxLength: 7,
      description: "School year, e.g. 2025-26",
    }),
  ),
});
