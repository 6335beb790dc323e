import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid, boolean } from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/schema";

/** What a measure looks at. */
export const FOCUS_AREAS = [
  "general",
  "depression",
  "anxiety",
  "trauma",
  "wellbeing",
  "socialEmotional",
  "behaviour",
  "attention",
  "substanceUse",
  "suicideRisk",
] as const;
export type FocusArea = (typeof FOCUS_AREAS)[number];

/** What a school uses it for. */
export const PURPOSES = ["universalScreening", "progressMonitoring", "diagnosticSupport"] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Who answers it. */
export const REPORTERS = ["student", "parent", "teacher"] as const;
export type Reporter = (typeof REPORTERS)[number];

/** What it costs a school to use. */
export const COSTS = ["free", "lowCost", "paid"] as const;
export type Cost = (typeof COSTS)[number];

/** Languages a measure may be listed in (ISO 639-1), the ones schools most often ask for. */
export const LANGUAGES = ["en", "es", "zh", "vi", "ar", "ht", "ko", "pt", "ru", "so", "tl", "fr"] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * School levels, as the student ages they cover: a measure is offered for a level when its age
 * range overlaps the level's (the ages are the one truth; levels are read from them).
 */
export const LEVELS = {
  earlyChildhood: [3, 4],
  elementary: [5, 10],
  middle: [11, 13],
  high: [14, 18],
} as const;
export type Level = keyof typeof LEVELS;
export const LEVEL_KEYS = [
  "earlyChildhood",
  "elementary",
  "middle",
  "high",
] as const satisfies readonly Level[];

/**
 * One measure of the screening and assessment catalogue (the national shelf: edited by the
 * nation team's leads). Texts come in English, with an optional Spanish version shown to
 * Spanish readers (the English one, marked as such, when there is none).
 */
export const catalogueMeasures = pgTable(
  "catalogue_measures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    /** The short name schools know it by (PHQ-A, SDQ). */
    shortName: text("short_name").notNull(),
    name: text("name").notNull(),
    publisher: text("publisher").notNull(),
    summaryEn: text("summary_en").notNull(),
    summaryEs: text("summary_es"),
    focusAreas: text("focus_areas").array().$type<FocusArea[]>().notNull(),
    purposes: text("purposes").array().$type<Purpose[]>().notNull(),
    reporters: text("reporters").array().$type<Reporter[]>().notNull(),
    languages: text("languages").array().$type<Language[]>().notNull(),
    ageMin: integer("age_min").notNull(),
    ageMax: integer("age_max").notNull(),
    /** Items of its main form; null when the forms differ too much to give one number. */
    items: integer("items"),
    /** Minutes to give it to one student; null when the publisher gives no figure. */
    minutes: integer("minutes"),
    cost: text("cost").$type<Cost>().notNull(),
    obtainEn: text("obtain_en").notNull(),
    obtainEs: text("obtain_es"),
    /** The publisher's page for it (http or https). */
    obtainUrl: text("obtain_url"),
    evidenceEn: text("evidence_en").notNull(),
    evidenceEs: text("evidence_es"),
    /** Rows of the demo catalogue, shown with a "Demo data" note. */
    demo: boolean("demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("catalogue_measures_slug_idx").on(t.slug),
    index("catalogue_measures_name_idx").on(t.shortName),
  ],
);

export type MeasureRow = typeof catalogueMeasures.$inferSelect;
