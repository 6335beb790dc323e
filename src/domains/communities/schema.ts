import { sql } from "drizzle-orm";
import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "../../platform/auth/schema";

// Communities, who belongs to them (members, requests to join, invitations) and member profiles.

export const COMMUNITY_KINDS = [
  "practice_group",
  "state_cop",
  "state_coalition",
  "improvement_network",
  "learning_collaborative",
] as const;
export type CommunityKind = (typeof COMMUNITY_KINDS)[number];
export const COMMUNITY_LEVELS = ["local", "district", "state", "regional", "national"] as const;
export type CommunityLevel = (typeof COMMUNITY_LEVELS)[number];
export const COMMUNITY_TOPICS = [
  "family_partnership",
  "youth_voice",
  "equity",
  "screening",
  "funding",
  "workforce",
  "evidence_based_practice",
  "policy",
  "crisis_response",
  "wellness_promotion",
] as const;
export type CommunityTopic = (typeof COMMUNITY_TOPICS)[number];

export const VISIBILITIES = ["public", "private"] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const JOIN_POLICIES = ["open", "request", "invite"] as const;
export type JoinPolicy = (typeof JOIN_POLICIES)[number];

export const communities = pgTable(
  "communities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    kind: text("kind").$type<CommunityKind>().notNull(),
    level: text("level").$type<CommunityLevel>().notNull(),
    stateCode: text("state_code"),
    nameEn: text("name_en").notNull(),
    nameEs: text("name_es").notNull(),
    purposeEn: text("purpose_en").notNull(),
    purposeEs: text("purpose_es").notNull(),
    visibility: text("visibility").$type<Visibility>().notNull().default("public"),
    joinPolicy: text("join_policy").$type<JoinPolicy>().notNull().default("open"),
    topics: text("topics").array().$type<CommunityTopic[]>().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("communities_slug_idx").on(t.slug), index("communities_kind_idx").on(t.kind)],
);

export const COMMUNITY_ROLES = ["member", "lead"] as const;
export type CommunityRole = (typeof COMMUNITY_ROLES)[number];
/** How much a member hears about a community: every new topic, only what concerns them, or nothing. */
export const WATCH_LEVELS = ["watching", "normal", "muted"] as const;
export type WatchLevel = (typeof WATCH_LEVELS)[number];

export const communityMembers = pgTable(
  "community_members",
  {
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").$type<CommunityRole>().notNull().default("member"),
    watch: text("watch").$type<WatchLevel>().notNull().default("normal"),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the member last opened the community page: drives "new since your last visit". */
    lastVisitAt: timestamp("last_visit_at", { withTimezone: true }),
    previousVisitAt: timestamp("previous_visit_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.userId] }),
    index("community_members_user_idx").on(t.userId),
  ],
);

export const communityJoinRequests = pgTable(
  "community_join_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    message: text("message"),
    status: text("status").$type<"pending" | "approved" | "declined">().notNull().default("pending"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("community_join_requests_idx").on(t.communityId, t.status),
    index("community_join_requests_user_idx").on(t.userId),
  ],
);

export const communityInvitations = pgTable(
  "community_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role").$type<CommunityRole>().notNull().default("member"),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by")
      .notNull()
      .references(() => users.id),
    status: text("status").$type<"pending" | "accepted" | "revoked">().notNull().default("pending"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedBy: uuid("accepted_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("community_invitations_token_idx").on(t.tokenHash),
    index("community_invitations_c_idx").on(t.communityId),
  ],
);

export const EMAIL_FREQUENCIES = ["immediately", "daily", "weekly", "never"] as const;
export type EmailFrequency = (typeof EMAIL_FREQUENCIES)[number];

/**
 * A person's community profile and settings, kept here (keyed by user id) so the account
 * tables stay small. `handle` is what others type after @ to mention them.
 */
export const memberProfiles = pgTable(
  "community_profiles",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    handle: text("handle").notNull(),
    organisation: text("organisation"),
    bio: text("bio"),
    showEmail: boolean("show_email").notNull().default(false),
    showState: boolean("show_state").notNull().default(true),
    showOrganisation: boolean("show_organisation").notNull().default(true),
    showCommunities: boolean("show_communities").notNull().default(true),
    emailFrequency: text("email_frequency").$type<EmailFrequency>().notNull().default("daily"),
    lastDigestAt: timestamp("last_digest_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("community_profiles_handle_idx").on(t.handle)],
);
