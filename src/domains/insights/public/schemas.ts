import { Type } from "@sinclair/typebox";

export const PublicYearQuery = Type.Object(
  {
    year: Type.Optional(
      Type.String({
        pattern: "^\\d{4}-\\d{2}$",
        minLength: 7,
        maxLength: 7,
        description: "School year, e.g. 2025-26; the newest on record when left out",
      }),
    ),
  },
  { additionalProperties: false },
);

const Cell = Type.Object(
  {
    value: Type.Union([Type.Number(), Type.Null()], { description: "The figure; null when hidden or none" }),
    hidden: Type.Union([Type.Literal("small"), Type.Literal("complementary"), Type.Null()], {
      description:
        "small: built from fewer than 10 schools; complementary: hidden so that another hidden figure cannot be worked out from the total",
    }),
  },
  { additionalProperties: false },
);

const Row = Type.Object(
  {
    code: Type.String({ description: "State or territory code (US for the nation)" }),
    name: Type.String(),
    schools: Type.Integer({ description: "Schools in the public directory" }),
    profile: Cell,
    quality: Cell,
    means: Type.Record(Type.String(), Cell, {
      description: "Domain key (and composite) → mean on a scale of 1 to 6",
    }),
  },
  { additionalProperties: false },
);

const Domain = Type.Object({ key: Type.String(), title: Type.String() }, { additionalProperties: false });

export const NationalApiAnswer = Type.Object(
  {
    schoolYear: Type.String(),
    years: Type.Array(Type.String(), { description: "Every school year on record, newest first" }),
    domains: Type.Array(Domain),
    states: Type.Array(Row),
    nation: Row,
  },
  { additionalProperties: false },
);

export const NationalTrendAnswer = Type.Object(
  {
    domains: Type.Array(Domain),
    years: Type.Array(
      Type.Object({ schoolYear: Type.String(), nation: Row }, { additionalProperties: false }),
      {
        description: "Oldest first",
      },
    ),
  },
  { additionalProperties: false },
);
