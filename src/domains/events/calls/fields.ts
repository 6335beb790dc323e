import { type Static, Type } from "@sinclair/typebox";
import { Email, MultiLine, SingleLine, StringEnum, Uuid } from "../../../platform/http/schemas";
import { AUDIENCE_LEVELS, DECISIONS, MAX_PRESENTERS, PROPOSAL_FORMATS } from "./schema";

// One schema per action, used by the HTML form (through parseForm) and the API alike.

export const EventParams = Type.Object({ eventSlug: Type.String({ maxLength: 80 }) });
export const ProposalParams = Type.Object({ proposalId: Uuid() });
export const EventProposalParams = Type.Object({
  eventSlug: Type.String({ maxLength: 80 }),
  proposalId: Uuid(),
});

const Day = () => Type.String({ format: "date", description: "YYYY-MM-DD in the event's time zone" });
const Time = () =>
  Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$", description: "HH:MM in the event's time zone" });

export const CallFields = Type.Object({
  formats: Type.Array(StringEnum(PROPOSAL_FORMATS), { minItems: 1, maxItems: PROPOSAL_FORMATS.length }),
  deadlineDay: Day(),
  deadlineTime: Time(),
  guidanceEn: MultiLine({ maxLength: 5000 }),
  guidanceEs: Type.Optional(MultiLine({ maxLength: 5000 })),
  rubric: MultiLine({
    minLength: 1,
    maxLength: 2000,
    description: "One criterion per line: English name | Spanish name | weight (1–10)",
  }),
  reviewsPerProposal: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
});
export type CallFieldsValue = Static<typeof CallFields>;

/** The presenters' fields of the HTML form: presenter1Name … presenter6Bio. */
export const PRESENTER_FIELDS = ["Name", "Organisation", "Email", "Bio"] as const;
const presenterFormFields = Object.fromEntries(
  Array.from({ length: MAX_PRESENTERS }, (_, i) => i + 1).flatMap((n) => [
    [`presenter${n}Name`, Type.Optional(SingleLine({ maxLength: 120 }))],
    [`presenter${n}Organisation`, Type.Optional(SingleLine({ maxLength: 200 }))],
    [`presenter${n}Email`, Type.Optional(Email())],
    [`presenter${n}Bio`, Type.Optional(MultiLine({ maxLength: 1500 }))],
  ]),
);

const proposalCore = {
  title: SingleLine({ maxLength: 200 }),
  abstract: MultiLine({ minLength: 1, maxLength: 3000 }),
  learningObjectives: MultiLine({
    minLength: 1,
    maxLength: 2000,
    description: "One objective per line, 1 to 5",
  }),
  audienceLevel: StringEnum(AUDIENCE_LEVELS),
  trackId: Type.Optional(Uuid()),
  format: StringEnum(PROPOSAL_FORMATS),
  accessibilityNeeds: Type.Optional(MultiLine({ maxLength: 1000 })),
  language: StringEnum(["en", "es"] as const),
};

export const ProposalFormFields = Type.Object({
  ...proposalCore,
  ...presenterFormFields,
  intent: Type.Optional(StringEnum(["draft", "submit"] as const)),
});
export type ProposalFormValue = Static<typeof ProposalFormFields>;

export const PresenterBody = Type.Object({
  name: SingleLine({ maxLength: 120 }),
  organisation: SingleLine({ maxLength: 200 }),
  email: Email(),
  bio: Type.Optional(MultiLine({ maxLength: 1500 })),
});

export const ProposalBody = Type.Object({
  ...proposalCore,
  presenters: Type.Array(PresenterBody, { minItems: 1, maxItems: MAX_PRESENTERS }),
  submit: Type.Optional(Type.Boolean({ default: false, description: "Submit now rather than keep a draft" })),
});
export type ProposalBodyValue = Static<typeof ProposalBody>;

export const ReviewerFields = Type.Object({ email: Email() });
export const RemoveReviewerFields = Type.Object({ reviewerId: Uuid() });
export const DeclarationFields = Type.Object({
  organisation: Type.Optional(SingleLine({ maxLength: 200 })),
  conflicts: Type.Optional(Type.Array(Uuid(), { maxItems: 2000 })),
});
export const AssignmentRunFields = Type.Object({
  reviewsPerProposal: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
});
export const AssignmentPairFields = Type.Object({ proposalId: Uuid(), reviewerId: Uuid() });

/** Scores by criterion position (score1 … score12) in forms; by criterion key in the API. */
export const MAX_CRITERIA = 12;
const scoreFields = Object.fromEntries(
  Array.from({ length: MAX_CRITERIA }, (_, i) => [
    `score${i + 1}`,
    Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  ]),
);
export const ReviewFormFields = Type.Object({
  ...scoreFields,
  commentToOrganisers: Type.Optional(MultiLine({ maxLength: 4000 })),
  commentToPresenters: Type.Optional(MultiLine({ maxLength: 4000 })),
});
export const ReviewBody = Type.Object({
  scores: Type.Record(
    Type.String({ pattern: "^[a-z0-9_]{1,40}$" }),
    Type.Integer({ minimum: 1, maximum: 5 }),
    {
      maxProperties: MAX_CRITERIA,
    },
  ),
  commentToOrganisers: Type.Optional(MultiLine({ maxLength: 4000 })),
  commentToPresenters: Type.Optional(MultiLine({ maxLength: 4000 })),
});

export const DecisionFields = Type.Object({
  decision: StringEnum([...DECISIONS, "none"] as const),
  note: Type.Optional(MultiLine({ maxLength: 2000 })),
});

export const ScoreQuery = Type.Object({
  track: Type.Optional(Uuid()),
  format: Type.Optional(StringEnum(PROPOSAL_FORMATS)),
  decision: Type.Optional(StringEnum([...DECISIONS, "none"] as const)),
  disagreement: Type.Optional(StringEnum(["yes"] as const)),
  sort: Type.Optional(StringEnum(["mean", "median", "spread", "title", "done"] as const)),
});

export const ResponseFields = Type.Object({ response: StringEnum(["confirmed", "declined"] as const) });
