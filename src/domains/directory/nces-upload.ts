import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import type { Db } from "../../platform/db/client";
import { databaseFileStore, FileTooLarge } from "../../platform/files";
import { type ColumnMap, mapColumns } from "./nces-row";

export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;
/** The purpose stored uploads of the NCES import carry (platform/files). */
export const UPLOAD_PURPOSE = "directory.import";

/** A file that cannot be imported at all; nothing has been written when this is thrown. */
export class ImportFileError extends Error {
  constructor(
    public code: "empty" | "tooLarge" | "columnsMissing" | "notCsv",
    public missing: string[] = [],
  ) {
    super(code === "columnsMissing" ? `Missing columns: ${missing.join(", ")}` : code);
  }
}

/**
 * Streams an upload into the file store (the database, so the job worker of any app server can
 * read it), stopping at the size limit. Memory stays flat.
 */
export async function saveUpload(
  db: Db,
  source: Readable,
  maxBytes = MAX_UPLOAD_BYTES,
): Promise<{ fileId: string; bytes: number }> {
  try {
    const stored = await databaseFileStore(db).put(source, { purpose: UPLOAD_PURPOSE, maxBytes });
    return { fileId: stored.id, bytes: stored.bytes };
  } catch (error) {
    if (error instanceof FileTooLarge) throw new ImportFileError("tooLarge");
    throw error;
  }
}

/** The saved upload as a stream; an error the import reports when it is gone. */
export async function openUpload(db: Db, fileId: string): Promise<Readable> {
  const stream = await databaseFileStore(db).get(fileId);
  if (!stream) throw new Error("The uploaded file is no longer available. Upload it again.");
  return stream;
}

export async function deleteUpload(db: Db, fileId: string): Promise<void> {
  await databaseFileStore(db).delete(fileId);
}

/** Reads only the header line of the saved upload and checks the columns the import needs. */
export async function readHeader(db: Db, fileId: string): Promise<ColumnMap> {
  const source = await openUpload(db, fileId);
  const parser = source.pipe(parse({ bom: true, to_line: 1, relax_column_count: true }));
  let header: string[] | undefined;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      header = record;
      break;
    }
  } catch {
    throw new ImportFileError("notCsv");
  } finally {
    source.destroy();
  }
  if (!header || header.every((h) => !h.trim())) throw new ImportFileError("empty");
  const { map, missing } = mapColumns(header);
  if (missing.length > 0) throw new ImportFileError("columnsMissing", missing);
  return map;
}
