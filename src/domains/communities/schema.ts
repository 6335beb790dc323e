import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

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
    visibility: text("visibility").$type<"public" | "private">().notNull().default("public"),
    joinPolicy: text("join_policy").$type<"open" | "request" | "invite">().notNull().default("open"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("communities_slug_idx").on(t.slug), index("communities_kind_idx").on(t.kind)],
);
