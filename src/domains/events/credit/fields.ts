import { Type } from "@sinclair/typebox";
import { MultiLine, SingleLine, Uuid } from "../../../platform/http/schemas";

// One schema per action: the page's form and the API's JSON body are checked by the same one.

/** Learning objectives rated per session (a session lists at most this many). */
export const MAX_OBJECTIVES = 8;
const Rating = (description: string) => Type.Integer({ minimum: 1, maximum: 5, description });

const objectiveFields = Object.fromEntries(
  Array.from({ length: MAX_OBJECTIVES }, (_, i) => [
    `objective${i + 1}`,
    Type.Optional(Rating(`How well learning objective ${i + 1} was met (1–5)`)),
  ]),
);

export const EvaluationFields = Type.Object({
  overall: Rating("Overall rating (1–5)"),
  presenter: Type.Optional(Rating("Presenters (1–5); sessions only, required there")),
  relevance: Rating("Relevance to practice (1–5)"),
  ...objectiveFields,
  comment: Type.Optional(
    MultiLine({ maxLength: 4000, description: "Comment, shown without the writer's name" }),
  ),
});
export type EvaluationFieldsInput = typeof EvaluationFields.static;

export const CreditTypeFields = Type.Object({ creditTypeId: Uuid("One of the event's credit types") });
export const ReasonFields = Type.Object({
  reason: SingleLine({ minLength: 3, maxLength: 500, description: "Why (kept in the audit trail)" }),
});

export const EventParams = Type.Object({ eventSlug: Type.String({ minLength: 1, maxLength: 120 }) });
export const SessionParams = Type.Object({ eventSlug: EventParams.properties.eventSlug, sessionId: Uuid() });
export const CertificateParams = Type.Object({
  eventSlug: EventParams.properties.eventSlug,
  certificateId: Uuid(),
});
export const CodeParams = Type.Object({
  code: Type.String({ minLength: 4, maxLength: 40, pattern: "^[A-Za-z0-9-]+$" }),
});

export const VerificationSchema = Type.Object({
  code: Type.String(),
  attendeeName: Type.String(),
  activityTitle: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  hours: Type.String(),
  creditLabel: Type.String(),
  status: Type.Union([Type.Literal("valid"), Type.Literal("reissued"), Type.Literal("revoked")]),
});

export const ResultsSchema = Type.Object({
  responses: Type.Integer(),
  shown: Type.Boolean({ description: "False below 3 evaluations: only the count is given" }),
  overall: Type.Union([Type.Number(), Type.Null()]),
  presenter: Type.Union([Type.Number(), Type.Null()]),
  relevance: Type.Union([Type.Number(), Type.Null()]),
  objectives: Type.Array(
    Type.Object({
      objective: Type.String(),
      mean: Type.Union([Type.Number(), Type.Null()]),
      n: Type.Integer(),
    }),
  ),
  overallCounts: Type.Array(Type.Integer()),
  comments: Type.Array(Type.String()),
});

export const StandingSchema = Type.Object({
  unlocked: Type.Boolean(),
  released: Type.Boolean(),
  hours: Type.Number(),
  creditTypeId: Type.Union([Type.String(), Type.Null()]),
  reasons: Type.Array(Type.Object({ code: Type.String(), sessionId: Type.Optional(Type.String()) })),
  sessions: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      countsForCredit: Type.Boolean(),
      hours: Type.Number(),
      evaluated: Type.Boolean(),
    }),
  ),
  eventEvaluated: Type.Boolean(),
  certificates: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), status: Type.String() })),
});
