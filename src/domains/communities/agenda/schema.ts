import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/schema";
import { communities } from "../schema";
import { topics } from "../discussions/schema";

// The shared agenda (items linked to topics) and meetings with their RSVPs.

export const AGENDA_STATUSES = ["proposed", "active", "done"] as const;
export type AgendaStatus = (typeof AGENDA_STATUSES)[number];
export const AGENDA_PRIORITIES = ["high", "medium", "low"] as const;
export type AgendaPriority = (typeof AGENDA_PRIORITIES)[number];

export const agendaItems = pgTable(
  "community_agenda_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description"),
    priority: text("priority").$type<AgendaPriority>().notNull().default("medium"),
    status: text("status").$type<AgendaStatus>().notNull().default("proposed"),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("community_agenda_items_c_idx").on(t.communityId, t.status)],
);

export const agendaItemTopics = pgTable(
  "community_agenda_item_topics",
  {
    agendaItemId: uuid("agenda_item_id")
      .notNull()
      .references(() => agendaItems.id, { onDelete: "cascade" }),
    topicId: uuid("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.agendaItemId, t.topicId] })],
);

export const meetings = pgTable(
  "community_meetings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    /** The IANA zone the lead scheduled in, to show the time as they meant it. */
    timeZone: text("time_zone").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    onlineUrl: text("online_url"),
    place: text("place"),
    agenda: text("agenda"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("community_meetings_c_idx").on(t.communityId, t.startsAt)],
);

export const RSVP_RESPONSES = ["yes", "maybe", "no"] as const;
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];

export const meetingRsvps = pgTable(
  "community_meeting_rsvps",
  {
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    response: text("response").$type<RsvpResponse>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.userId] }),
    index("community_meeting_rsvps_user_idx").on(t.userId),
  ],
);
