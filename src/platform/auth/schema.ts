import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const STAKEHOLDER_ROLES = [
  "family_member",
  "youth",
  "educator",
  "school_mh_professional",
  "community_mh_professional",
  "school_administrator",
  "health_professional",
  "researcher",
  "policymaker",
  "other",
] as const;
export type StakeholderRole = (typeof STAKEHOLDER_ROLES)[number];

/** System roles sit above every scope: national admins see all; researchers read suppressed aggregates. */
export const SYSTEM_ROLES = ["user", "admin", "researcher"] as const;
export type SystemRole = (typeof SYSTEM_ROLES)[number];

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    stateCode: text("state_code"),
    stakeholderRole: text("stakeholder_role").$type<StakeholderRole>().notNull(),
    systemRole: text("system_role").$type<SystemRole>().notNull().default("user"),
    locale: text("locale").notNull().default("en"),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);

/** Browser sessions. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    userAgent: text("user_agent"),
    ip: text("ip"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Single-use links sent by email (verify address, reset password, change address). Stored hashed. */
export const emailTokens = pgTable(
  "email_tokens",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose").$type<"verify_email" | "reset_password" | "change_email">().notNull(),
    /** For change_email: the address the account moves to once the link is followed. */
    newEmail: text("new_email"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("email_tokens_user_idx").on(t.userId)],
);

/** Personal access tokens for API clients. The secret is shown once; only its hash is kept. */
export const accessTokens = pgTable(
  "access_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("access_tokens_hash_idx").on(t.tokenHash),
    index("access_tokens_user_idx").on(t.userId),
  ],
);

/** Fixed-window counters for throttling sign-in and reset attempts, shared by every app server. */
export const throttles = pgTable("throttles", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  hits: integer("hits").notNull(),
});

/**
 * Links that work without signing in, for programs that cannot sign in (a calendar app reading
 * a person's meetings). Each is a random token, stored hashed, that the person can see listed,
 * revoke, and that "sign out everywhere" revokes; a disabled account's links stop working.
 */
export const feedTokens = pgTable(
  "feed_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose").$type<"calendar">().notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The first characters of the token, so the person can tell their links apart. */
    prefix: text("prefix").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("feed_tokens_hash_idx").on(t.tokenHash), index("feed_tokens_user_idx").on(t.userId)],
);

/**
 * Secrets a deployment made for itself when it was given none (the cookie and link signing
 * secret of a PostgreSQL server started without SESSION_SECRET): made once, by whichever app
 * server starts first, and read by every other one, so they all sign alike.
 */
export const siteSecrets = pgTable("site_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
