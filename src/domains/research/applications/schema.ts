import { Type } from "@sinclair/typebox";
import { MultiLine, SingleLine } from "../../../platform/http/schemas";
import { APPLICATION_STATUSES } from "../schema";

/** An application's fields: the same schema checks the page's form and the API's JSON body. */
export const ApplicationFields = Type.Object({
  projectTitle: SingleLine({ maxLength: 200, description: "Title of the research project" }),
  institution: SingleLine({ maxLength: 200, description: "University or organisation" }),
  purpose: MultiLine({ minLength: 1, maxLength: 5000, description: "What the data will be used for" }),
  irbNumber: SingleLine({ maxLength: 100, description: "IRB approval or protocol number" }),
  instrumentKeys: Type.Array(Type.String({ pattern: "^[a-z][a-z0-9-]{0,39}$" }), {
    minItems: 1,
    maxItems: 10,
    uniqueItems: true,
    description: "Instrument keys (e.g. profile, quality): school-level files of each",
  }),
  schoolYears: Type.Array(Type.String({ pattern: "^[0-9]{4}-[0-9]{2}$" }), {
    minItems: 1,
    maxItems: 10,
    uniqueItems: true,
    description: 'School years, e.g. "2024-25"',
  }),
  dataUseAgreement: Type.Literal("accepted", { description: 'The data-use agreement: "accepted"' }),
});

/** The API also carries the IRB approval letter, base64-encoded. */
export const ApplicationBody = Type.Composite([
  ApplicationFields,
  Type.Object({
    irbFile: Type.Object(
      {
        fileName: SingleLine({ maxLength: 200 }),
        contentBase64: Type.String({ minLength: 4, maxLength: 6_000_000, pattern: "^[A-Za-z0-9+/=\\s]+$" }),
      },
      { additionalProperties: false, description: "The IRB approval letter (PDF, PNG or JPEG, up to 4 MB)" },
    ),
  }),
]);

export const DecisionFields = Type.Object({
  decision: Type.Union([Type.Literal("approve"), Type.Literal("decline")]),
  /** Last day of access (approve). */
  expiresOn: Type.Optional(
    Type.String({ format: "date", maxLength: 10, description: "Last day of access (YYYY-MM-DD)" }),
  ),
  /** Why (decline): sent to the applicant. */
  reason: Type.Optional(MultiLine({ minLength: 1, maxLength: 2000, description: "Why it was declined" })),
});

export const ApplicationResponse = Type.Object({
  id: Type.String({ format: "uuid" }),
  projectTitle: Type.String(),
  institution: Type.String(),
  purpose: Type.String(),
  irbNumber: Type.String(),
  irbFileName: Type.String(),
  instrumentKeys: Type.Array(Type.String()),
  schoolYears: Type.Array(Type.String()),
  status: Type.Union(APPLICATION_STATUSES.map((s) => Type.Literal(s))),
  /** Approved and not past its last day. */
  accessOpen: Type.Boolean(),
  expiresOn: Type.Union([Type.String(), Type.Null()]),
  declineReason: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  applicant: Type.Optional(Type.Object({ name: Type.String(), email: Type.String() })),
  files: Type.Array(
    Type.Object({
      instrumentKey: Type.String(),
      schoolYear: Type.String(),
      file: Type.String(),
      codebook: Type.String(),
    }),
  ),
});
export const ApplicationListResponse = Type.Object({ items: Type.Array(ApplicationResponse) });
export const PendingQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal("pending"), Type.Literal("decided")])),
});
