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
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * Files uploaded for later work (an NCES directory import waiting for the job worker) and files
 * kept for good (a library resource's PDF). Kept in the database so every app server sharing it
 * sees them, whichever one took the upload.
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
    /**
     * Hex SHA-256 of the bytes, for content-addressed files only (putByContent): the same bytes
     * are kept once, and the hash is the download's strong ETag. Null for files kept per upload.
     */
    sha256: text("sha256"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("stored_files_incomplete_idx").on(t.createdAt).where(sql`not ${t.complete}`),
    uniqueIndex("stored_files_sha256_idx").on(t.sha256).where(sql`${t.sha256} is not null`),
  ],
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
