import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Caches } from "../cache";
import type { DbOrTx } from "../db/client";
import type { Viewer } from "../ui/context";
import { accessTokens, sessions, users } from "./schema";
import { randomToken, sha256 } from "./tokens";

export const SESSION_COOKIE = "smh_session";
export const SESSION_DAYS = 14;
// Refresh a session's last_seen (and a token's last_used) at most this often, so reading pages
// and calling the API do not write on every request.
const TOUCH_AFTER_MS = 5 * 60 * 1000;

export async function createSession(db: DbOrTx, userId: string, meta: { userAgent?: string; ip?: string }) {
  const token = randomToken();
  await db.insert(sessions).values({
    id: sha256(token),
    userId,
    userAgent: meta.userAgent?.slice(0, 300),
    ip: meta.ip,
    expiresAt: new Date(Date.now() + SESSION_DAYS * 86400_000),
  });
  return token;
}

export interface SessionViewer extends Viewer {
  sessionId: string;
}

interface SessionRecord {
  viewer: SessionViewer;
  expiresAt: number;
  lastSeenAt: number;
}

async function readSession(db: DbOrTx, id: string): Promise<SessionRecord | null> {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      id: users.id,
      name: users.name,
      email: users.email,
      systemRole: users.systemRole,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, sql`now()`), isNull(users.disabledAt)))
    .limit(1);
  if (!row) return null;
  const { lastSeenAt, expiresAt, ...viewer } = row;
  return { viewer, expiresAt: expiresAt.getTime(), lastSeenAt: lastSeenAt.getTime() };
}

/**
 * Finds who a session token belongs to. Sessions are kept in `caches` (dropped as soon as the
 * session, its person or their account changes); expiry is checked on every use.
 */
export function sessionViewers(db: DbOrTx, caches: Caches) {
  const cache = caches.create<SessionRecord>({ maxEntries: 50_000 });
  return async function viewerForSession(token: string): Promise<SessionViewer | null> {
    const id = sha256(token);
    const record = await cache.load(id, async (deps) => {
      const found = await readSession(db, id);
      deps.add(found?.viewer.id);
      return found;
    });
    if (!record || record.expiresAt <= Date.now()) return null;
    if (Date.now() - record.lastSeenAt > TOUCH_AFTER_MS) {
      record.lastSeenAt = Date.now();
      await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, id));
    }
    return record.viewer;
  };
}

interface TokenRecord {
  viewer: Viewer;
  tokenId: string;
  lastUsedAt: number;
}

async function readAccessToken(db: DbOrTx, tokenHash: string): Promise<TokenRecord | null> {
  const [row] = await db
    .select({
      tokenId: accessTokens.id,
      lastUsedAt: accessTokens.lastUsedAt,
      id: users.id,
      name: users.name,
      email: users.email,
      systemRole: users.systemRole,
    })
    .from(accessTokens)
    .innerJoin(users, eq(users.id, accessTokens.userId))
    .where(
      and(eq(accessTokens.tokenHash, tokenHash), isNull(accessTokens.revokedAt), isNull(users.disabledAt)),
    )
    .limit(1);
  if (!row) return null;
  const { tokenId, lastUsedAt, ...viewer } = row;
  return { viewer, tokenId, lastUsedAt: lastUsedAt?.getTime() ?? 0 };
}

/**
 * Finds who a personal access token belongs to, through the same kind of cache as sessions
 * (revoking a token or changing its person empties it). "Last used" is written at most every
 * few minutes rather than on every API call.
 */
export function accessTokenViewers(db: DbOrTx, caches: Caches) {
  const cache = caches.create<TokenRecord>({ maxEntries: 10_000 });
  return async function viewerForAccessToken(token: string): Promise<Viewer | null> {
    const hash = sha256(token);
    const record = await cache.load(hash, async (deps) => {
      const found = await readAccessToken(db, hash);
      deps.add(found?.viewer.id);
      return found;
    });
    if (!record) return null;
    if (Date.now() - record.lastUsedAt > TOUCH_AFTER_MS) {
      record.lastUsedAt = Date.now();
      await db
        .update(accessTokens)
        .set({ lastUsedAt: new Date() })
        .where(eq(accessTokens.id, record.tokenId));
    }
    return record.viewer;
  };
}

export async function endSession(db: DbOrTx, token: string) {
  await db.delete(sessions).where(eq(sessions.id, sha256(token)));
}
