import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Every email the platform sends, kept so admins can read it when no SMTP server is configured. */
export const outbox = pgTable(
  "email_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    to: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("body_text").notNull(),
    html: text("body_html"),
    headers: text("headers"),
    status: text("status").$type<"queued" | "sent" | "stored" | "failed">().notNull().default("queued"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("outbox_to_idx").on(t.to), index("outbox_created_idx").on(t.createdAt)],
);
