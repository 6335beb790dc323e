import { bigint, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/schema";
import { storedFiles } from "../../../platform/files/schema";
import { libraryResources, type ResourceLanguage } from "../resources/schema";

/**
 * A resource's downloadable files. The bytes are a content-addressed stored file (platform/files):
 * the same PDF attached to two resources, or uploaded twice, is kept once. A file belongs to the
 * version it was added in and every later one, until an editor removes it.
 */
export const libraryResourceFiles = pgTable(
  "library_resource_files",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => libraryResources.id, { onDelete: "cascade" }),
    /** The resource's version when the file was added. */
    version: integer("version").notNull(),
    // Restrict: a blob still attached somewhere is never deleted under it (see removeFile).
    storedFileId: uuid("stored_file_id")
      .notNull()
      .references(() => storedFiles.id, { onDelete: "restrict" }),
    /** The safe download name (platform/files safeFileName), its extension the content's. */
    fileName: text("file_name").notNull(),
    /** Told from the content when uploaded, never from the name. */
    contentType: text("content_type").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    /** What the file is, in a few words ("Slides", "Printable handout"); the file name when empty. */
    label: text("label").notNull().default(""),
    language: text("language").$type<ResourceLanguage>().notNull(),
    /** Order on the resource's page, from 0. */
    position: integer("position").notNull(),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("library_resource_files_resource_idx").on(t.resourceId, t.position),
    index("library_resource_files_blob_idx").on(t.storedFileId),
  ],
);
