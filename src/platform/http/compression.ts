import { pipeline, type Readable } from "node:stream";
import { promisify } from "node:util";
import {
  type BrotliOptions,
  brotliCompress,
  brotliCompressSync,
  constants,
  createBrotliCompress,
  createGzip,
  gzip,
  gzipSync,
  type ZlibOptions,
} from "node:zlib";
import { Negotiator } from "@fastify/accept-negotiator";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** Smaller responses are not worth compressing. */
const COMPRESS_THRESHOLD = 1024;
/**
 * Larger whole responses are compressed on libuv's thread pool rather than on the event loop:
 * a 200 KB page takes about 2 ms to compress, time other requests would otherwise wait.
 * Below this, one synchronous call (0.1–0.5 ms) costs less than the hand-off.
 */
const SYNC_LIMIT = 64 * 1024;
const COMPRESSIBLE = /^(text\/|application\/(json|problem\+json|javascript)|image\/svg\+xml)/;
/** Streams compressed as they are sent: static files (those without a stored .br/.gz) and streamed exports. */
const STREAMED_COMPRESSIBLE = /^(text\/(css|csv|javascript|plain)|application\/javascript|image\/svg\+xml)/;

type Encoding = "br" | "gzip";

/**
 * Brotli first when a browser offers both (every current browser does): at quality 4 it costs
 * about what gzip does and makes pages 20–40% smaller (measured on the district dashboard and
 * on 4–200 KB slices of it). No cache of answers: the header is the client's to vary.
 */
const negotiator = new Negotiator({ supportedValues: ["br", "gzip"] });

const gzipOnly = new Negotiator({ supportedValues: ["gzip"] });

/** Whether the client takes gzip at all (whatever it prefers). */
export function acceptsGzip(request: FastifyRequest): boolean {
  const accepts = request.headers["accept-encoding"];
  return !!accepts && gzipOnly.negotiate(accepts) === "gzip";
}

function encodingFor(request: FastifyRequest): Encoding | null {
  const accepts = request.headers["accept-encoding"];
  return accepts ? (negotiator.negotiate(accepts) as Encoding | null) : null;
}

/**
 * One effort for every response. A kept page is compressed once and could afford more, but the
 * page cache hands over pages it will not keep too (a first visit without a CSRF cookie), and
 * brotli 5 or gzip 9 cost two to three times as much for 5–10% fewer bytes.
 */
const EFFORT = { br: 4, gzip: 4 } as const;

function optionsFor(encoding: Encoding, bytes?: number): ZlibOptions & BrotliOptions {
  if (encoding === "gzip") return { level: EFFORT.gzip };
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: EFFORT.br,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      // Lets brotli size its window to the page instead of allocating for 4 MB.
      ...(bytes === undefined ? {} : { [constants.BROTLI_PARAM_SIZE_HINT]: bytes }),
    },
  };
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

function compressSync(
  body: string | Buffer,
  encoding: Encoding,
  options: ZlibOptions & BrotliOptions,
): Buffer {
  return encoding === "br" ? brotliCompressSync(body, options) : gzipSync(body, options);
}

function compressAsync(
  body: string | Buffer,
  encoding: Encoding,
  options: ZlibOptions & BrotliOptions,
): Promise<Buffer> {
  return encoding === "br" ? brotliAsync(body, options) : gzipAsync(body, options);
}

function markEncoded(reply: FastifyReply, encoding: Encoding) {
  reply.header("content-encoding", encoding);
  const vary = reply.getHeader("vary");
  if (!vary) reply.header("vary", "accept-encoding");
  else if (!/accept-encoding/i.test(String(vary))) reply.header("vary", `${vary}, accept-encoding`);
}

/** The encoding to compress a whole string or buffer with, or null to send it as it is. */
function wholeEncoding(request: FastifyRequest, reply: FastifyReply, payload: unknown): Encoding | null {
  if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return null;
  if (payload.length < COMPRESS_THRESHOLD || reply.hasHeader("content-encoding")) return null;
  if (!COMPRESSIBLE.test(String(reply.getHeader("content-type") ?? ""))) return null;
  return encodingFor(request);
}

const isStream = (payload: unknown): payload is Readable =>
  !!payload && typeof (payload as Readable).pipe === "function";

/** The encoding to compress a stream with as it is sent, or null to send it as it is. */
function streamEncoding(request: FastifyRequest, reply: FastifyReply, payload: Readable): Encoding | null {
  if (reply.hasHeader("content-encoding") || reply.statusCode === 206 || reply.hasHeader("content-range"))
    return null;
  if (!STREAMED_COMPRESSIBLE.test(String(reply.getHeader("content-type") ?? ""))) return null;
  const length = Number(reply.getHeader("content-length") ?? Number.NaN);
  if (length < COMPRESS_THRESHOLD || payload.readableEnded) return null;
  return encodingFor(request);
}

function compressedStream(reply: FastifyReply, payload: Readable, encoding: Encoding): Readable {
  markEncoded(reply, encoding);
  reply.removeHeader("content-length");
  const options = optionsFor(encoding);
  const zipped = encoding === "br" ? createBrotliCompress(options) : createGzip(options);
  // An error on either side destroys both; Fastify then ends the response.
  return pipeline(payload, zipped, () => {});
}

/** A kept page whose compressed form this reply is to produce (and keep), see sendKeptPage. */
const keptPageOfReply = new WeakMap<FastifyReply, KeptPage>();

/**
 * Brotli or gzip for every page, JSON answer and problem a browser asks compressed, whatever its
 * size. Pages and JSON are whole strings by the time they are sent: compressed in one call,
 * large ones on the thread pool. Streams (static files, CSV exports) are compressed as they
 * flow. One hook for every route: @fastify/compress added three (request, parsing and send) to
 * each, about 6% of a cached page's time. Register before any route, so every route is covered.
 */
export async function registerCompression(app: FastifyInstance) {
  app.addHook("onSend", (request, reply, payload, done) => {
    if (isStream(payload)) {
      const streamed = streamEncoding(request, reply, payload);
      return done(null, streamed ? compressedStream(reply, payload, streamed) : payload);
    }
    const encoding = wholeEncoding(request, reply, payload);
    if (!encoding) return done(null, payload);
    const body = payload as string | Buffer;
    const kept = keptPageOfReply.get(reply);
    const options = optionsFor(encoding, Buffer.byteLength(body));
    markEncoded(reply, encoding);
    if (body.length <= SYNC_LIMIT) {
      const compressed = compressSync(body, encoding, options);
      if (kept) kept[encoding] = compressed;
      return done(null, compressed);
    }
    compressAsync(body, encoding, options).then((compressed) => {
      if (kept) kept[encoding] = compressed;
      done(null, compressed);
    }, done);
  });
}

export function sendHtml(reply: FastifyReply, html: string | Buffer) {
  return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(html);
}

/** A page kept for reuse, and its compressed forms once a browser has asked for them. */
export interface KeptPage {
  html: string;
  gzip?: Buffer;
  br?: Buffer;
}

/**
 * Sends a kept page, compressed once per encoding and reused: compressing on each request would
 * cost more than the cache saves. The first request that asks for an encoding sends the page
 * through the compression hook, which keeps what it made on the page. A page that already has a
 * gzip form (a shared page's, spliced) is sent as gzip to a browser that would rather have
 * brotli but takes gzip too: a few more bytes, and no page compressed on the request.
 */
export function sendKeptPage(reply: FastifyReply, page: KeptPage, send = sendHtml) {
  const preferred = page.html.length < COMPRESS_THRESHOLD ? null : encodingFor(reply.request);
  if (!preferred) return send(reply, page.html);
  const encoding = !page[preferred] && page.gzip && acceptsGzip(reply.request) ? "gzip" : preferred;
  const ready = page[encoding];
  if (ready) {
    markEncoded(reply, encoding);
    return send(reply, ready);
  }
  keptPageOfReply.set(reply, page);
  return send(reply, page.html);
}
