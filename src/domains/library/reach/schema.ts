import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

// Usage of the library's resources, counted by the COUNTER R5 rules (counting.ts). Raw events
// live about an hour (until their clock hour and the 30 s after it are over), then are rolled
// up into monthly counts per resource and deleted: no IP address or user agent is ever stored,
// and the keyed hashes that stand for users and sessions go with the events.

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/** One use of a resource not yet rolled up. */
export const reachEvents = pgTable(
  "reach_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    resourceId: uuid("resource_id").notNull(),
    kind: text("kind").$type<"investigation" | "request">().notNull(),
    /** The URL used (path only): the unit of the double-click filter. */
    target: text("target").notNull(),
    /** HMAC of the user (account, else cookie, else IP + user agent) under the day's key. */
    userHash: bytea("user_hash").notNull(),
    /** HMAC of the user-session (session id, else the user) and its clock hour. */
    sessionHash: bytea("session_hash").notNull(),
  },
  (t) => [
    index("reach_events_time_idx").on(t.occurredAt),
    check("reach_events_kind_check", sql`kind in ('investigation', 'request')`),
  ],
);

/** The day's HMAC key (kept in the database so every app server hashes alike); old keys are dropped. */
export const reachHashKeys = pgTable("reach_hash_keys", {
  day: date("day", { mode: "string" }).primaryKey(),
  key: bytea("key").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** COUNTER's four item metrics per resource and month (first day of the month), rolled up. */
export const reachMonthly = pgTable(
  "reach_monthly",
  {
    resourceId: uuid("resource_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    totalInvestigations: integer("total_investigations").notNull().default(0),
    uniqueInvestigations: integer("unique_investigations").notNull().default(0),
    totalRequests: integer("total_requests").notNull().default(0),
    uniqueRequests: integer("unique_requests").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.resourceId, t.month] }), index("reach_monthly_month_idx").on(t.month)],
);

/**
 * The dashboards' figures, rebuilt from `reach_monthly` by the roll-up job: sums over the
 * report's window by `dim` (month, type, domain, audience, state, community, resource) and
 * `key`, kept apart by what decides who may see and which scope counts them (the resource's
 * state, shelf and community-only flag). A dashboard reads a few thousand rows of this instead
 * of every resource's every month.
 */
export const reachSummary = pgTable(
  "reach_summary",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    dim: text("dim").notNull(),
    key: text("key").notNull(),
    /** The resource, for dim = 'resource'. */
    resourceId: uuid("resource_id"),
    stateCode: text("state_code"),
    communityId: uuid("community_id"),
    communityOnly: boolean("community_only").notNull(),
    totalInvestigations: integer("total_investigations").notNull(),
    uniqueInvestigations: integer("unique_investigations").notNull(),
    totalRequests: integer("total_requests").notNull(),
    uniqueRequests: integer("unique_requests").notNull(),
  },
  (t) => [
    index("reach_summary_dim_idx").on(t.dim, t.stateCode),
    index("reach_summary_community_idx").on(t.communityId),
  ],
);
