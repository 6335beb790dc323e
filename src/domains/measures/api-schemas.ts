import { Type } from "@sinclair/typebox";
import { MultiLine, Uuid } from "../../platform/http/schemas";

/** One schema per action, shared by the HTML form and the JSON API. */
export const SchoolYear = () =>
  Type.String({ pattern: "^\\d{4}-\\d{2}$", minLength: 7, maxLength: 7, description: "School year, e.g. 2025-26" });

export const StartInput = Type.Object({
  // A union of literals rather than StringEnum: the form parser (TypeBox Value) cannot check Unsafe types.
  instrument: Type.Union([Type.Literal("profile"), Type.Literal("quality")], { description: "Which instrument to open" }),
  schoolYear: SchoolYear(),
});

export const StartApiInput = Type.Object({ organisationId: Uuid(), ...StartInput.properties }, { additionalProperties: false });

/** An answer: a rating 1–6, "dk", "na", a number, "yes"/"no", an option key, option keys, or text. */
// Null first: Fastify's Ajv coerces types, and a null tried against number first would become 0.
export const AnswerValue = Type.Union([
  Type.Null(),
  Type.Number(),
  MultiLine({ maxLength: 1000 }),
  Type.Array(MultiLine({ maxLength: 100 }), { maxItems: 50 }),
]);

export const SaveSectionInput = Type.Object(
  {
    version: Type.Integer({ minimum: 0, description: "The section version the answers are based on" }),
    answers: Type.Record(Type.String({ maxLength: 100 }), AnswerValue, { description: "Item key → answer; the whole section" }),
  },
  { additionalProperties: false },
);

export const SectionParams = Type.Object({ id: Uuid(), sectionKey: Type.String({ pattern: "^[a-z0-9-]{1,40}$" }) });

export const YearQuery = Type.Object({ schoolYear: Type.Optional(SchoolYear()) });

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
    csv: MultiLine({ minLength: 1, maxLength: 1_000_000, description: "CSV text: nces_id, then profile item keys; several choices separated by ';'" }),
  },
  { additionalProperties: false },
);
