import { type Static, Type } from "@sinclair/typebox";
import { MultiLine, SingleLine, StringEnum } from "../../../platform/http/schemas";
import { COSTS, FOCUS_AREAS, LANGUAGES, LEVEL_KEYS, PURPOSES, REPORTERS } from "./schema";

// One schema per action: the page's form and the API's JSON body are checked by the same one.

/** Addresses the catalogue's own pages take, so no measure may be named after them. */
export const RESERVED_SLUGS = ["new", "compare"] as const;
/** At most this many measures side by side: more no longer fits a readable table. */
export const COMPARE_MAX = 4;

export const MEASURE_SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$";
export const MeasureSlug = () =>
  Type.String({
    minLength: 1,
    maxLength: 60,
    pattern: MEASURE_SLUG_PATTERN,
    description: "The measure's address: lower-case letters, digits and single hyphens (e.g. phq-a)",
  });

const choices = <const T extends readonly string[]>(values: T, description: string) =>
  Type.Array(StringEnum(values), { minItems: 1, maxItems: values.length, uniqueItems: true, description });
const optionalText = (maxLength: number, description: string) =>
  Type.Optional(MultiLine({ minLength: 1, maxLength, description }));
const Age = (description: string) => Type.Integer({ minimum: 0, maximum: 25, description });

export const MeasureFields = Type.Object({
  slug: MeasureSlug(),
  shortName: SingleLine({ maxLength: 40, description: "The short name schools know it by (PHQ-A)" }),
  name: SingleLine({ maxLength: 200, description: "Its full name" }),
  publisher: SingleLine({ maxLength: 200, description: "Who publishes or holds it" }),
  summaryEn: MultiLine({ minLength: 1, maxLength: 2000, description: "What it is, in English" }),
  summaryEs: optionalText(2000, "What it is, in Spanish"),
  focusAreas: choices(FOCUS_AREAS, "What it looks at"),
  purposes: choices(PURPOSES, "What schools use it for"),
  reporters: choices(REPORTERS, "Who answers it"),
  languages: choices(LANGUAGES, "Languages it is available in (ISO 639-1)"),
  ageMin: Age("Youngest student age it is meant for"),
  ageMax: Age("Oldest student age it is meant for"),
  items: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: "Items in its main form" })),
  minutes: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 240, description: "Minutes to give it to one student" }),
  ),
  cost: StringEnum(COSTS, { description: "free, lowCost or paid" }),
  obtainEn: MultiLine({ minLength: 1, maxLength: 1000, description: "How to obtain it, in English" }),
  obtainEs: optionalText(1000, "How to obtain it, in Spanish"),
  obtainUrl: Type.Optional(
    Type.String({ maxLength: 500, pattern: "^https?://[^\\s]+$", description: "The publisher's page" }),
  ),
  evidenceEn: MultiLine({
    minLength: 1,
    maxLength: 2000,
    description: "What its evidence shows, in plain English",
  }),
  evidenceEs: optionalText(2000, "What its evidence shows, in plain Spanish"),
});
export type MeasureInput = Static<typeof MeasureFields>;

/** The catalogue's filters: one value per field, as the list page's form sends them. */
export const MeasureFilterQuery = Type.Object({
  q: Type.Optional(SingleLine({ maxLength: 100, description: "Words in its name, publisher or summary" })),
  focus: Type.Optional(StringEnum(FOCUS_AREAS, { description: "Focus area" })),
  purpose: Type.Optional(StringEnum(PURPOSES, { description: "Purpose" })),
  level: Type.Optional(StringEnum(LEVEL_KEYS, { description: "School level (from its ages)" })),
  age: Type.Optional(Type.Integer({ minimum: 0, maximum: 25, description: "A student's age it covers" })),
  reporter: Type.Optional(StringEnum(REPORTERS, { description: "Who answers it" })),
  language: Type.Optional(StringEnum(LANGUAGES, { description: "A language it is available in" })),
  cost: Type.Optional(StringEnum(COSTS, { description: "Cost" })),
  maxItems: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: "At most this many items" })),
  maxMinutes: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 240, description: "At most this many minutes" }),
  ),
});
export type MeasureFilters = Static<typeof MeasureFilterQuery>;

/** The measures to compare, by address (`?m=phq-a&m=gad-7`). */
export const CompareQuery = Type.Object({
  m: Type.Optional(Type.Array(MeasureSlug(), { maxItems: 50 })),
});

export const MeasureParams = Type.Object({ measureSlug: MeasureSlug() });

const Localised = Type.Object({ en: Type.String(), es: Type.Union([Type.String(), Type.Null()]) });

export const MeasureResponse = Type.Object({
  slug: Type.String(),
  shortName: Type.String(),
  name: Type.String(),
  publisher: Type.String(),
  summary: Localised,
  focusAreas: Type.Array(Type.String()),
  purposes: Type.Array(Type.String()),
  reporters: Type.Array(Type.String()),
  languages: Type.Array(Type.String()),
  ageMin: Type.Integer(),
  ageMax: Type.Integer(),
  levels: Type.Array(Type.String(), { description: "School levels its ages cover" }),
  items: Type.Union([Type.Integer(), Type.Null()]),
  minutes: Type.Union([Type.Integer(), Type.Null()]),
  cost: Type.String(),
  obtain: Localised,
  obtainUrl: Type.Union([Type.String(), Type.Null()]),
  evidence: Localised,
  demo: Type.Boolean({ description: "A row of the demo catalogue" }),
  updatedAt: Type.String({ format: "date-time" }),
});
export const MeasureListResponse = Type.Object({
  total: Type.Integer(),
  items: Type.Array(MeasureResponse),
});
