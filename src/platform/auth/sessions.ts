import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import type { Viewer } from "../ui/context";
import { accessTokens, sessions, users } from "./schema";
import { randomToken, sha256 } from "./tokens";

export const SESSION_COOKIE = "smh_session";
export const SESSION_DAYS = 14;
// Refresh last_seen at most this often, so reading pages does not write on every request.
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

export async function viewerForSession(db: DbOrTx, token: string): Promise<SessionViewer | null> {
  const id = sha256(token);
  const [row] = await db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
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
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, id));
  }
  const { lastSeenAt: _ignored, ...viewer } = row;
  return viewer;
}

export async function viewerForAccessToken(db: DbOrTx, token: string): Promise<Viewer | null> {
  const [row] = await db
    .select({ tokenId: accessTokens.id, id: users.id, name: users.name, email: users.email, systemRole: users.systemRole })
    .from(accessTokens)
    .innerJoin(users, eq(users.id, accessTokens.userId))
    .where(and(eq(accessTokens.tokenHash, sha256(token)), isNull(accessTokens.revokedAt), isNull(users.disabledAt)))
    .limit(1);
  if (!row) return null;
  await db.update(accessTokens).set({ lastUsedAt: new Date() }).where(eq(accessTokens.id, row.tokenId));
  const { tokenId: _ignored, ...viewer } = row;
  return viewer;
}

export async function endSession(db: DbOrTx, token: string) {
  await db.delete(sessions).where(eq(sessions.id, sha256(token)));
}
