import { Type } from "@sinclair/typebox";
import { MultiLine, Uuid } from "../../platform/http/schemas";

/** One schema per action, shared by the HTML form and the JSON API. */
export const SchoolYear = () =>
  Type.String({
    pattern: "^\\d{4}-\\d{2}$",
    minLength: 7,
    maxLength: 7,
    description: "School year, e.g. 2025-26",
  });

export const StartInput = Type.Object({
  // A union of literals rather than StringEnum: the form parser (TypeBox Value) cannot check Unsafe types.
  instrument: Type.Union([Type.Literal("profile"), Type.Literal("quality")], {
    description: "Which instrument to open",
  }),
  schoolYear: SchoolYear(),
});

export const StartApiInput = Type.Object(
  { organisationId: Uuid(), ...StartInput.properties },
  { additionalProperties: false },
);

/**
 * An answer, in its item's JSON type: a rating is a whole number 1–6 or "dk" / "na"; a count a
 * whole number; an FTE a number with at most two decimals; yes/no "yes" or "no"; a choice its
 * option key; several choices an array of option keys; text a string. `null` (or `[]` for several
 * choices) clears an answer.
 *
 * Deliberately no `type` here: Fastify's Ajv coerces types, which turned `0` or `false` into null
 * and `true` into the rating 1. The measures service checks every answer against its item's type
 * instead (answers.ts), and a wrong type is a 400 naming the item.
 */
export const AnswerValue = Type.Unknown({ description: "An answer in its item's type; null clears it" });

export const SaveSectionInput = Type.Object(
  {
    version: Type.Integer({
      minimum: 0,
      maximum: 1_000_000_000,
      description: "The section version the answers are based on",
    }),
    answers: Type.Record(Type.String({ maxLength: 100 }), AnswerValue, {
      maxProperties: 200,
      description: "Item key → answer; the whole section",
    }),
  },
  { additionalProperties: false },
);

/**
 * A section form as a browser posts it: every field is text (a box group may repeat its name).
 * The answers are checked by the measures service, so a wrong one brings the form back with
 * the message beside the field rather than an error page.
 */
export const SectionForm = Type.Object(
  {
    _version: Type.String({
      pattern: "^\\d{1,9}$",
      description: "The section version the form was drawn from",
    }),
    _next: Type.Optional(
      Type.String({ maxLength: 200, description: 'Present when "Save and next" was pressed' }),
    ),
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  },
  {
    additionalProperties: Type.Union([
      Type.String({ maxLength: 10_000 }),
      Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }),
    ]),
    maxProperties: 200,
  },
);

export const SectionParams = Type.Object({
  id: Uuid(),
  sectionKey: Type.String({ pattern: "^[a-z0-9-]{1,40}$" }),
});

export const YearQuery = Type.Object({ schoolYear: Type.Optional(SchoolYear()) });

/** A page's choice of school year (`?year=`); one that does not exist (2025-27) shows the current year. */
export const PageYearQuery = Type.Object({ year: Type.Optional(SchoolYear()) });

export const GuidanceParams = Type.Object({
  instrumentId: Uuid(),
  domainKey: Type.String({ pattern: "^[a-z0-9-]{1,40}$" }),
});

/** The district dashboard's filters. */
export const DistrictDashboardQuery = Type.Object({
  year: Type.Optional(SchoolYear()),
  q: Type.Optional(Type.String({ maxLength: 100, format: "single-line" })),
  profile: Type.Optional(
    Type.Union([Type.Literal("notStarted"), Type.Literal("draft"), Type.Literal("submitted")]),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

/** The school list's filters, sort and page (the page, its CSV and its API twin). */
export const SchoolListQuery = Type.Object({
  year: Type.Optional(SchoolYear()),
  q: Type.Optional(Type.String({ maxLength: 100, format: "single-line" })),
  district: Type.Optional(Type.Union([Uuid(), Type.Literal("")])),
  place: Type.Optional(
    Type.Union([
      Type.Union([Type.Literal("city"), Type.Literal("suburb"), Type.Literal("town"), Type.Literal("rural")]),
      Type.Literal(""),
    ]),
  ),
  level: Type.Optional(
    Type.Union([
      Type.Union([
        Type.Literal("elementary"),
        Type.Literal("middle"),
        Type.Literal("high"),
        Type.Literal("other"),
      ]),
      Type.Literal(""),
    ]),
  ),
  band: Type.Optional(Type.String({ pattern: "^([a-z0-9-]{1,40})?$" })),
  profile: Type.Optional(
    Type.Union([
      Type.Union([Type.Literal("notStarted"), Type.Literal("draft"), Type.Literal("submitted")]),
      Type.Literal(""),
    ]),
  ),
  assessment: Type.Optional(
    Type.Union([
      Type.Union([Type.Literal("notStarted"), Type.Literal("draft"), Type.Literal("submitted")]),
      Type.Literal(""),
    ]),
  ),
  sort: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9-]{1,40}$" })),
  dir: Type.Optional(Type.Union([Type.Literal("asc"), Type.Literal("desc")])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});

export const StateDashboardQuery = Type.Object({
  year: Type.Optional(SchoolYear()),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

/** The census import form (url-encoded: pasted text; multipart bodies are read by the handler). */
export const ImportForm = Type.Object({
  schoolYear: Type.Optional(Type.String({ maxLength: 20 })),
  csv: Type.Optional(Type.String({ maxLength: 1_000_000 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});

export const SectionStateSchema = Type.Object({
  version: Type.Integer(),
  answers: Type.Record(Type.String(), Type.Unknown()),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  updatedByName: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});

export const ImportInput = Type.Object(
  {
    schoolYear: SchoolYear(),
    csv: MultiLine({
      minLength: 1,
      maxLength: 1_000_000,
      description: "CSV text: nces_id, then profile item keys; several choices separated by ';'",
    }),
  },
  { additionalProperties: false },
);
