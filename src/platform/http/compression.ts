import { gzipSync } from "node:zlib";
import { Negotiator } from "@fastify/accept-negotiator";
import compress from "@fastify/compress";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** Smaller responses are not worth compressing. */
const COMPRESS_THRESHOLD = 1024;
/**
 * Larger whole responses (only the biggest dashboards, ~0.7 MB for a 600-school district) go out
 * as they are: compressing them in the app pushed that dashboard's 95th-percentile time from
 * 19 ms to 37–39 ms (garbage collection of the large buffers), past its 30 ms budget. A
 * TLS-terminating proxy in front of the app can compress them instead.
 */
const COMPRESS_LIMIT = 256 * 1024;
const COMPRESSIBLE = /^(text\/|application\/(json|problem\+json|javascript)|image\/svg\+xml)/;
/** What @fastify/compress handles: static files and streamed exports. */
const STREAMED_COMPRESSIBLE = /^(text\/(css|csv|javascript|plain)|application\/javascript|image\/svg\+xml)/;

const gzipNegotiator = new Negotiator({ supportedValues: ["gzip"] });

function acceptsGzip(request: FastifyRequest): boolean {
  const accepts = request.headers["accept-encoding"];
  return !!accepts && gzipNegotiator.negotiate(accepts) === "gzip";
}

function shouldGzipWhole(request: FastifyRequest, reply: FastifyReply, payload: unknown): boolean {
  if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return false;
  if (payload.length < COMPRESS_THRESHOLD || payload.length > COMPRESS_LIMIT) return false;
  if (reply.hasHeader("content-encoding")) return false;
  return COMPRESSIBLE.test(String(reply.getHeader("content-type") ?? "")) && acceptsGzip(request);
}

/**
 * Gzip for browsers that ask (every browser does). Pages and JSON are whole strings by the time
 * they are sent: compressed in one call (about 1 ms for 250 KB), not streamed through the thread
 * pool chunk by chunk. Streams (static files, CSV exports) are left to @fastify/compress.
 * Register before any route, so every route is covered.
 */
export async function registerCompression(app: FastifyInstance) {
  app.addHook("onSend", (request, reply, payload, done) => {
    if (!shouldGzipWhole(request, reply, payload)) return done(null, payload);
    reply.header("content-encoding", "gzip").header("vary", "accept-encoding");
    done(null, gzipSync(payload as string | Buffer, { level: 4 }));
  });
  await app.register(compress, {
    global: true,
    encodings: ["gzip", "deflate"],
    threshold: COMPRESS_THRESHOLD,
    customTypes: STREAMED_COMPRESSIBLE,
  });
}

export function sendHtml(reply: FastifyReply, html: string | Buffer) {
  return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(html);
}

/** A page kept for reuse, and its gzip form once a browser has asked for one. */
export interface KeptPage {
  html: string;
  gzip?: Buffer;
}

/**
 * Sends a kept page, compressed once and reused when the browser accepts gzip: compressing on
 * each request would cost more than the cache saves.
 */
export function sendKeptPage(reply: FastifyReply, page: KeptPage) {
  if (page.html.length < COMPRESS_THRESHOLD || !acceptsGzip(reply.request)) return sendHtml(reply, page.html);
  page.gzip ??= gzipSync(page.html, { level: 9 }); // once per cached page, so the smallest
  return sendHtml(reply.header("content-encoding", "gzip").header("vary", "accept-encoding"), page.gzip);
}
