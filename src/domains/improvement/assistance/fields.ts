import { Type } from "@sinclair/typebox";
import { MultiLine, SingleLine, StringEnum, Uuid } from "../../../platform/http/schemas";
import {
  CONTACT_MODES,
  EPISODE_STATUSES,
  INTENSITIES,
  OBJECTIVE_STATUSES,
  REFERRAL_KINDS,
  URGENCIES,
} from "./schema";

// One schema per action: the page's form and the API's JSON body are checked by the same one.

const TopicKey = Type.String({
  pattern: "^[a-z][a-z0-9-]{0,39}$",
  description: "A quality-assessment domain key (e.g. screening) or another topic (GET …/topics)",
});

export const RequestFields = Type.Object({
  topic: TopicKey,
  need: MultiLine({ minLength: 1, maxLength: 4000, description: "What the team needs help with" }),
  urgency: StringEnum(URGENCIES, { description: "How soon help is needed" }),
});

export const TriageFields = Type.Object({
  decision: StringEnum(["accept", "refer", "decline"] as const),
  intensity: Type.Optional(
    StringEnum(INTENSITIES, { description: "Accept: universal, targeted or intensive" }),
  ),
  providerId: Type.Optional(Uuid("Accept: the TA provider, a member of the state's or the nation's team")),
  referralKind: Type.Optional(StringEnum(REFERRAL_KINDS, { description: "Refer: to what kind of help" })),
  referralTo: Type.Optional(SingleLine({ maxLength: 200, description: "Refer: its name" })),
  referralUrl: Type.Optional(
    Type.String({
      maxLength: 500,
      pattern: "^https?://[^\\s]+$",
      description: "Refer: a link (http or https)",
    }),
  ),
  declineReason: Type.Optional(
    MultiLine({ minLength: 1, maxLength: 2000, description: "Decline: why (sent to the team)" }),
  ),
});

/** Counts of participants by kind of stakeholder: numbers, never names. */
const Count = () => Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 }));
export const ContactFields = Type.Object({
  contactDate: Type.String({ format: "date", maxLength: 10, description: "YYYY-MM-DD" }),
  mode: StringEnum(CONTACT_MODES),
  hours: Type.Number({
    minimum: 0.25,
    maximum: 24,
    multipleOf: 0.25,
    description: "Duration in hours, in quarter hours (0.25 to 24)",
  }),
  educators: Count(),
  clinicians: Count(),
  administrators: Count(),
  families: Count(),
  youth: Count(),
  communityPartners: Count(),
  summary: MultiLine({ minLength: 1, maxLength: 4000, description: "What was done" }),
});

export const ObjectiveFields = Type.Object({
  text: MultiLine({ minLength: 1, maxLength: 1000, description: "The objective" }),
});
export const ObjectiveStatusFields = Type.Object({ status: StringEnum(OBJECTIVE_STATUSES) });

export const CloseFields = Type.Object({
  outcomeNote: MultiLine({ minLength: 1, maxLength: 4000, description: "What came of the episode" }),
});

const Rating = () => Type.Integer({ minimum: 1, maximum: 5, description: "1 (not at all) to 5 (very much)" });
export const SurveyFields = Type.Object({
  useful: Rating(),
  timely: Rating(),
  knowledgeable: Rating(),
  wouldRecommend: Rating(),
  comment: Type.Optional(MultiLine({ minLength: 1, maxLength: 2000 })),
});

export const EpisodeParams = Type.Object({ episodeId: Uuid() });
export const TeamParams = Type.Object({ teamId: Uuid() });
export const StateParams = Type.Object({ stateId: Uuid() });
export const ScopeParams = Type.Object({ scopeId: Uuid() });
export const ObjectiveParams = Type.Object({ episodeId: Uuid(), objectiveId: Uuid() });

export const ReportQuery = Type.Object({
  by: Type.Optional(StringEnum(["state", "topic", "intensity", "month"] as const)),
  from: Type.Optional(
    Type.String({ pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$", description: "First month, YYYY-MM" }),
  ),
  to: Type.Optional(
    Type.String({ pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$", description: "Last month, YYYY-MM" }),
  ),
  topic: Type.Optional(TopicKey),
  intensity: Type.Optional(StringEnum(INTENSITIES)),
});

// --- Answers -------------------------------------------------------------------------------------

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Str = () => Type.String();

export const ContactResponse = Type.Object({
  id: Str(),
  contactDate: Str(),
  mode: StringEnum(CONTACT_MODES),
  hours: Type.Number(),
  participants: Type.Record(Type.String(), Type.Integer()),
  summary: Str(),
});
export const ObjectiveResponse = Type.Object({
  id: Str(),
  text: Str(),
  status: StringEnum(OBJECTIVE_STATUSES),
  updatedAt: Str(),
});
export const SurveyResponse = Type.Object({
  useful: Type.Integer(),
  timely: Type.Integer(),
  knowledgeable: Type.Integer(),
  wouldRecommend: Type.Integer(),
  comment: Nullable(Str()),
  answeredAt: Str(),
});
export const EpisodeResponse = Type.Object({
  id: Str(),
  team: Type.Object({ id: Str(), name: Str() }),
  stateId: Str(),
  topic: Str(),
  need: Str(),
  urgency: StringEnum(URGENCIES),
  status: StringEnum(EPISODE_STATUSES),
  intensity: Type.Union([StringEnum(INTENSITIES), Type.Null()]),
  provider: Type.Union([Type.Object({ id: Str(), name: Str() }), Type.Null()]),
  referral: Type.Union([
    Type.Object({ kind: StringEnum(REFERRAL_KINDS), to: Str(), url: Nullable(Str()) }),
    Type.Null(),
  ]),
  declineReason: Nullable(Str()),
  requestedAt: Str(),
  triagedAt: Nullable(Str()),
  closedAt: Nullable(Str()),
  outcomeNote: Nullable(Str()),
  hours: Type.Number(),
  contactCount: Type.Integer(),
  scoreBefore: Type.Union([Type.Number(), Type.Null()]),
  scoreAfter: Type.Union([Type.Number(), Type.Null()]),
  contacts: Type.Optional(Type.Array(ContactResponse)),
  objectives: Type.Optional(Type.Array(ObjectiveResponse)),
  survey: Type.Optional(Type.Union([SurveyResponse, Type.Null()])),
});
export const EpisodeListResponse = Type.Object({ items: Type.Array(EpisodeResponse) });

const Figure = Type.Union([Type.Number(), Type.Null()]);
export const ReportRowResponse = Type.Object({
  key: Str(),
  label: Str(),
  /** null where the row is suppressed (fewer than 10 episodes, or to protect one that is). */
  episodes: Figure,
  hours: Figure,
  teamsServed: Figure,
  /** Episodes with a domain score before and after, and the mean change (null below 10). */
  scorePairs: Figure,
  meanScoreChange: Figure,
  suppressed: Type.Boolean(),
});
export const ReportResponse = Type.Object({
  scope: Type.Object({ id: Str(), name: Str(), kind: Str() }),
  by: Str(),
  from: Str(),
  to: Str(),
  rows: Type.Array(ReportRowResponse),
  total: ReportRowResponse,
});
