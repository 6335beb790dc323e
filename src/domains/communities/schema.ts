import { sql } from "drizzle-orm";
import {
  boolean,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../platform/auth/schema";

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
  (t) => [primaryKey({ columns: [t.communityId, t.userId] }), index("community_members_user_idx").on(t.userId)],
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
  (t) => [index("community_join_requests_idx").on(t.communityId, t.status), index("community_join_requests_user_idx").on(t.userId)],
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
  (t) => [uniqueIndex("community_invitations_token_idx").on(t.tokenHash), index("community_invitations_c_idx").on(t.communityId)],
);

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
// Search vectors hold English and Spanish stems side by side, so a search in either language
// finds both; generated by the database so they can never go stale.

export const POST_STATUSES = ["visible", "pending", "hidden"] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export const topics = pgTable(
  "community_topics",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    status: text("status").$type<PostStatus>().notNull().default("visible"),
    pinned: boolean("pinned").notNull().default(false),
    closed: boolean("closed").notNull().default(false),
    replyCount: integer("reply_count").notNull().default(0),
    lastPostAt: timestamp("last_post_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    searchVector: tsvector("search_vector").generatedAlwaysAs(sql`to_tsvector('english', title) || to_tsvector('spanish', title)`),
  },
  (t) => [
    index("community_topics_list_idx").on(t.communityId, t.pinned, t.lastPostAt),
    index("community_topics_search_idx").using("gin", t.searchVector),
  ],
);

export const posts = pgTable(
  "community_posts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    topicId: uuid("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    bodyMarkdown: text("body_markdown").notNull(),
    /** Sanitised HTML, rendered once at write time. */
    bodyHtml: text("body_html").notNull(),
    quotedPostId: uuid("quoted_post_id"),
    status: text("status").$type<PostStatus>().notNull().default("visible"),
    moderationReason: text("moderation_reason"),
    likeCount: integer("like_count").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`to_tsvector('english', body_markdown) || to_tsvector('spanish', body_markdown)`,
    ),
  },
  (t) => [
    index("community_posts_topic_idx").on(t.topicId, t.createdAt, t.id),
    index("community_posts_author_idx").on(t.authorId, t.status),
    index("community_posts_pending_idx").on(t.communityId, t.status),
    index("community_posts_search_idx").using("gin", t.searchVector),
    // Searching a very common word walks the newest posts (see search.ts).
    index("community_posts_created_idx").on(t.createdAt),
  ],
);

/** Earlier versions of a post; the current text lives on the post itself. */
export const postRevisions = pgTable(
  "community_post_revisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    postId: uuid("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    bodyMarkdown: text("body_markdown").notNull(),
    editedBy: uuid("edited_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("community_post_revisions_post_idx").on(t.postId, t.createdAt)],
);

export const postLikes = pgTable(
  "community_post_likes",
  {
    postId: uuid("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId] })],
);

export const postFlags = pgTable(
  "community_post_flags",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    postId: uuid("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    communityId: uuid("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    flaggedBy: uuid("flagged_by")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    status: text("status").$type<"open" | "resolved">().notNull().default("open"),
    resolvedBy: uuid("resolved_by").references(() => users.id),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("community_post_flags_queue_idx").on(t.communityId, t.status)],
);

/** Per person and topic: when they last read it, for unread markers. */
export const topicReads = pgTable(
  "community_topic_reads",
  {
    topicId: uuid("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    lastReadAt: timestamp("last_read_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.topicId] })],
);

/** Following (hear about every reply) or muting (hear nothing) one topic. */
export const topicWatches = pgTable(
  "community_topic_watches",
  {
    topicId: uuid("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    level: text("level").$type<"following" | "muted">().notNull(),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.userId] })],
);

export const NOTIFICATION_KINDS = ["mention", "reply", "new_topic", "meeting", "approval", "moderation"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const notifications = pgTable(
  "community_notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<NotificationKind>().notNull(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    communityId: uuid("community_id").references(() => communities.id, { onDelete: "cascade" }),
    topicId: uuid("topic_id").references(() => topics.id, { onDelete: "cascade" }),
    postId: uuid("post_id").references(() => posts.id, { onDelete: "cascade" }),
    /** A short plain-text line, already in the recipient's language. */
    summary: text("summary").notNull(),
    link: text("link").notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
    emailedAt: timestamp("emailed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("community_notifications_user_idx").on(t.userId, t.createdAt),
    index("community_notifications_unemailed_idx").on(t.userId).where(sql`emailed_at is null`),
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
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] }), index("community_meeting_rsvps_user_idx").on(t.userId)],
);
