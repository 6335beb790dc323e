import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * Files uploaded for later work (an NCES directory import waiting for the job worker). Kept in
 * the database so every app server sharing it sees them, whichever one took the upload.
 */
export const storedFiles = pgTable(
  "stored_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** What the file is for, e.g. "directory.import": one word per kind of upload. */
    purpose: text("purpose").notNull(),
    fileName: text("file_name"),
    bytes: bigint("bytes", { mode: "number" }).notNull().default(0),
    /** False while the upload is still arriving; an incomplete file is never read. */
    complete: boolean("complete").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("stored_files_incomplete_idx").on(t.createdAt).where(sql`not ${t.complete}`)],
);

/** A file's bytes, in order, in chunks of up to 1 MiB: reading and writing never hold a whole file. */
export const storedFileChunks = pgTable(
  "stored_file_chunks",
  {
    fileId: uuid("file_id")
      .notNull()
      .references(() => storedFiles.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.seq] })],
);
