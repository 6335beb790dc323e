import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { accessTokens, emailTokens, sessions, users } from "../../platform/auth/schema";
import { randomToken, sha256 } from "../../platform/auth/tokens";
import type { FeedTokenItem } from "../../platform/auth/feed-tokens";
import type { DbOrTx } from "../../platform/db/client";

export type EmailTokenPurpose = "verify_email" | "reset_password" | "change_email";
export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return row;
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** Inserts the user unless the address is taken (case-insensitively); returns undefined then. */
export async function insertUserIfNew(
  db: DbOrTx,
  values: typeof users.$inferInsert,
): Promise<UserRow | undefined> {
  const [row] = await db.insert(users).values(values).onConflictDoNothing().returning();
  return row;
}

/**
 * Makes a new single-use link token. Earlier unused tokens for the same purpose stop working,
 * so only the newest email's link is live.
 */
export async function issueEmailToken(
  db: DbOrTx,
  userId: string,
  purpose: EmailTokenPurpose,
  ttlMs: number,
  newEmail?: string,
): Promise<string> {
  await db
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
  const token = randomToken();
  await db
    .insert(emailTokens)
    .values({ id: sha256(token), userId, purpose, newEmail, expiresAt: new Date(Date.now() + ttlMs) });
  return token;
}

/** A live change-of-address link: whose account, and the address it moves to. Not used up. */
export async function liveEmailChange(
  db: DbOrTx,
  token: string,
): Promise<{ user: UserRow; newEmail: string } | undefined> {
  const [row] = await db
    .select({ user: users, newEmail: emailTokens.newEmail })
    .from(emailTokens)
    .innerJoin(users, eq(users.id, emailTokens.userId))
    .where(
      and(
        eq(emailTokens.id, sha256(token)),
        eq(emailTokens.purpose, "change_email"),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, sql`now()`),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  return row?.newEmail ? { user: row.user, newEmail: row.newEmail } : undefined;
}

/** Uses a change-of-address link up in one statement; returns the account and the new address. */
export async function consumeEmailChange(
  db: DbOrTx,
  token: string,
): Promise<{ userId: string; newEmail: string } | undefined> {
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(emailTokens.id, sha256(token)),
        eq(emailTokens.purpose, "change_email"),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: emailTokens.userId, newEmail: emailTokens.newEmail });
  return row?.newEmail ? { userId: row.userId, newEmail: row.newEmail } : undefined;
}

/** Stops the unused emailed links of the user (of one purpose, or all). Returns how many. */
export async function retireEmailTokensOf(
  db: DbOrTx,
  userId: string,
  purpose?: EmailTokenPurpose,
): Promise<number> {
  const rows = await db
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(emailTokens.userId, userId),
        isNull(emailTokens.usedAt),
        purpose ? eq(emailTokens.purpose, purpose) : undefined,
      ),
    )
    .returning({ id: emailTokens.id });
  return rows.length;
}

/** Whether another account already uses the address (case-insensitively). */
export async function emailTakenByOther(db: DbOrTx, email: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`, ne(users.id, userId)))
    .limit(1);
  return !!row;
}

/** The user a live (unused, unexpired) token belongs to, without using it up. */
export async function userForLiveEmailToken(
  db: DbOrTx,
  token: string,
  purpose: EmailTokenPurpose,
): Promise<UserRow | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(emailTokens)
    .innerJoin(users, eq(users.id, emailTokens.userId))
    .where(
      and(
        eq(emailTokens.id, sha256(token)),
        eq(emailTokens.purpose, purpose),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, sql`now()`),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  return row?.user;
}

/** Whether a token (used or not) belongs to an account whose address is already confirmed. */
export async function tokenOwnerIsVerified(db: DbOrTx, token: string): Promise<boolean> {
  const [row] = await db
    .select({ verifiedAt: users.emailVerifiedAt })
    .from(emailTokens)
    .innerJoin(users, eq(users.id, emailTokens.userId))
    .where(and(eq(emailTokens.id, sha256(token)), eq(emailTokens.purpose, "verify_email")))
    .limit(1);
  return !!row?.verifiedAt;
}

/** Uses a token up in one statement, so two clicks racing each other cannot both succeed. */
export async function consumeEmailToken(
  db: DbOrTx,
  token: string,
  purpose: EmailTokenPurpose,
): Promise<string | null> {
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(emailTokens.id, sha256(token)),
        eq(emailTokens.purpose, purpose),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: emailTokens.userId });
  return row?.userId ?? null;
}

export async function listSessionsOf(db: DbOrTx, userId: string) {
  return db
    .select({
      id: sessions.id,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.lastSeenAt));
}

export async function deleteSession(db: DbOrTx, userId: string, sessionId: string): Promise<boolean> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Ends every session of the user except `keepSessionId` (when given). Returns how many ended. */
export async function deleteSessionsOf(
  db: DbOrTx,
  userId: string,
  keepSessionId?: string | null,
): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepSessionId ? ne(sessions.id, keepSessionId) : undefined))
    .returning({ id: sessions.id });
  return rows.length;
}

export async function listActiveTokensOf(db: DbOrTx, userId: string) {
  return db
    .select({
      id: accessTokens.id,
      name: accessTokens.name,
      prefix: accessTokens.prefix,
      createdAt: accessTokens.createdAt,
      lastUsedAt: accessTokens.lastUsedAt,
    })
    .from(accessTokens)
    .where(and(eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)))
    .orderBy(desc(accessTokens.createdAt));
}

export async function insertAccessToken(db: DbOrTx, values: typeof accessTokens.$inferInsert) {
  const [row] = await db.insert(accessTokens).values(values).returning({
    id: accessTokens.id,
    name: accessTokens.name,
    prefix: accessTokens.prefix,
    createdAt: accessTokens.createdAt,
    lastUsedAt: accessTokens.lastUsedAt,
  });
  return row!;
}

export async function revokeAccessTokenOf(db: DbOrTx, userId: string, tokenId: string) {
  const [row] = await db
    .update(accessTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(accessTokens.id, tokenId), eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)))
    .returning({ id: accessTokens.id, name: accessTokens.name, prefix: accessTokens.prefix });
  return row;
}

/** A session, feed link or token as JSON carries it: times as text. */
type JsonTimes<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};
const toDate = (value: string) => new Date(value);
const toDateOrNull = (value: string | null) => (value ? new Date(value) : null);

/**
 * The account page's own rows in one statement (a page miss pays per statement): the person,
 * their live sessions (most recently seen first), how many access tokens they hold, and their
 * feed links (newest first) — what `listSessionsOf`, `listActiveTokensOf` and `listFeedTokens` read.
 */
export async function findAccountRows(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({
      user: users,
      sessions: sql<JsonTimes<SessionListItem>[]>`coalesce((
        select json_agg(json_build_object('id', s.id, 'userAgent', s.user_agent, 'createdAt', s.created_at,
          'lastSeenAt', s.last_seen_at, 'expiresAt', s.expires_at) order by s.last_seen_at desc)
        from sessions s where s.user_id = ${userId} and s.expires_at > now()), '[]'::json)`,
      tokenCount: sql<number>`(select count(*)::int from access_tokens a
        where a.user_id = ${userId} and a.revoked_at is null)`,
      feeds: sql<JsonTimes<FeedTokenItem>[]>`coalesce((
        select json_agg(json_build_object('id', f.id, 'purpose', f.purpose, 'prefix', f.prefix,
          'createdAt', f.created_at, 'lastUsedAt', f.last_used_at) order by f.created_at desc, f.id desc)
        from feed_tokens f where f.user_id = ${userId} and f.revoked_at is null), '[]'::json)`,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!row) return undefined;
  return {
    user: row.user,
    sessions: row.sessions.map((s) => ({
      ...s,
      createdAt: toDate(s.createdAt),
      lastSeenAt: toDate(s.lastSeenAt),
      expiresAt: toDate(s.expiresAt),
    })),
    tokenCount: Number(row.tokenCount),
    feeds: row.feeds.map((f) => ({
      ...f,
      createdAt: toDate(f.createdAt),
      lastUsedAt: toDateOrNull(f.lastUsedAt),
    })),
  };
}

type SessionListItem = Awaited<ReturnType<typeof listSessionsOf>>[number];
