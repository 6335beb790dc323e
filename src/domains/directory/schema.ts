import { sql } from "drizzle-orm";
import {
  bigserial,
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
    index("organisations_name_search_idx").using(
      "gin",
      sql`to_tsvector('simple', ${t.name} || ' ' || coalesce(${t.city}, ''))`,
    ),
  ],
);

export const IMPORT_STATUSES = ["queued", "running", "done", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One upload of an NCES Common Core of Data file and how far its processing has got. */
export const directoryImports = pgTable(
  "imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    status: text("status").$type<ImportStatus>().notNull().default("queued"),
    fileName: text("file_name").notNull(),
    /** Size of the uploaded file in bytes, to show progress while it is read. */
    fileBytes: integer("file_bytes").notNull().default(0),
    bytesRead: integer("bytes_read").notNull().default(0),
    createdBy: uuid("created_by"),
    rowsSeen: integer("rows_seen").notNull().default(0),
    inserted: integer("inserted").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    districtsInserted: integer("districts_inserted").notNull().default(0),
    districtsUpdated: integer("districts_updated").notNull().default(0),
    /** Why the whole import stopped (not a row problem: those are in import_errors). */
    errorMessage: text("error_message"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("imports_created_idx").on(t.createdAt)],
);

/** A row of an import that was not taken, with the line of the file and the field at fault. */
export const directoryImportErrors = pgTable(
  "import_errors",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    importId: uuid("import_id")
      .notNull()
      .references(() => directoryImports.id, { onDelete: "cascade" }),
    line: integer("line").notNull(),
    field: text("field").notNull(),
    /** Machine code of the problem, translated when shown. */
    code: text("code").notNull(),
    value: text("value"),
  },
  (t) => [index("import_errors_import_idx").on(t.importId, t.line)],
);
