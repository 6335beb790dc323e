import type { FastifyReply, FastifyRequest } from "fastify";
import parseRange from "range-parser";
import type { BlobCache } from "./blob-cache";
import { attachmentDisposition } from "./file-name";
import type { FileStore } from "./index";

/** A content-addressed file as a download: what the response says about it. */
export interface Download {
  fileId: string;
  sha256: string;
  bytes: number;
  contentType: string;
  /** Already safe (safeFileName); sent as an attachment under this name. */
  downloadName: string;
  /** e.g. "public, max-age=3600" for a file anyone may read, "private, no-cache" otherwise. */
  cacheControl: string;
}

/** The strong entity tag of a content-addressed file: its SHA-256 (the same bytes, the same tag). */
export const entityTag = (sha256: string) => `"${sha256}"`;

/** If-None-Match compares weakly (RFC 9110 §13.1.2): W/"x" matches "x"; "*" matches any file. */
function noneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  return header.split(",").some((candidate) => {
    const value = candidate.trim();
    return value === "*" || value.replace(/^W\//, "") === tag;
  });
}

type RangeAnswer =
  | { kind: "whole" }
  | { kind: "part"; start: number; end: number }
  | { kind: "unsatisfiable" };

/**
 * Which bytes to send. One range is served as 206; several ranges (rare, and multipart/byteranges
 * answers are costly to stream) and malformed headers get the whole file, as RFC 9110 allows; a
 * stale If-Range (the file is not the one the client has part of) gets the whole file too.
 */
function rangeOf(request: FastifyRequest, download: Download, tag: string): RangeAnswer {
  const header = request.headers.range;
  if (!header || request.method !== "GET") return { kind: "whole" };
  const ifRange = request.headers["if-range"];
  if (ifRange && ifRange !== tag) return { kind: "whole" };
  const ranges = parseRange(download.bytes, header, { combine: true });
  if (ranges === -1) return { kind: "unsatisfiable" };
  if (ranges === -2 || ranges.type !== "bytes" || ranges.length !== 1) return { kind: "whole" };
  return { kind: "part", start: ranges[0]!.start, end: ranges[0]!.end };
}

/**
 * Sends a stored file: its type, a download name, a strong ETag with 304 for a client that has it,
 * and single byte ranges (206, or 416 when none of it is in the file). The bytes stream from the
 * store's chunks; a file the store no longer has is the caller's 404 (this returns false).
 */
export async function sendDownload(
  store: FileStore,
  request: FastifyRequest,
  reply: FastifyReply,
  download: Download,
  cache?: BlobCache | null,
): Promise<boolean> {
  const tag = entityTag(download.sha256);
  reply
    .header("etag", tag)
    .header("cache-control", download.cacheControl)
    .header("accept-ranges", "bytes")
    // A download is never run as a page of this site, whatever a browser would guess it to be.
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "default-src 'none'; sandbox");
  if (noneMatch(request.headers["if-none-match"], tag)) {
    await reply.code(304).send();
    return true;
  }
  const range = rangeOf(request, download, tag);
  if (range.kind === "unsatisfiable") {
    await reply.code(416).header("content-range", `bytes */${download.bytes}`).send();
    return true;
  }
  const { start, end } = range.kind === "part" ? range : { start: 0, end: download.bytes - 1 };
  const blob = { id: download.fileId, sha256: download.sha256, bytes: download.bytes };
  const stream =
    (await cache?.open(blob, { start, end })) ??
    (range.kind === "part"
      ? await store.getRange(download.fileId, { start, end })
      : await store.get(download.fileId));
  if (!stream) return false;
  reply
    .header("content-type", download.contentType)
    .header("content-disposition", attachmentDisposition(download.downloadName))
    .header("content-length", String(end - start + 1));
  if (range.kind === "part")
    reply.code(206).header("content-range", `bytes ${start}-${end}/${download.bytes}`);
  await reply.send(stream);
  return true;
}
