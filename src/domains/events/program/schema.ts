import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/schema";
import { eventTracks, events } from "../setup/schema";

// The program: rooms, and the sessions placed in them (most from accepted proposals), with
// their presenters. Registration counts attendance per session; credit computes hours from it.

export const SESSION_FORMATS = [
  "presentation",
  "workshop",
  "panel",
  "poster",
  "lightning_talk",
  "plenary",
] as const;
export type SessionFormat = (typeof SESSION_FORMATS)[number];

/** How a session is attended: in a room (checked in there) or live online (by a session code). */
export const SESSION_MODES = ["in_person", "online"] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

export const eventRooms = pgTable(
  "event_rooms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    capacity: integer("capacity"),
  },
  (t) => [index("event_rooms_event_idx").on(t.eventId)],
);

export const eventSessions = pgTable(
  "event_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    /** The accepted proposal it came from (calls capability), when it did. */
    proposalId: uuid("proposal_id"),
    title: text("title").notNull(),
    abstract: text("abstract").notNull().default(""),
    /** One objective per line; needed for CE and rated in evaluations. */
    learningObjectives: text("learning_objectives").notNull().default(""),
    format: text("format").$type<SessionFormat>().notNull(),
    mode: text("mode").$type<SessionMode>().notNull(),
    language: text("language").notNull().default("en"),
    trackId: uuid("track_id").references(() => eventTracks.id, { onDelete: "set null" }),
    roomId: uuid("room_id").references(() => eventRooms.id, { onDelete: "set null" }),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    capacity: integer("capacity"),
    /** Whether attending it counts towards CE credit. */
    countsForCredit: boolean("counts_for_credit").notNull().default(true),
    /** CE hours it carries; null means computed from its length. */
    creditHours: numeric("credit_hours", { precision: 4, scale: 2 }),
    /** Online sessions: the code announced during the session that attendees enter. */
    attendanceCode: text("attendance_code"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("event_sessions_event_idx").on(t.eventId, t.startsAt),
    index("event_sessions_room_idx").on(t.roomId, t.startsAt),
    check("event_sessions_times_check", sql`ends_at is null or starts_at is null or ends_at > starts_at`),
  ],
);

export const eventSessionPresenters = pgTable(
  "event_session_presenters",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => eventSessions.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
    /** The presenter's account, when they have one (their name is kept for the printed program). */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    organisation: text("organisation").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.position] }),
    index("event_session_presenters_user_idx").on(t.userId),
  ],
);

/**
 * Whether an event's program is out: until it is published only the organisers see it (the
 * event itself may be published long before, with its call for proposals open).
 */
export const eventPrograms = pgTable("event_programs", {
  eventId: uuid("event_id")
    .primaryKey()
    .references(() => events.id, { onDelete: "cascade" }),
  publishedAt: timestamp("published_at", { withTimezone: true }),
  publishedBy: uuid("published_by").references(() => users.id, { onDelete: "set null" }),
});

/** A person's agenda: the sessions they mean to attend (a plan, not a registration). */
export const eventAgendaItems = pgTable(
  "event_agenda_items",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => eventSessions.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.sessionId] }),
    index("event_agenda_items_event_idx").on(t.eventId, t.userId),
  ],
);

/**
 * A person's calendar feed of their agenda for one event: a secret address their calendar app
 * polls without signing in. Only the token's SHA-256 is kept; revoking deletes the row, so the
 * old address stops working and a new one can be made.
 */
export const eventAgendaFeeds = pgTable(
  "event_agenda_feeds",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.eventId] }),
    uniqueIndex("event_agenda_feeds_token_idx").on(t.tokenHash),
  ],
);
