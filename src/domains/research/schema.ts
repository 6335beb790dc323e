import { sql } from "drizzle-orm";
import { boolean, date, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../../platform/auth/schema";
import { storedFiles } from "../../platform/files/schema";

export const APPLICATION_STATUSES = ["pending", "approved", "declined"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * One request for research access: who asks, for which project, under which IRB approval, for
 * which instruments and school years. A national admin approves it until a date or declines it
 * with a reason; the approval is what lets its applicant download files, and only until then.
 */
export const researchApplications = pgTable(
  "research_applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicantId: uuid("applicant_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectTitle: text("project_title").notNull(),
    institution: text("institution").notNull(),
    purpose: text("purpose").notNull(),
    irbNumber: text("irb_number").notNull(),
    /** The IRB approval letter, kept in the shared file store (platform/files). */
    irbFileId: uuid("irb_file_id").references(() => storedFiles.id, { onDelete: "set null" }),
    irbFileName: text("irb_file_name").notNull(),
    /** Instrument keys ("profile", "quality"): the school variant of each. */
    instrumentKeys: text("instrument_keys").array().notNull(),
    /** "2024-25" … */
    schoolYears: text("school_years").array().notNull(),
    /** The data-use agreement was accepted when applying (the form refuses otherwise). */
    dataUseAccepted: boolean("data_use_accepted").notNull(),
    status: text("status").$type<ApplicationStatus>().notNull().default("pending"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    /** Last day access lasts (inclusive, UTC): checked on every download. */
    expiresOn: date("expires_on", { mode: "string" }),
    declineReason: text("decline_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("research_applications_applicant_idx").on(t.applicantId, t.createdAt),
    index("research_applications_pending_idx").on(t.createdAt).where(sql`status = 'pending'`),
  ],
);
