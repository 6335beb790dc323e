import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import { type ColumnMap, mapColumns } from "./nces-row";

export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

/** A file that cannot be imported at all; nothing has been written when this is thrown. */
export class ImportFileError extends Error {
  constructor(
    public code: "empty" | "tooLarge" | "columnsMissing" | "notCsv",
    public missing: string[] = [],
  ) {
    super(code === "columnsMissing" ? `Missing columns: ${missing.join(", ")}` : code);
  }
}

export const uploadDir = () => join(tmpdir(), "smh-commons-imports");

/** Streams an upload to a private temporary file, stopping at the size limit. Memory stays flat. */
export async function saveUpload(
  source: Readable,
  maxBytes = MAX_UPLOAD_BYTES,
): Promise<{ path: string; bytes: number }> {
  await mkdir(uploadDir(), { recursive: true, mode: 0o700 });
  const path = join(uploadDir(), `${randomUUID()}.csv`);
  let bytes = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new ImportFileError("tooLarge"));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(source, limiter, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await unlink(path).catch(() => {});
    throw error;
  }
  return { path, bytes };
}

/** Reads only the header line and checks the columns the import needs. */
export async function readHeader(path: string): Promise<ColumnMap> {
  const parser = createReadStream(path).pipe(parse({ bom: true, to_line: 1, relax_column_count: true }));
  let header: string[] | undefined;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      header = record;
      break;
    }
  } catch {
    throw new ImportFileError("notCsv");
  }
  if (!header || header.every((h) => !h.trim())) throw new ImportFileError("empty");
  const { map, missing } = mapColumns(header);
  if (missing.length > 0) throw new ImportFileError("columnsMissing", missing);
  return map;
}
