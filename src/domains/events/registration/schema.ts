import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { type StakeholderRole, users } from "../../../platform/auth/schema";
import { eventSessions } from "../program/schema";
import { events } from "../setup/schema";

// Registration and attendance: ticket types, each person's registration (or waitlist place),
// the check-in at the door, and attendance per session — the only source CE credit trusts.

/** How a ticket holder takes part (families and youth are free by default: a price of 0). */
export const TICKET_MODES = ["in_person", "online"] as const;
export type TicketMode = (typeof TICKET_MODES)[number];

export const eventTicketTypes = pgTable(
  "event_ticket_types",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    nameEn: text("name_en").notNull(),
    nameEs: text("name_es"),
    mode: text("mode").$type<TicketMode>().notNull(),
    /** Price in US cents (0 = free); payment itself is outside the platform. */
    priceCents: integer("price_cents").notNull().default(0),
    /** Places of this type; null shares the event's capacity. */
    capacity: integer("capacity"),
    /**
     * Offered only to people of these stakeholder types (none: to everyone). The free family and
     * youth ticket is one offered to `family_member` and `youth` at a price of 0.
     */
    stakeholderRoles: text("stakeholder_roles")
      .array()
      .$type<StakeholderRole[]>()
      .notNull()
      .default(sql`'{}'`),
    position: integer("position").notNull().default(0),
  },
  (t) => [
    index("event_ticket_types_event_idx").on(t.eventId),
    check("event_ticket_types_price_check", sql`price_cents >= 0`),
  ],
);

/** A registration's life: registered, on the waitlist (promoted when a place frees), cancelled. */
export const REGISTRATION_STATUSES = ["registered", "waitlisted", "cancelled"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const eventRegistrations = pgTable(
  "event_registrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ticketTypeId: uuid("ticket_type_id").references(() => eventTicketTypes.id, { onDelete: "set null" }),
    status: text("status").$type<RegistrationStatus>().notNull(),
    /** Short code typed at check-in and carried by the personal QR code; unique per event. */
    checkInCode: text("check_in_code").notNull(),
    /** Answers to the registration questions (accessibility, dietary…): organisers only. */
    answers: jsonb("answers").$type<Record<string, string>>().notNull().default({}),
    /** Name and licence number as the person wants them on a CE certificate. */
    certificateName: text("certificate_name"),
    licenceNumber: text("licence_number"),
    registeredAt: timestamp("registered_at", { withTimezone: true }).notNull().defaultNow(),
    /** Order on the waitlist: promoted first-come first-served. */
    waitlistedAt: timestamp("waitlisted_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }),
    checkedInBy: uuid("checked_in_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("event_registrations_person_idx").on(t.eventId, t.userId),
    uniqueIndex("event_registrations_code_idx").on(t.eventId, t.checkInCode),
    index("event_registrations_waitlist_idx").on(t.eventId, t.status, t.waitlistedAt),
  ],
);

/** How attendance at a session was recorded. */
export const ATTENDANCE_SOURCES = ["room_check_in", "session_code", "correction"] as const;
export type AttendanceSource = (typeof ATTENDANCE_SOURCES)[number];

/** One row per registration and session attended; a correction that removes it deletes the row (audited). */
export const eventSessionAttendance = pgTable(
  "event_session_attendance",
  {
    registrationId: uuid("registration_id")
      .notNull()
      .references(() => eventRegistrations.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => eventSessions.id, { onDelete: "cascade" }),
    source: text("source").$type<AttendanceSource>().notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("event_session_attendance_idx").on(t.registrationId, t.sessionId),
    index("event_session_attendance_session_idx").on(t.sessionId),
  ],
);

/**
 * Questions an event's organisers add to its registration form (short text answers), besides the
 * built-in accessibility and dietary needs. Answers live in `event_registrations.answers` under
 * the question's id and are shown to organisers only.
 */
export const eventRegistrationQuestions = pgTable(
  "event_registration_questions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    labelEn: text("label_en").notNull(),
    labelEs: text("label_es"),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("event_registration_questions_event_idx").on(t.eventId, t.position)],
);
