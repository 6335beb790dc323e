import { sql } from "drizzle-orm";
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/schema";
import { communities } from "../../communities/schema";
import { organisations } from "../../directory/schema";

// An improvement network is a community of kind improvement_network (CoIIN) or
// learning_collaborative; these tables hold what makes it a network: its member teams (schools,
// districts…), the measures every team reports, their values per period, the reminders sent,
// and the changes teams share.

export const NETWORK_KINDS = ["improvement_network", "learning_collaborative"] as const;

/** How member teams see each other: by name, or as "Team A, B, C…" (letters fixed at invitation). */
export const TEAM_NAMINGS = ["names", "letters"] as const;
export type TeamNaming = (typeof TEAM_NAMINGS)[number];

export const networkSettings = pgTable("network_settings", {
  communityId: uuid("community_id")
    .primaryKey()
    .references(() => communities.id, { onDelete: "cascade" }),
  teamNaming: text("team_naming").$type<TeamNaming>().notNull().default("letters"),
  /** Days a period stays open for reporting once it has ended. */
  reportingDays: integer("reporting_days").notNull().default(10),
  /** The second reminder goes this many days before reporting closes. */
  reminderDaysBefore: integer("reminder_days_before").notNull().default(3),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const TEAM_STATUSES = ["invited", "active", "declined"] as const;
export type TeamStatus = (typeof TEAM_STATUSES)[number];

export const networkTeams = pgTable(
  "network_teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    organisationId: uuid("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** 0 → "Team A", 25 → "Team Z", 26 → "Team AA": given at invitation, never reused. */
    letterIndex: integer("letter_index").notNull(),
    status: text("status").$type<TeamStatus>().notNull().default("invited"),
    invitedBy: uuid("invited_by").references(() => users.id),
    invitedAt: timestamp("invited_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("network_teams_org_idx").on(t.communityId, t.organisationId),
    uniqueIndex("network_teams_letter_idx").on(t.communityId, t.letterIndex),
    index("network_teams_organisation_idx").on(t.organisationId),
  ],
);

export const MEASURE_TYPES = ["count", "proportion", "rate", "mean"] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];
export const MEASURE_PERIODS = ["week", "month"] as const;
export type MeasurePeriod = (typeof MEASURE_PERIODS)[number];

export const networkMeasures = pgTable(
  "network_measures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The operational definition: what is counted, how, from which source. */
    definition: text("definition").notNull(),
    type: text("type").$type<MeasureType>().notNull(),
    period: text("period").$type<MeasurePeriod>().notNull(),
    /** What the numerator counts (proportion, rate) — or the count itself, or what is averaged. */
    numeratorLabel: text("numerator_label").notNull(),
    /** What the denominator counts (proportion: the eligible; rate: the units of exposure). */
    denominatorLabel: text("denominator_label"),
    /** Rates are shown per this many units (e.g. per 100 students). */
    rateUnit: integer("rate_unit"),
    goal: doublePrecision("goal"),
    /** The first period teams report (its first day). */
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("network_measures_community_idx").on(t.communityId)],
);

/**
 * One team's value of one measure for one period. A proportion or rate keeps its numerator and
 * denominator, so the pooled chart sums them rather than averaging the teams' ratios.
 */
export const networkValues = pgTable(
  "network_values",
  {
    measureId: uuid("measure_id")
      .notNull()
      .references(() => networkMeasures.id, { onDelete: "cascade" }),
    teamId: uuid("team_id")
      .notNull()
      .references(() => networkTeams.id, { onDelete: "cascade" }),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    numerator: doublePrecision("numerator").notNull(),
    denominator: doublePrecision("denominator"),
    /** What the chart plots: the count, the mean, numerator / denominator, or the rate per unit. */
    value: doublePrecision("value").notNull(),
    note: text("note"),
    enteredBy: uuid("entered_by").references(() => users.id),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.measureId, t.teamId, t.periodStart] }),
    index("network_values_period_idx").on(t.measureId, t.periodStart),
    check("network_values_denominator_positive", sql`${t.denominator} is null or ${t.denominator} > 0`),
  ],
);

export const REMINDER_KINDS = ["opened", "closing"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** A reminder sent to a team: once per team, period and kind (the key refuses a second). */
export const networkReminders = pgTable(
  "network_reminders",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => networkTeams.id, { onDelete: "cascade" }),
    period: text("period").$type<MeasurePeriod>().notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    kind: text("kind").$type<ReminderKind>().notNull(),
    recipients: integer("recipients").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.period, t.periodStart, t.kind] })],
);

export const CHANGE_RESULTS = ["worked", "promising", "did_not_work"] as const;
export type ChangeResult = (typeof CHANGE_RESULTS)[number];

/** A change idea (or PDSA cycle) a member team shared with the network: the change package's rows. */
export const networkSharedChanges = pgTable(
  "network_shared_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    teamId: uuid("team_id")
      .notNull()
      .references(() => networkTeams.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull(),
    result: text("result").$type<ChangeResult>().notNull(),
    /** What the team saw: the evidence in words. */
    evidence: text("evidence").notNull().default(""),
    /** The PDSA cycle it comes from (in the team's plans), when shared from one. */
    cycleId: uuid("cycle_id"),
    /** The shared measure whose chart shows the change. */
    measureId: uuid("measure_id").references(() => networkMeasures.id, { onDelete: "set null" }),
    sharedBy: uuid("shared_by").references(() => users.id),
    sharedAt: timestamp("shared_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("network_shared_changes_idx").on(t.communityId, t.sharedAt)],
);
