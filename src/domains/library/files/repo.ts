import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../platform/db/client";
import { storedFiles } from "../../../platform/files/schema";
import type { ResourceLanguage } from "../resources/schema";
import { libraryResourceFiles } from "./schema";

/** A resource's file as pages and the API show it, with its content hash (the download's ETag). */
export interface ResourceFileRow {
  id: string;
  resourceId: string;
  version: number;
  storedFileId: string;
  fileName: string;
  contentType: string;
  bytes: number;
  label: string;
  language: ResourceLanguage;
  position: number;
  sha256: string;
  createdAt: Date;
}

const COLUMNS = {
  id: libraryResourceFiles.id,
  resourceId: libraryResourceFiles.resourceId,
  version: libraryResourceFiles.version,
  storedFileId: libraryResourceFiles.storedFileId,
  fileName: libraryResourceFiles.fileName,
  contentType: libraryResourceFiles.contentType,
  bytes: libraryResourceFiles.bytes,
  label: libraryResourceFiles.label,
  language: libraryResourceFiles.language,
  position: libraryResourceFiles.position,
  sha256: sql<string>`${storedFiles.sha256}`,
  createdAt: libraryResourceFiles.createdAt,
};

/** The files of a resource as of `version` (added in it or before), in their order. */
export function filesOfResource(
  db: DbOrTx,
  resourceId: string,
  version?: number,
): Promise<ResourceFileRow[]> {
  return db
    .select(COLUMNS)
    .from(libraryResourceFiles)
    .innerJoin(storedFiles, eq(storedFiles.id, libraryResourceFiles.storedFileId))
    .where(
      and(
        eq(libraryResourceFiles.resourceId, resourceId),
        version === undefined ? undefined : lte(libraryResourceFiles.version, version),
      ),
    )
    .orderBy(asc(libraryResourceFiles.position), asc(libraryResourceFiles.createdAt));
}

export async function fileOfResource(db: DbOrTx, resourceId: string, fileId: string) {
  const [row] = await db
    .select(COLUMNS)
    .from(libraryResourceFiles)
    .innerJoin(storedFiles, eq(storedFiles.id, libraryResourceFiles.storedFileId))
    .where(and(eq(libraryResourceFiles.resourceId, resourceId), eq(libraryResourceFiles.id, fileId)));
  return row ?? null;
}

export type NewResourceFile = Omit<typeof libraryResourceFiles.$inferInsert, "id" | "position" | "createdAt">;

/** Adds the file last in the resource's order. */
export async function insertResourceFile(db: DbOrTx, file: NewResourceFile): Promise<string> {
  const [row] = await db
    .insert(libraryResourceFiles)
    .values({
      ...file,
      position: sql`(select coalesce(max(position) + 1, 0) from library_resource_files where resource_id = ${file.resourceId})`,
    })
    .returning({ id: libraryResourceFiles.id });
  return row!.id;
}

export async function deleteResourceFile(db: DbOrTx, resourceId: string, fileId: string) {
  const [row] = await db
    .delete(libraryResourceFiles)
    .where(and(eq(libraryResourceFiles.resourceId, resourceId), eq(libraryResourceFiles.id, fileId)))
    .returning({ storedFileId: libraryResourceFiles.storedFileId });
  return row ?? null;
}

/** Numbers the resource's files 0, 1, 2… in the order given (ids not of the resource are ignored). */
export async function renumberFiles(db: DbOrTx, resourceId: string, orderedIds: string[]) {
  for (const [position, id] of orderedIds.entries()) {
    await db
      .update(libraryResourceFiles)
      .set({ position })
      .where(and(eq(libraryResourceFiles.resourceId, resourceId), eq(libraryResourceFiles.id, id)));
  }
}
