import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/schema";
import { eventSessions } from "../program/schema";
import { eventRegistrations } from "../registration/schema";
import { eventCreditTypes, events } from "../setup/schema";

// Evaluations and continuing-education (CE) certificates.
//
// An evaluation is kept in two rows that share nothing: a receipt (who completed which
// evaluation — what a certificate needs) and an anonymous response (the ratings and the comment,
// with no person, registration or time of day). So no page, export or query can tell a presenter
// or an organiser who wrote a comment; the price is that an evaluation, once sent, cannot be
// changed (nobody could find "their" response again).

/** Who completed which evaluation: a session's (`sessionId`) or the whole event's (null). */
export const eventEvaluationReceipts = pgTable(
  "event_evaluation_receipts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    registrationId: uuid("registration_id")
      .notNull()
      .references(() => eventRegistrations.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id").references(() => eventSessions.id, { onDelete: "cascade" }),
    /** The calendar day only: a time of day could be matched with the order responses arrived in. */
    submittedOn: date("submitted_on", { mode: "string" }).notNull().defaultNow(),
  },
  (t) => [
    // Once each: a session's evaluation per registration, and the event's (session null) per registration.
    uniqueIndex("event_evaluation_receipts_session_idx")
      .on(t.registrationId, t.sessionId)
      .where(sql`session_id is not null`),
    uniqueIndex("event_evaluation_receipts_event_once_idx")
      .on(t.registrationId)
      .where(sql`session_id is null`),
    index("event_evaluation_receipts_event_idx").on(t.eventId),
  ],
);

/** An evaluation's answers, anonymous: ratings 1–5, each learning objective "met" 1–5, a comment. */
export const eventEvaluationResponses = pgTable(
  "event_evaluation_responses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id").references(() => eventSessions.id, { onDelete: "cascade" }),
    overall: integer("overall").notNull(),
    /** Sessions only: how well the presenters presented. */
    presenter: integer("presenter"),
    relevance: integer("relevance").notNull(),
    /** One rating per learning objective, in the session's order. */
    objectives: jsonb("objectives").$type<number[]>().notNull().default([]),
    comment: text("comment"),
  },
  (t) => [
    index("event_evaluation_responses_session_idx").on(t.eventId, t.sessionId),
    check(
      "event_evaluation_responses_ratings_check",
      sql`overall between 1 and 5 and relevance between 1 and 5 and (presenter is null or presenter between 1 and 5)`,
    ),
  ],
);

/** The credit type an attendee claims (their profession), chosen at registration or on the certificate page. */
export const eventCreditClaims = pgTable("event_credit_claims", {
  registrationId: uuid("registration_id")
    .primaryKey()
    .references(() => eventRegistrations.id, { onDelete: "cascade" }),
  creditTypeId: uuid("credit_type_id")
    .notNull()
    .references(() => eventCreditTypes.id, { onDelete: "cascade" }),
  chosenAt: timestamp("chosen_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A certificate's life: valid; superseded by a reissue (its page then says "reissued"); revoked. */
export const CERTIFICATE_STATUSES = ["valid", "superseded", "revoked"] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/**
 * A CE certificate, with everything it prints kept as it was issued (a board asks for the
 * certificate as issued, even after the event or the person's account changes). The PDF is drawn
 * from these fields when asked for, so issuing thousands is thousands of rows, not of files.
 */
export const eventCertificates = pgTable(
  "event_certificates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The public verification code (printed, and the address of its verification page). */
    code: text("code").notNull(),
    eventId: uuid("event_id").references(() => events.id, { onDelete: "set null" }),
    registrationId: uuid("registration_id").references(() => eventRegistrations.id, { onDelete: "set null" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    creditTypeId: uuid("credit_type_id").references(() => eventCreditTypes.id, { onDelete: "set null" }),
    status: text("status").$type<CertificateStatus>().notNull().default("valid"),
    /** The certificate this one replaces (a reissue is printed "Reissued"). */
    replacesId: uuid("replaces_id"),
    attendeeName: text("attendee_name").notNull(),
    licenceNumber: text("licence_number"),
    activityTitle: text("activity_title").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    /** How the credited sessions were attended: in_person, online, or both. */
    format: text("format").$type<"in_person" | "online" | "in_person_and_online">().notNull(),
    location: text("location"),
    creditLabel: text("credit_label").notNull(),
    hours: numeric("hours", { precision: 6, scale: 2 }).notNull(),
    providerName: text("provider_name").notNull(),
    approvalStatement: text("approval_statement").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
    issuedBy: uuid("issued_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason"),
    /** Kept until this day (the credit type's retention years after the event ends); purged after. */
    retainUntil: date("retain_until", { mode: "string" }).notNull(),
  },
  (t) => [
    uniqueIndex("event_certificates_code_idx").on(t.code),
    index("event_certificates_event_idx").on(t.eventId, t.status),
    index("event_certificates_user_idx").on(t.userId),
    index("event_certificates_registration_idx").on(t.registrationId, t.creditTypeId),
    index("event_certificates_retention_idx").on(t.retainUntil),
    // One valid certificate per registration and credit type: a second issue is refused by the database.
    uniqueIndex("event_certificates_one_valid_idx")
      .on(t.registrationId, t.creditTypeId)
      .where(sql`status = 'valid'`),
  ],
);

/** Each press of "Issue certificates": certificates are released for the event from the first one on. */
export const eventCertificateRuns = pgTable(
  "event_certificate_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    issuedCount: integer("issued_count").notNull().default(0),
  },
  (t) => [index("event_certificate_runs_event_idx").on(t.eventId, t.requestedAt)],
);
