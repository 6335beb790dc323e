import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/schema";
import { communities } from "../../communities/schema";
import { organisations } from "../../directory/schema";

// Events: the annual conference, regional events, webinars and training series, with their
// tracks and the continuing-education (CE) credit each offers. Every other events capability
// hangs its rows on `events.id`.

export const EVENT_KINDS = ["conference", "regional", "webinar", "training_series"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The policy's `EventResource.status`: drafts are seen by organisers only. */
export const EVENT_STATUSES = ["draft", "published", "cancelled"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** How people take part: in a venue, online, or both (a hybrid event). */
export const EVENT_MODES = ["in_person", "online", "hybrid"] as const;
export type EventMode = (typeof EVENT_MODES)[number];

export const events = pgTable(
  "events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    kind: text("kind").$type<EventKind>().notNull(),
    status: text("status").$type<EventStatus>().notNull().default("draft"),
    /** The scope that runs it: the nation (national team) or a state (its state team). */
    organiserId: uuid("organiser_id")
      .notNull()
      .references(() => organisations.id),
    titleEn: text("title_en").notNull(),
    titleEs: text("title_es"),
    summaryEn: text("summary_en").notNull().default(""),
    summaryEs: text("summary_es"),
    /** Calendar days in the event's own time zone (YYYY-MM-DD). */
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    /** IANA time zone the program's times are given in, e.g. America/New_York. */
    timeZone: text("time_zone").notNull(),
    mode: text("mode").$type<EventMode>().notNull(),
    venue: text("venue"),
    onlineUrl: text("online_url"),
    /** Places for the whole event; null when unlimited. */
    capacity: integer("capacity"),
    /** The CE activity's title exactly as the provider approved it (printed on certificates). */
    ceActivityTitle: text("ce_activity_title"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("events_slug_idx").on(t.slug),
    index("events_listing_idx").on(t.status, t.startsOn),
    index("events_organiser_idx").on(t.organiserId),
    check("events_dates_check", sql`ends_on >= starts_on`),
    check("events_capacity_check", sql`capacity is null or capacity > 0`),
  ],
);

/** A track of the program: by default one per national practice group. */
export const eventTracks = pgTable(
  "event_tracks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    nameEn: text("name_en").notNull(),
    nameEs: text("name_es"),
    /** The practice group the track stands for, when it does. */
    communityId: uuid("community_id").references(() => communities.id, { onDelete: "set null" }),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("event_tracks_event_idx").on(t.eventId, t.position)],
);

/** The professions CE credit is commonly offered to (a credit type's `profession`). */
export const CREDIT_PROFESSIONS = [
  "psychologist",
  "social_worker",
  "counselor",
  "educator",
  "nurse",
  "other",
] as const;
export type CreditProfession = (typeof CREDIT_PROFESSIONS)[number];

/** A kind of CE credit the event offers, with the approved provider's name and statement. */
export const eventCreditTypes = pgTable(
  "event_credit_types",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    profession: text("profession").$type<CreditProfession>().notNull(),
    /** What the certificate calls the credit, e.g. "CE credits (APA)". */
    label: text("label").notNull(),
    providerName: text("provider_name").notNull(),
    approvalStatement: text("approval_statement").notNull(),
    /** How long certificates and attendance records are kept for the provider, in years. */
    retentionYears: integer("retention_years").notNull().default(6),
  },
  (t) => [
    uniqueIndex("event_credit_types_event_idx").on(t.eventId, t.profession),
    check("event_credit_types_retention_check", sql`retention_years between 1 and 50`),
  ],
);
