import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/schema";
import { communities } from "../../communities/schema";

// The library's resources: what the center and the practice groups publish (tools, guides,
// briefs, training materials, recordings), their published versions and the review trail.

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const RESOURCE_TYPES = [
  "tool",
  "guide",
  "toolkit",
  "issue_brief",
  "policy_brief",
  "training_material",
  "webinar_recording",
  "other",
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** Where an item is in the publishing workflow (the policy's `LibraryItemResource.status`). */
export const RESOURCE_STATUSES = ["draft", "in_review", "published", "archived"] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

export const RESOURCE_LANGUAGES = ["en", "es"] as const;
export type ResourceLanguage = (typeof RESOURCE_LANGUAGES)[number];

/** The three tiers of a comprehensive system: promotion for all, early intervention, treatment. */
export const RESOURCE_TIERS = [1, 2, 3] as const;

export const libraryResources = pgTable(
  "library_resources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    type: text("type").$type<ResourceType>().notNull(),
    /** The practice group's or community's shelf; null is the national shelf. */
    communityId: uuid("community_id").references(() => communities.id, { onDelete: "cascade" }),
    /** Seen by the community's members only (pages, search, API). */
    communityOnly: boolean("community_only").notNull().default(false),
    status: text("status").$type<ResourceStatus>().notNull().default("draft"),
    /** Approved for publication at this time (scheduled); published when due. */
    publishAt: timestamp("publish_at", { withTimezone: true }),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    language: text("language").$type<ResourceLanguage>().notNull().default("en"),
    /** Resources sharing this id are the same resource in different languages. */
    translationGroupId: uuid("translation_group_id").notNull().defaultRandom(),
    title: text("title").notNull(),
    /** Markdown, sanitised when shown. */
    summary: text("summary").notNull(),
    body: text("body").notNull().default(""),
    authors: text("authors").array().notNull().default(sql`'{}'::text[]`),
    organisations: text("organisations").array().notNull().default(sql`'{}'::text[]`),
    licence: text("licence").notNull().default(""),
    externalUrl: text("external_url"),
    /** Keys of the quality assessment's domains (teaming, needs, screening, …). */
    domainKeys: text("domain_keys").array().notNull().default(sql`'{}'::text[]`),
    tiers: integer("tiers").array().notNull().default(sql`'{}'::int[]`),
    /** Stakeholder roles the resource is written for (platform/auth STAKEHOLDER_ROLES). */
    audiences: text("audiences").array().notNull().default(sql`'{}'::text[]`),
    stateCode: text("state_code"),
    year: integer("year").notNull(),
    /** The number of the version now shown (1 until a new version is published). */
    currentVersion: integer("current_version").notNull().default(1),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    /** Who sent it for review (the author of this round); a reviewer must be someone else. */
    submittedBy: uuid("submitted_by").references(() => users.id),
    approvedBy: uuid("approved_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    // English and Spanish stems side by side (a search in either language finds both); the
    // title weighs most, then the summary. Generated, so it never goes stale.
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('spanish', title), 'A')
        || setweight(to_tsvector('english', summary), 'B') || setweight(to_tsvector('spanish', summary), 'B')
        || setweight(to_tsvector('english', body), 'C') || setweight(to_tsvector('spanish', body), 'C')`,
    ),
  },
  (t) => [
    uniqueIndex("library_resources_slug_idx").on(t.slug),
    uniqueIndex("library_resources_translation_idx").on(t.translationGroupId, t.language),
    index("library_resources_search_idx").using("gin", t.searchVector),
    index("library_resources_domains_idx").using("gin", t.domainKeys),
    index("library_resources_status_idx").on(t.status, t.publishedAt),
    index("library_resources_community_idx").on(t.communityId),
    index("library_resources_due_idx")
      .on(t.publishAt)
      .where(sql`status = 'in_review' and publish_at is not null`),
    check("library_resources_community_only_check", sql`not community_only or community_id is not null`),
  ],
);

/** Each published version's content as it was, with what changed (old versions stay reachable). */
export const libraryResourceVersions = pgTable(
  "library_resource_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => libraryResources.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    changeNote: text("change_note").notNull(),
    /** title, summary, body, authors, organisations, licence, externalUrl, year as published. */
    snapshot: jsonb("snapshot").$type<ResourceSnapshot>().notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("library_resource_versions_number_idx").on(t.resourceId, t.number)],
);

export interface ResourceSnapshot {
  title: string;
  summary: string;
  body: string;
  authors: string[];
  organisations: string[];
  licence: string;
  externalUrl: string | null;
  year: number;
  publishedAt: string;
}

export const REVIEW_DECISIONS = ["submitted", "comment", "approved", "returned"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** The review trail: submissions, a second editor's comments, approvals and returns. */
export const libraryResourceReviews = pgTable(
  "library_resource_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => libraryResources.id, { onDelete: "cascade" }),
    reviewerId: uuid("reviewer_id")
      .notNull()
      .references(() => users.id),
    decision: text("decision").$type<ReviewDecision>().notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("library_resource_reviews_resource_idx").on(t.resourceId, t.createdAt)],
);
