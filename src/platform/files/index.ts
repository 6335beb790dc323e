import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { storedFileChunks, storedFiles } from "./schema";

/** The upload went over its size limit: nothing of it is kept. */
export class FileTooLarge extends Error {
  constructor(public maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes.`);
  }
}

export interface StoredFile {
  id: string;
  bytes: number;
}

/** A content-addressed file: its id, size and hex SHA-256 (what identifies its bytes). */
export interface StoredBlob extends StoredFile {
  sha256: string;
}

/** An inclusive byte range of a file, as a Range request asks for it. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface PutByContentOptions {
  purpose: string;
  maxBytes: number;
  /** Sees every piece as it arrives, e.g. to tell the file's type from its content. */
  observe?: (piece: Buffer) => void;
  /** Called once all bytes are in and before they are kept: throwing refuses the file. */
  accept?: (bytes: number) => void;
}

/**
 * Where uploads wait for the work that reads them. One small interface so the default (the
 * database every app server already shares) can be swapped for an object store later without
 * touching the imports that use it.
 */
export interface FileStore {
  /** Streams `source` in, stopping with FileTooLarge (and keeping nothing) past `maxBytes`. */
  put(
    source: AsyncIterable<Uint8Array | string>,
    options: { purpose: string; maxBytes: number; fileName?: string },
  ): Promise<StoredFile>;
  /**
   * Streams `source` in and keeps it under the SHA-256 of its bytes: bytes already kept are not
   * kept twice (the existing file is returned). Refused (FileTooLarge, or `accept` throwing), it
   * keeps nothing.
   */
  putByContent(source: AsyncIterable<Uint8Array | string>, options: PutByContentOptions): Promise<StoredBlob>;
  /** The file's bytes as a stream, or null when there is no such (complete) file. */
  get(id: string): Promise<Readable | null>;
  /** Part of the file's bytes (a Range request), reading only the chunks that hold them. */
  getRange(id: string, range: ByteRange): Promise<Readable | null>;
  /**
   * Deletes the file. A content-addressed file still referenced elsewhere (a foreign key that
   * restricts) stays, and the call returns false.
   */
  delete(id: string): Promise<boolean>;
}

/** Every chunk but a file's last holds exactly this many bytes, so a byte offset finds its chunk. */
export const CHUNK_BYTES = 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An upload still incomplete after this long was cut off (a crash, a dropped connection). */
const ABANDONED_AFTER = sql`interval '1 day'`;

/** The default store: files in two tables (stored_files, stored_file_chunks) of the app's database. */
export function databaseFileStore(db: Db): FileStore {
  return {
    async put(source, { purpose, maxBytes, fileName }) {
      const id = await startFile(db, purpose, fileName);
      try {
        const bytes = await writeChunks(db, id, source, maxBytes);
        await db.update(storedFiles).set({ bytes, complete: true }).where(eq(storedFiles.id, id));
        return { id, bytes };
      } catch (error) {
        await db.delete(storedFiles).where(eq(storedFiles.id, id));
        throw error;
      }
    },

    async putByContent(source, { purpose, maxBytes, observe, accept }) {
      const id = await startFile(db, purpose);
      const hash = createHash("sha256");
      const hashed = async function* () {
        for await (const piece of source) {
          const chunk = asBuffer(piece);
          hash.update(chunk);
          observe?.(chunk);
          yield chunk;
        }
      };
      try {
        const bytes = await writeChunks(db, id, hashed(), maxBytes);
        accept?.(bytes);
        const sha256 = hash.digest("hex");
        const existing = await completeBlobOf(db, sha256);
        if (existing) {
          await db.delete(storedFiles).where(eq(storedFiles.id, id));
          return existing;
        }
        await db.update(storedFiles).set({ bytes, sha256, complete: true }).where(eq(storedFiles.id, id));
        return { id, bytes, sha256 };
      } catch (error) {
        await db.delete(storedFiles).where(eq(storedFiles.id, id));
        // The same bytes finished arriving through another upload meanwhile: keep theirs.
        const raced = isUniqueViolation(error) ? await completeBlobOf(db, hash.digest("hex")) : null;
        if (raced) return raced;
        throw error;
      }
    },

    async get(id) {
      const file = await completeFile(db, id);
      return file ? readChunks(db, id, { start: 0, end: file.bytes - 1 }) : null;
    },

    async getRange(id, range) {
      const file = await completeFile(db, id);
      if (!file || range.start > range.end || range.end >= file.bytes) return null;
      return readChunks(db, id, range);
    },

    async delete(id) {
      if (!UUID.test(id)) return true;
      try {
        await db.delete(storedFiles).where(eq(storedFiles.id, id));
        return true;
      } catch (error) {
        if (isForeignKeyViolation(error)) return false;
        throw error;
      }
    },
  };
}

const asBuffer = (piece: Uint8Array | string) =>
  typeof piece === "string"
    ? Buffer.from(piece)
    : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);

const sqlState = (error: unknown): string | undefined => {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === "string" ? code : undefined;
};
const isUniqueViolation = (error: unknown) => sqlState(error) === "23505";
// RESTRICT answers restrict_violation (23001) on newer PostgreSQL (PGlite's 18), foreign_key_violation before.
const isForeignKeyViolation = (error: unknown) => ["23503", "23001"].includes(sqlState(error) ?? "");

/** Drops uploads cut off long ago, then opens a new (incomplete) file. */
async function startFile(db: Db, purpose: string, fileName?: string): Promise<string> {
  await db
    .delete(storedFiles)
    .where(and(eq(storedFiles.complete, false), lt(storedFiles.createdAt, sql`now() - ${ABANDONED_AFTER}`)));
  const [file] = await db
    .insert(storedFiles)
    .values({ purpose, fileName: fileName?.slice(0, 200) })
    .returning({ id: storedFiles.id });
  return file!.id;
}

/** Writes the pieces as chunks of CHUNK_BYTES (the last may be shorter); returns the byte count. */
async function writeChunks(
  db: Db,
  id: string,
  source: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
): Promise<number> {
  let bytes = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await db.insert(storedFileChunks).values({ fileId: id, seq: seq++, data });
  };
  for await (const piece of source) {
    let chunk = asBuffer(piece);
    bytes += chunk.length;
    if (bytes > maxBytes) throw new FileTooLarge(maxBytes);
    while (chunk.length > 0) {
      const room = CHUNK_BYTES - pendingBytes;
      pending.push(chunk.subarray(0, room));
      pendingBytes += Math.min(room, chunk.length);
      chunk = chunk.subarray(room);
      if (pendingBytes === CHUNK_BYTES) await flush();
    }
  }
  await flush();
  return bytes;
}

async function completeFile(db: Db, id: string): Promise<{ bytes: number } | null> {
  if (!UUID.test(id)) return null;
  const [file] = await db
    .select({ bytes: storedFiles.bytes })
    .from(storedFiles)
    .where(and(eq(storedFiles.id, id), eq(storedFiles.complete, true)));
  return file ?? null;
}

async function completeBlobOf(db: Db, sha256: string): Promise<StoredBlob | null> {
  const [blob] = await db
    .select({ id: storedFiles.id, bytes: storedFiles.bytes })
    .from(storedFiles)
    .where(and(eq(storedFiles.sha256, sha256), eq(storedFiles.complete, true)));
  return blob ? { ...blob, sha256 } : null;
}

/**
 * The bytes of `range`, chunk by chunk: memory stays at about two chunks whatever the file's size.
 * The next chunk is asked for while the current one is being sent, so the database and the
 * network work at the same time.
 */
function readChunks(db: Db, id: string, { start, end }: ByteRange): Readable {
  const first = Math.floor(start / CHUNK_BYTES);
  const last = Math.floor(end / CHUNK_BYTES);
  const fetchChunk = async (seq: number) => {
    const [row] = await db
      .select({ data: storedFileChunks.data })
      .from(storedFileChunks)
      .where(and(eq(storedFileChunks.fileId, id), eq(storedFileChunks.seq, seq)));
    return row ? Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength) : null;
  };
  async function* chunks() {
    let next = fetchChunk(first);
    for (let seq = first; seq <= last; seq++) {
      const data = await next;
      if (seq < last) {
        next = fetchChunk(seq + 1);
        // A download the client stops midway never awaits this one: no unhandled rejection.
        next.catch(() => undefined);
      }
      if (!data) return;
      const from = seq === first ? start - seq * CHUNK_BYTES : 0;
      const to = seq === last ? end - seq * CHUNK_BYTES + 1 : data.length;
      yield data.subarray(from, to);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
