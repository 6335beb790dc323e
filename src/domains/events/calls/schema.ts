import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/schema";
import { eventTracks, events } from "../setup/schema";

// The call for proposals of an event, the proposals sent to it with their presenters, the
// reviewers the organisers invited, the conflicts they declared, and the reviews (one row per
// assignment: assigned when created, scored when submitted). Decisions are staged on the
// proposal and become visible to its presenters only when released in one batch.

export const PROPOSAL_FORMATS = ["presentation", "workshop", "panel", "poster", "lightning_talk"] as const;
export type ProposalFormat = (typeof PROPOSAL_FORMATS)[number];

export const AUDIENCE_LEVELS = ["introductory", "intermediate", "advanced"] as const;
export type AudienceLevel = (typeof AUDIENCE_LEVELS)[number];

export const PROPOSAL_STATUSES = ["draft", "submitted", "withdrawn"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const DECISIONS = ["accept", "reject", "waitlist"] as const;
export type Decision = (typeof DECISIONS)[number];

export const PRESENTER_RESPONSES = ["confirmed", "declined"] as const;
export type PresenterResponse = (typeof PRESENTER_RESPONSES)[number];

/** One criterion of the call's rubric; a review scores each 1–5 and the weights make the mean. */
export interface RubricCriterion {
  key: string;
  nameEn: string;
  nameEs: string;
  weight: number;
}

export const eventCalls = pgTable(
  "event_calls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    formats: text("formats").array().$type<ProposalFormat[]>().notNull(),
    guidanceEn: text("guidance_en").notNull().default(""),
    guidanceEs: text("guidance_es"),
    /** Proposals are submitted and changed until this instant (entered in the event's time zone). */
    deadline: timestamp("deadline", { withTimezone: true }).notNull(),
    rubric: jsonb("rubric").$type<RubricCriterion[]>().notNull(),
    reviewsPerProposal: integer("reviews_per_proposal").notNull().default(3),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("event_calls_event_idx").on(t.eventId),
    check("event_calls_reviews_check", sql`reviews_per_proposal between 1 and 10`),
  ],
);

export const eventProposals = pgTable(
  "event_proposals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    submittedBy: uuid("submitted_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status").$type<ProposalStatus>().notNull().default("draft"),
    title: text("title").notNull(),
    abstract: text("abstract").notNull(),
    /** One objective per line, 1–5; needed for CE credit and rated in evaluations. */
    learningObjectives: text("learning_objectives").notNull(),
    audienceLevel: text("audience_level").$type<AudienceLevel>().notNull(),
    trackId: uuid("track_id").references(() => eventTracks.id, { onDelete: "set null" }),
    format: text("format").$type<ProposalFormat>().notNull(),
    accessibilityNeeds: text("accessibility_needs").notNull().default(""),
    language: text("language").notNull().default("en"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    /** Staged by organisers; presenters see it only once `releasedAt` is set. */
    decision: text("decision").$type<Decision>(),
    decisionNote: text("decision_note").notNull().default(""),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    releasedAt: timestamp("released_at", { withTimezone: true }),
    response: text("response").$type<PresenterResponse>(),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    /** The program session a confirmed proposal became. */
    sessionId: uuid("session_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("event_proposals_event_idx").on(t.eventId, t.status),
    index("event_proposals_submitter_idx").on(t.submittedBy),
  ],
);

export const MAX_PRESENTERS = 6;

export const eventProposalPresenters = pgTable(
  "event_proposal_presenters",
  {
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => eventProposals.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /** The presenter's account, found by email when they have one. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    organisation: text("organisation").notNull(),
    email: text("email").notNull(),
    bio: text("bio").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.proposalId, t.position] }),
    index("event_proposal_presenters_user_idx").on(t.userId),
    index("event_proposal_presenters_email_idx").on(sql`lower(${t.email})`),
  ],
);

export const eventReviewers = pgTable(
  "event_reviewers",
  {
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The reviewer's own organisation, as they name it: proposals presented from it are never theirs. */
    organisation: text("organisation").notNull().default(""),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] }), index("event_reviewers_user_idx").on(t.userId)],
);

export const eventReviewConflicts = pgTable(
  "event_review_conflicts",
  {
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => eventProposals.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.proposalId, t.userId] }),
    index("event_review_conflicts_user_idx").on(t.userId),
  ],
);

/** An assignment, and the review once submitted: scores per rubric key (1–5) and two comments. */
export const eventReviews = pgTable(
  "event_reviews",
  {
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => eventProposals.id, { onDelete: "cascade" }),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
    scores: jsonb("scores").$type<Record<string, number>>(),
    commentToOrganisers: text("comment_to_organisers").notNull().default(""),
    commentToPresenters: text("comment_to_presenters").notNull().default(""),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.proposalId, t.reviewerId] }),
    index("event_reviews_reviewer_idx").on(t.reviewerId),
  ],
);
