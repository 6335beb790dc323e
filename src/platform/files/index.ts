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
  /** The file's bytes as a stream, or null when there is no such (complete) file. */
  get(id: string): Promise<Readable | null>;
  delete(id: string): Promise<void>;
}

const CHUNK_BYTES = 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An upload still incomplete after this long was cut off (a crash, a dropped connection). */
const ABANDONED_AFTER = sql`interval '1 day'`;

/** The default store: files in two tables (stored_files, stored_file_chunks) of the app's database. */
export function databaseFileStore(db: Db): FileStore {
  return {
    async put(source, { purpose, maxBytes, fileName }) {
      await db
        .delete(storedFiles)
        .where(
          and(eq(storedFiles.complete, false), lt(storedFiles.createdAt, sql`now() - ${ABANDONED_AFTER}`)),
        );
      const [file] = await db
        .insert(storedFiles)
        .values({ purpose, fileName: fileName?.slice(0, 200) })
        .returning({ id: storedFiles.id });
      const id = file!.id;
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
      try {
        for await (const piece of source) {
          let chunk =
            typeof piece === "string"
              ? Buffer.from(piece)
              : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
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
        await db.update(storedFiles).set({ bytes, complete: true }).where(eq(storedFiles.id, id));
      } catch (error) {
        await db.delete(storedFiles).where(eq(storedFiles.id, id));
        throw error;
      }
      return { id, bytes };
    },

    async get(id) {
      if (!UUID.test(id)) return null;
      const [file] = await db
        .select({ id: storedFiles.id })
        .from(storedFiles)
        .where(and(eq(storedFiles.id, id), eq(storedFiles.complete, true)));
      if (!file) return null;
      // One chunk at a time, in order: memory stays at about one chunk whatever the file's size.
      async function* chunks() {
        for (let seq = 0; ; seq++) {
          const [row] = await db
            .select({ data: storedFileChunks.data })
            .from(storedFileChunks)
            .where(and(eq(storedFileChunks.fileId, id), eq(storedFileChunks.seq, seq)));
          if (!row) return;
          yield Buffer.from(row.data);
        }
      }
      return Readable.from(chunks(), { objectMode: false });
    },

    async delete(id) {
      if (!UUID.test(id)) return;
      await db.delete(storedFiles).where(eq(storedFiles.id, id));
    },
  };
}
