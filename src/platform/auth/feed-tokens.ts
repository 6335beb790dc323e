import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { recordAudit } from "../audit";
import type { DbOrTx } from "../db/client";
import { feedTokens, users } from "./schema";
import { sha256 } from "./tokens";

/**
 * Personal feed links (a person's calendar of meetings): a random token in the URL stands for
 * the person, because calendar apps cannot sign in. Unlike a signature of the user id, a token
 * can be listed, revoked one by one, revoked all at once ("sign out everywhere"), and stops
 * working when the account is disabled. Only its SHA-256 is stored; the link is shown once.
 */
export type FeedPurpose = "calendar";

const PREFIXES: Record<FeedPurpose, string> = { calendar: "cal-" };
/** What a feed token looks like (letters, digits and a dash: safe in any URL path segment). */
export const FEED_TOKEN_PATTERN = "^cal-[0-9a-f]{64}$";
/** How many characters of a token are kept to tell links apart. */
const SHOWN_PREFIX_LENGTH = 10;
// Calendar apps poll every few minutes to hours; "last used" need not be more exact than this.
const TOUCH_AFTER_MS = 5 * 60 * 1000;

export interface FeedTokenItem {
  id: string;
  purpose: FeedPurpose;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** Makes a new feed link for the person. The token is returned here only. */
export async function issueFeedToken(
  db: DbOrTx,
  userId: string,
  purpose: FeedPurpose,
): Promise<{ token: string; id: string }> {
  const token = `${PREFIXES[purpose]}${randomBytes(32).toString("hex")}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(feedTokens)
      .values({ userId, purpose, tokenHash: sha256(token), prefix: token.slice(0, SHOWN_PREFIX_LENGTH) })
      .returning({ id: feedTokens.id, prefix: feedTokens.prefix });
    await recordAudit(tx, {
      actorId: userId,
      action: "account.feed_token_created",
      entityType: "feed_token",
      entityId: row!.id,
      after: { purpose, prefix: row!.prefix },
    });
    return { token, id: row!.id };
  });
}

/**
 * The person a feed token stands for: null when the token is unknown, revoked, of another
 * purpose, or its account is disabled. The caller still checks what that person may see now.
 */
export async function feedTokenOwner(
  db: DbOrTx,
  token: string,
  purpose: FeedPurpose = "calendar",
): Promise<{ userId: string } | null> {
  if (typeof token !== "string" || token.length > 200) return null;
  const [row] = await db
    .select({ id: feedTokens.id, userId: feedTokens.userId, lastUsedAt: feedTokens.lastUsedAt })
    .from(feedTokens)
    .innerJoin(users, eq(users.id, feedTokens.userId))
    .where(
      and(
        eq(feedTokens.tokenHash, sha256(token)),
        eq(feedTokens.purpose, purpose),
        isNull(feedTokens.revokedAt),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_AFTER_MS) {
    const stale = new Date(Date.now() - TOUCH_AFTER_MS);
    await db
      .update(feedTokens)
      .set({ lastUsedAt: new Date() })
      .where(
        and(eq(feedTokens.id, row.id), or(isNull(feedTokens.lastUsedAt), lt(feedTokens.lastUsedAt, stale))),
      );
  }
  return { userId: row.userId };
}

/** The person's working feed links, newest first (never the tokens themselves). */
export function listFeedTokens(db: DbOrTx, userId: string): Promise<FeedTokenItem[]> {
  return db
    .select({
      id: feedTokens.id,
      purpose: feedTokens.purpose,
      prefix: feedTokens.prefix,
      createdAt: feedTokens.createdAt,
      lastUsedAt: feedTokens.lastUsedAt,
    })
    .from(feedTokens)
    .where(and(eq(feedTokens.userId, userId), isNull(feedTokens.revokedAt)))
    .orderBy(desc(feedTokens.createdAt), desc(feedTokens.id));
}

/** Revokes one of the person's feed links. False when it is not theirs or already revoked. */
export async function revokeFeedToken(db: DbOrTx, userId: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return false;
  return db.transaction(async (tx) => {
    const rows = await revokeWhere(tx, and(eq(feedTokens.userId, userId), eq(feedTokens.id, id)));
    await auditRevoked(tx, userId, rows, "one");
    return rows.length > 0;
  });
}

/** Revokes every feed link of the person (signing out everywhere). Returns how many. */
export async function revokeAllFeedTokens(db: DbOrTx, userId: string): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await revokeWhere(tx, eq(feedTokens.userId, userId));
    await auditRevoked(tx, userId, rows, "all");
    return rows.length;
  });
}

function revokeWhere(tx: DbOrTx, condition: ReturnType<typeof and>) {
  return tx
    .update(feedTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(condition, isNull(feedTokens.revokedAt)))
    .returning({ id: feedTokens.id, purpose: feedTokens.purpose, prefix: feedTokens.prefix });
}

async function auditRevoked(
  tx: DbOrTx,
  userId: string,
  rows: { id: string; purpose: FeedPurpose; prefix: string }[],
  scope: "one" | "all",
) {
  await recordAudit(
    tx,
    rows.map((row) => ({
      actorId: userId,
      action: "account.feed_token_revoked",
      entityType: "feed_token",
      entityId: row.id,
      before: { purpose: row.purpose, prefix: row.prefix },
      after: { revoked: scope },
    })),
  );
}
