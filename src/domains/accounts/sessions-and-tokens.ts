import {
  type FeedTokenItem,
  issueFeedToken,
  listFeedTokens,
  revokeAllFeedTokens,
  revokeFeedToken,
} from "../../platform/auth/feed-tokens";
import { randomToken, sha256 } from "../../platform/auth/tokens";
import { recordAudit } from "../../platform/audit";
import type { Db } from "../../platform/db/client";
import * as repo from "./repo";

export const ACCESS_TOKEN_PREFIX = "smh_pat_";

// --- Sessions -------------------------------------------------------------------------------

export async function listSessions(db: Db, userId: string, currentSessionToken: string | null) {
  return markCurrentSession(await repo.listSessionsOf(db, userId), currentSessionToken);
}

/** Flags the session the request came in on, so the page can say "this device". */
export function markCurrentSession<S extends { id: string }>(rows: S[], currentSessionToken: string | null) {
  const currentId = currentSessionToken ? sha256(currentSessionToken) : null;
  return rows.map((s) => ({ ...s, current: s.id === currentId }));
}

export function presentSession(s: Awaited<ReturnType<typeof listSessions>>[number]) {
  return {
    id: s.id,
    userAgent: s.userAgent,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    current: s.current,
  };
}

export function endOneSession(db: Db, userId: string, sessionId: string) {
  return repo.deleteSession(db, userId, sessionId);
}

/**
 * Signs the person out everywhere but here: every other session ends and every calendar link
 * is revoked (a lost phone or a shared computer may hold either).
 */
export async function endOtherSessions(db: Db, userId: string, currentSessionToken: string | null) {
  return db.transaction(async (tx) => {
    const sessionsEnded = await repo.deleteSessionsOf(
      tx,
      userId,
      currentSessionToken ? sha256(currentSessionToken) : null,
    );
    const feedLinksRevoked = await revokeAllFeedTokens(tx, userId);
    return { sessionsEnded, feedLinksRevoked };
  });
}

// --- Calendar links -------------------------------------------------------------------------

/** Where a personal calendar feed is served (by the communities domain). */
export const calendarFeedUrl = (publicUrl: string, token: string) =>
  `${publicUrl}/communities/calendar/${token}.ics`;

export function listFeedLinks(db: Db, userId: string) {
  return listFeedTokens(db, userId);
}

export function presentFeedLink(f: FeedTokenItem) {
  return {
    id: f.id,
    purpose: f.purpose,
    prefix: f.prefix,
    createdAt: f.createdAt.toISOString(),
    lastUsedAt: f.lastUsedAt ? f.lastUsedAt.toISOString() : null,
  };
}

/** Makes a new calendar link; its address is returned here once. */
export async function createFeedLink(db: Db, userId: string, publicUrl: string) {
  const { token, id } = await issueFeedToken(db, userId, "calendar");
  const [created] = (await listFeedTokens(db, userId)).filter((f) => f.id === id);
  return { ...created!, url: calendarFeedUrl(publicUrl, token) };
}

export function revokeFeedLink(db: Db, userId: string, id: string) {
  return revokeFeedToken(db, userId, id);
}

// --- Personal access tokens -----------------------------------------------------------------

export function listAccessTokens(db: Db, userId: string) {
  return repo.listActiveTokensOf(db, userId);
}

export function presentToken(t: Awaited<ReturnType<typeof repo.listActiveTokensOf>>[number]) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt ? t.lastUsedAt.toISOString() : null,
  };
}

/** Creates a token. The secret is returned here once; only its SHA-256 is stored. */
export async function createAccessToken(db: Db, userId: string, name: string) {
  const secret = `${ACCESS_TOKEN_PREFIX}${randomToken(32)}`;
  return db.transaction(async (tx) => {
    const row = await repo.insertAccessToken(tx, {
      userId,
      name,
      tokenHash: sha256(secret),
      prefix: secret.slice(0, ACCESS_TOKEN_PREFIX.length + 4),
    });
    await recordAudit(tx, {
      actorId: userId,
      action: "account.token_created",
      entityType: "access_token",
      entityId: row.id,
      after: { name, prefix: row.prefix },
    });
    return { ...row, secret };
  });
}

export async function revokeAccessToken(db: Db, userId: string, tokenId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const row = await repo.revokeAccessTokenOf(tx, userId, tokenId);
    if (!row) return false;
    await recordAudit(tx, {
      actorId: userId,
      action: "account.token_revoked",
      entityType: "access_token",
      entityId: row.id,
      before: { name: row.name, prefix: row.prefix },
    });
    return true;
  });
}
