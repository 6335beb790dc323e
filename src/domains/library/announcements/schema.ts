import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/schema";

// Announcements: written by a scope's team leads (the nation, a state) or a community's leads,
// sent once to an audience through the outbox, then kept in the archive.

export const ANNOUNCEMENT_STATUSES = ["draft", "sending", "sent"] as const;
export type AnnouncementStatus = (typeof ANNOUNCEMENT_STATUSES)[number];

/**
 * One announcement. Exactly one sender: an organisation (the nation or a state, whose team's
 * leads send) or a community (whose leads send). The audience is stored on the row, so the
 * preview's count and the send read the same query. Sender ids are not foreign keys: they name
 * other domains' rows, which this one only reads through their services.
 */
export const announcementItems = pgTable(
  "announcement_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    senderOrganisationId: uuid("sender_organisation_id"),
    senderCommunityId: uuid("sender_community_id"),
    titleEn: text("title_en").notNull(),
    titleEs: text("title_es"),
    bodyEn: text("body_en").notNull(),
    bodyEs: text("body_es"),
    /** Stakeholder types (users.stakeholder_role); empty means every type. */
    stakeholderRoles: text("stakeholder_roles").array().notNull().default(sql`'{}'::text[]`),
    /** State codes (users.state_code); empty means every state. */
    stateCodes: text("state_codes").array().notNull().default(sql`'{}'::text[]`),
    /** Practice groups and other communities: members of any of them; empty means no such limit. */
    communityIds: uuid("community_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** Shown in the archive to the sending community's members only (a community's own announcement). */
    communityOnly: boolean("community_only").notNull().default(false),
    status: text("status").$type<AnnouncementStatus>().notNull().default("draft"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    sentBy: uuid("sent_by").references(() => users.id),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    recipientCount: integer("recipient_count").notNull().default(0),
  },
  (t) => [
    index("announcement_items_sent_idx").on(t.sentAt),
    index("announcement_items_sender_org_idx").on(t.senderOrganisationId),
    index("announcement_items_sender_community_idx").on(t.senderCommunityId),
  ],
);

/**
 * Who an announcement was emailed to: one row per person (the key makes a second email to the
 * same person impossible, however many of the audience's groups they are in, and a send job that
 * is retried carries on where it stopped). Their state and stakeholder type at the time are kept
 * for the reach figures.
 */
export const announcementRecipients = pgTable(
  "announcement_recipients",
  {
    announcementId: uuid("announcement_id")
      .notNull()
      .references(() => announcementItems.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    locale: text("locale").notNull(),
    stateCode: text("state_code"),
    stakeholderRole: text("stakeholder_role").notNull(),
    emailedAt: timestamp("emailed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.announcementId, t.userId] }),
    index("announcement_recipients_user_idx").on(t.userId),
    index("announcement_recipients_emailed_idx").on(t.emailedAt),
  ],
);

/** People who asked for no announcement emails (the one-click link, or their settings). */
export const announcementOptOuts = pgTable("announcement_opt_outs", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
