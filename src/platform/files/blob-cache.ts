import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ByteRange, FileStore } from "./index";

/** A content-addressed file as the cache knows it. */
export interface CachedBlob {
  id: string;
  sha256: string;
  bytes: number;
}

/**
 * A local copy of content-addressed files, kept by each app server in a folder of its own. The
 * bytes behind a SHA-256 never change, so a copy never goes stale: the database stays the one
 * place every server reads from, and a file downloaded often is streamed from the local disk
 * (about as fast as a plain file server) instead of chunk by chunk from the database.
 *
 * A miss is served from the database as before while a copy is made in the background, checked
 * against its hash before it is used. The folder may be deleted at any time.
 */
export class BlobCache {
  private readonly filling = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly store: FileStore,
  ) {}

  private pathOf(sha256: string) {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** The bytes of `range` from the local copy, or null (a copy is then made for next time). */
  async open(blob: CachedBlob, range: ByteRange): Promise<Readable | null> {
    if (!/^[0-9a-f]{64}$/.test(blob.sha256)) return null;
    const path = this.pathOf(blob.sha256);
    const copy = await stat(path).catch(() => null);
    if (copy?.size === blob.bytes) return createReadStream(path, { start: range.start, end: range.end });
    this.copyInBackground(blob, path);
    return null;
  }

  /** Resolves once any copy under way has finished (tests). */
  async settled(): Promise<void> {
    while (this.filling.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private copyInBackground(blob: CachedBlob, path: string) {
    if (this.filling.has(blob.sha256)) return;
    this.filling.add(blob.sha256);
    const partial = `${path}.${randomBytes(6).toString("hex")}.part`;
    void (async () => {
      try {
        const source = await this.store.get(blob.id);
        if (!source) return;
        await mkdir(join(this.dir, blob.sha256.slice(0, 2)), { recursive: true });
        const hash = createHash("sha256");
        await pipeline(
          source,
          async function* (pieces: AsyncIterable<Buffer>) {
            for await (const piece of pieces) {
              hash.update(piece);
              yield piece;
            }
          },
          createWriteStream(partial),
        );
        if (hash.digest("hex") === blob.sha256) await rename(partial, path);
      } catch {
        // A copy that failed is simply not there: the next download reads the database again.
      } finally {
        await rm(partial, { force: true }).catch(() => undefined);
        this.filling.delete(blob.sha256);
      }
    })();
  }
}

/**
 * The app server's cache, from its configuration: FILE_CACHE_DIR, else DATA_DIR/file-cache; none
 * with FILE_CACHE_DIR=off, and none in tests unless asked for (each test reads the database).
 */
export function blobCacheFor(
  config: { FILE_CACHE_DIR?: string; NODE_ENV: string; DATA_DIR: string },
  store: FileStore,
): BlobCache | null {
  const dir =
    config.FILE_CACHE_DIR ?? (config.NODE_ENV === "test" ? "off" : join(config.DATA_DIR, "file-cache"));
  return dir === "off" ? null : new BlobCache(dir, store);
}
