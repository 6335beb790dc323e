import { sql } from "drizzle-orm";
import {
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/schema";
import { organisations } from "../../directory/schema";

export const EPISODE_STATUSES = ["requested", "accepted", "referred", "declined", "closed"] as const;
export type EpisodeStatus = (typeof EPISODE_STATUSES)[number];
export const URGENCIES = ["routine", "soon", "urgent"] as const;
export type Urgency = (typeof URGENCIES)[number];
export const INTENSITIES = ["universal", "targeted", "intensive"] as const;
export type Intensity = (typeof INTENSITIES)[number];
export const REFERRAL_KINDS = ["community", "network", "resource"] as const;
export type ReferralKind = (typeof REFERRAL_KINDS)[number];
export const CONTACT_MODES = ["on_site", "video", "phone", "email"] as const;
export type ContactMode = (typeof CONTACT_MODES)[number];
export const OBJECTIVE_STATUSES = ["not_started", "in_progress", "completed", "suspended"] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];
/** Who took part in a contact, counted by kind of stakeholder (never by name). */
export const STAKEHOLDER_TYPES = [
  "educators",
  "clinicians",
  "administrators",
  "families",
  "youth",
  "communityPartners",
] as const;
export type StakeholderType = (typeof STAKEHOLDER_TYPES)[number];
export type Participants = Partial<Record<StakeholderType, number>>;

/**
 * One technical-assistance episode: a team's request, its triage by the state's coordinators,
 * the provider's work and its close. Hours and contacts are kept on the row as the contacts are
 * logged (same transaction), and the team's domain score before the request and after the close
 * are kept too, so a report over any number of episodes is one grouped scan of this table.
 */
export const taEpisodes = pgTable(
  "ta_episodes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The team that asked (a school, district or state). */
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** The state whose TA coordinators triage it (the team's own state). */
    stateId: uuid("state_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** A quality-assessment domain key, or one of OTHER_TOPICS. */
    topic: text("topic").notNull(),
    need: text("need").notNull(),
    urgency: text("urgency").$type<Urgency>().notNull(),
    status: text("status").$type<EpisodeStatus>().notNull().default("requested"),
    intensity: text("intensity").$type<Intensity>(),
    providerId: uuid("provider_id").references(() => users.id, { onDelete: "set null" }),
    referralKind: text("referral_kind").$type<ReferralKind>(),
    referralTo: text("referral_to"),
    referralUrl: text("referral_url"),
    declineReason: text("decline_reason"),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    triagedBy: uuid("triaged_by").references(() => users.id, { onDelete: "set null" }),
    triagedAt: timestamp("triaged_at", { withTimezone: true }),
    closedBy: uuid("closed_by").references(() => users.id, { onDelete: "set null" }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    outcomeNote: text("outcome_note"),
    /** Sum of the contacts' hours and their number, kept with each contact logged. */
    hours: numeric("hours", { precision: 9, scale: 2, mode: "number" }).notNull().default(0),
    contactCount: integer("contact_count").notNull().default(0),
    /** The topic's domain score in the team's last assessment submitted before the request. */
    scoreBefore: doublePrecision("score_before"),
    /** … and in its first assessment submitted after the close (filled when it is submitted). */
    scoreAfter: doublePrecision("score_after"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("ta_episodes_team_idx").on(t.organisationId, t.requestedAt),
    index("ta_episodes_state_idx").on(t.stateId, t.requestedAt),
    index("ta_episodes_provider_idx").on(t.providerId),
    // A state's report reads its served episodes from this index alone.
    index("ta_episodes_served_state_idx")
      .on(
        t.stateId,
        t.requestedAt,
        t.topic,
        t.intensity,
        t.organisationId,
        t.hours,
        t.scoreBefore,
        t.scoreAfter,
      )
      .where(sql`status in ('accepted', 'closed')`),
    index("ta_episodes_waiting_after_idx")
      .on(t.organisationId)
      .where(sql`status = 'closed' and score_after is null`),
  ],
);

/** A contact of the provider with the team: when, how, how long, who took part (counts), what was done. */
export const taContacts = pgTable(
  "ta_contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    episodeId: uuid("episode_id")
      .notNull()
      .references(() => taEpisodes.id, { onDelete: "cascade" }),
    contactDate: date("contact_date", { mode: "string" }).notNull(),
    mode: text("mode").$type<ContactMode>().notNull(),
    hours: numeric("hours", { precision: 5, scale: 2, mode: "number" }).notNull(),
    participants: jsonb("participants").$type<Participants>().notNull(),
    summary: text("summary").notNull(),
    loggedBy: uuid("logged_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ta_contacts_episode_idx").on(t.episodeId, t.contactDate)],
);

export const taObjectives = pgTable(
  "ta_objectives",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    episodeId: uuid("episode_id")
      .notNull()
      .references(() => taEpisodes.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    status: text("status").$type<ObjectiveStatus>().notNull().default("not_started"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ta_objectives_episode_idx").on(t.episodeId, t.createdAt)],
);

/** The team's answer to the satisfaction survey, once per episode (the primary key). */
export const taSurveys = pgTable("ta_surveys", {
  episodeId: uuid("episode_id")
    .primaryKey()
    .references(() => taEpisodes.id, { onDelete: "cascade" }),
  useful: integer("useful").notNull(),
  timely: integer("timely").notNull(),
  knowledgeable: integer("knowledgeable").notNull(),
  wouldRecommend: integer("would_recommend").notNull(),
  comment: text("comment"),
  answeredBy: uuid("answered_by").references(() => users.id, { onDelete: "set null" }),
  answeredAt: timestamp("answered_at", { withTimezone: true }).notNull().defaultNow(),
});
