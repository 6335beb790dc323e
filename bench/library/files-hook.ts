// Hooks for the library suite's download figure (issue 12: a 20 MB file downloads at ≥ 50% of
// the speed of node:http streaming the same file from disk, in the same run).
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { Db } from "../../src/platform/db/client";
import type { Actor } from "../../src/platform/policy";
import { attachFile, fileHref, megabytes } from "../../src/domains/library/files/service";

export const BENCH_FILE_BYTES = 20 * 1024 * 1024;

/** A PDF-looking file of `bytes` bytes (random content, so nothing compresses it). */
function benchFileBytes(bytes: number): Buffer {
  const file = randomBytes(bytes);
  file.write("%PDF-1.7\n", 0, "latin1");
  return file;
}

/**
 * Stores a 20 MB file as an attachment of the resource (through the same path an upload takes)
 * and writes the same bytes to a temporary file. Returns the download's path on the app (add the
 * server's origin) and the file on disk, for startDiskServer.
 */
export async function storeBenchDownload(
  db: Db,
  resource: { id: string; slug: string; currentVersion: number; shelfId: string },
  uploader: Actor,
  bytes = BENCH_FILE_BYTES,
): Promise<{ path: string; diskPath: string; bytes: number }> {
  const content = benchFileBytes(bytes);
  const pieces = Array.from({ length: Math.ceil(bytes / 65536) }, (_, i) =>
    content.subarray(i * 65536, (i + 1) * 65536),
  );
  const file = await attachFile(db, uploader, resource, {
    stream: Readable.from(pieces),
    fileName: "bench-20mb.pdf",
    language: "en",
    maxBytes: Math.max(bytes, megabytes(25)),
  });
  const diskPath = join(await mkdtemp(join(tmpdir(), "smh-bench-")), "bench-20mb.pdf");
  await writeFile(diskPath, content);
  return { path: fileHref(resource.slug, file.id), diskPath, bytes };
}

/** The yardstick: raw node:http streaming the file from disk, with the headers a download has. */
export async function startDiskServer(
  diskPath: string,
  bytes: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, {
      "content-type": "application/pdf",
      "content-length": String(bytes),
      "content-disposition": 'attachment; filename="bench-20mb.pdf"',
    });
    createReadStream(diskPath).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/bench-20mb.pdf`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
