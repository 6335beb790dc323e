import { createHmac, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { type Db, type DbOrTx, queryRows } from "../../../platform/db/client";
import { CSRF_COOKIE } from "../../../platform/http/page-cache";
import { isRobot, sessionOf, type UsageKind, userOf, type Visitor } from "./counting";
import { reachEvents } from "./schema";

/*
 * Recording a use costs the request almost nothing: the handler's call checks the user agent
 * against the robots list and pushes a small record into this process's buffer; the buffer is
 * written in one multi-row insert a second later (or at 500 records, or when the server
 * stops). Identities are turned into keyed hashes (HMAC-SHA-256 under the day's key, kept in
 * the database so every app server hashes alike) when written: the IP address and user agent
 * are never stored, and live in memory only until the next write.
 */

interface PendingUse {
  at: Date;
  resourceId: string;
  kind: UsageKind;
  target: string;
  user: string;
  session: string;
}

/** Written at once when the buffer holds this many uses, whatever the timer says. */
const FLUSH_AT = 500;

class UsageRecorder {
  private pending: PendingUse[] = [];
  private writing: Promise<void> = Promise.resolve();
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly db: Db) {}

  add(use: PendingUse) {
    this.pending.push(use);
    if (this.pending.length >= FLUSH_AT) void this.flush().catch(() => {});
  }

  get size() {
    return this.pending.length;
  }

  /** Writes what is buffered (after any write in progress); resolves when it is stored. */
  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.catch(() => {}).then(() => (batch.length ? this.write(batch) : undefined));
    return this.writing;
  }

  private async write(batch: PendingUse[]) {
    const rows = [];
    for (const use of batch) {
      const key = await this.keyOf(use.at.toISOString().slice(0, 10));
      rows.push({
        occurredAt: use.at,
        resourceId: use.resourceId,
        kind: use.kind,
        target: use.target,
        userHash: hmac(key, use.user),
        sessionHash: hmac(key, use.session),
      });
    }
    await this.db.insert(reachEvents).values(rows);
  }

  private async keyOf(day: string): Promise<Buffer> {
    const known = this.keys.get(day);
    if (known) return known;
    const key = await dayKey(this.db, day);
    this.keys.clear(); // only today's (and, around midnight, yesterday's) is ever asked again
    this.keys.set(day, key);
    return key;
  }
}

const hmac = (key: Buffer, value: string) => createHmac("sha256", key).update(value).digest();

/** The day's key, made by whichever server needs it first. */
export async function dayKey(db: DbOrTx, day: string): Promise<Buffer> {
  await db.execute(
    sql`insert into reach_hash_keys (day, key) values (${day}, ${randomBytes(32)}) on conflict (day) do nothing`,
  );
  const [row] = await queryRows<{ key: Buffer | Uint8Array }>(
    db,
    sql`select key from reach_hash_keys where day = ${day}`,
  );
  return Buffer.from(row!.key);
}

const recorders = new WeakMap<Db, UsageRecorder>();
const recorderOf = (db: Db) => {
  let recorder = recorders.get(db);
  if (!recorder) {
    recorder = new UsageRecorder(db);
    recorders.set(db, recorder);
  }
  return recorder;
};

/** Writes the uses this process still holds for `db` (before a roll-up, at shutdown, in tests). */
export function flushUsage(db: Db): Promise<void> {
  return recorders.get(db)?.flush() ?? Promise.resolve();
}

/** Uses buffered and not yet written (for tests and the benchmark). */
export const bufferedUsage = (db: Db) => recorders.get(db)?.size ?? 0;

/**
 * Who is reading, from the request: the account and its session when signed in; otherwise the
 * site's form cookie when the browser has one (the site sets no cookie of its own for this);
 * else the IP address and user agent.
 */
export function visitorOf(request: FastifyRequest): Visitor {
  return {
    accountId: request.viewer?.id ?? null,
    sessionId: request.sessionToken,
    cookie: request.cookies?.[CSRF_COOKIE] ?? null,
    ip: request.ip,
    userAgent: request.headers["user-agent"] ?? "",
  };
}

/**
 * Counts one use of a resource by the COUNTER rules: call it from the handler that serves the
 * resource's page (`investigation`) or its content (`request`), once access is granted. Robots,
 * HEAD requests and range requests after the first byte (a reader fetching the rest of a file)
 * are not counted. Nothing is awaited: the use is written with the next batch.
 */
export function recordUsage(request: FastifyRequest, use: { resourceId: string; kind: UsageKind }): void {
  if (request.method !== "GET") return;
  const userAgent = request.headers["user-agent"];
  if (isRobot(userAgent)) return;
  const range = request.headers.range;
  if (range && !/^bytes=0-/.test(range)) return;
  const visitor = visitorOf(request);
  const at = new Date();
  recorderOf(request.server.db).add({
    at,
    resourceId: use.resourceId,
    kind: use.kind,
    target: request.url.split("?")[0]!,
    user: userOf(visitor),
    session: sessionOf(visitor, at),
  });
}

/** For tests and the generator: a use as if made at `at` by `visitor` (robots still refused). */
export function recordUsageAt(
  db: Db,
  use: { resourceId: string; kind: UsageKind; target: string; at: Date; visitor: Visitor },
): boolean {
  if (isRobot(use.visitor.userAgent)) return false;
  recorderOf(db).add({
    at: use.at,
    resourceId: use.resourceId,
    kind: use.kind,
    target: use.target,
    user: userOf(use.visitor),
    session: sessionOf(use.visitor, use.at),
  });
  return true;
}

/** Starts writing the buffer every second; returns the stop function (which writes what is left). */
export function startUsageWriter(db: Db, everyMs = 1000): () => Promise<void> {
  const timer = setInterval(() => void flushUsage(db).catch(() => {}), everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await flushUsage(db);
  };
}

/** Rows still waiting to be rolled up (tests). */
export async function pendingEventCount(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from reach_events`);
  return row?.n ?? 0;
}
