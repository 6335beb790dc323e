import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

/**
 * Every scope that can hold a team: the nation, states and territories, districts, schools,
 * and beside them national partner organisations and state initiatives.
 */
export const ORG_KINDS = ["nation", "state", "district", "school", "partner", "state_initiative"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const organisations = pgTable(
  "organisations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").$type<OrgKind>().notNull(),
    name: text("name").notNull(),
    parentId: uuid("parent_id").references((): AnyPgColumn => organisations.id),
    /** Ancestor ids from the nation down, excluding self: scope checks are one array test. */
    ancestorIds: uuid("ancestor_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** Two-letter USPS code of the state or territory the organisation sits in. */
    stateCode: text("state_code"),
    /** NCES ID: 7 digits for a district (LEA), 12 for a school; 2-digit FIPS for a state. */
    ncesId: text("nces_id"),
    city: text("city"),
    address: text("address"),
    zip: text("zip"),
    gradeLow: text("grade_low"),
    gradeHigh: text("grade_high"),
    locale: text("locale_code"),
    enrollment: integer("enrollment"),
    website: text("website"),
    description: text("description"),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("organisations_nces_idx").on(t.kind, t.ncesId),
    index("organisations_parent_idx").on(t.parentId),
    index("organisations_kind_state_idx").on(t.kind, t.stateCode),
    index("organisations_ancestors_idx").using("gin", t.ancestorIds),
    index("organisations_name_search_idx").using("gin", sql`to_tsvector('simple', ${t.name} || ' ' || coalesce(${t.city}, ''))`),
  ],
);
