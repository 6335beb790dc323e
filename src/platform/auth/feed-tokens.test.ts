import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, openTestDatabase } from "../../../test/support/app";
import { migrationSets } from "../../migration-sets";
import { buildUser } from "../../seed/factories";
import { auditLog } from "../audit/schema";
import type { Database } from "../db/client";
import { applyMigrations } from "../db/migrate";
import {
  FEED_TOKEN_PATTERN,
  feedTokenOwner,
  issueFeedToken,
  listFeedTokens,
  revokeAllFeedTokens,
  revokeFeedToken,
} from "./feed-tokens";
import { feedTokens, users } from "./schema";
import { sha256 } from "./tokens";

describe.each(DATABASES)("feed tokens on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = (await openTestDatabase(kind)).database;
    await applyMigrations(database, migrationSets);
  });
  afterAll(() => database?.close());

  it("issues a token that stands for its person, stored only as a hash, and audited", async () => {
    const db = database.db;
    const person = await buildUser(db);
    const { token, id } = await issueFeedToken(db, person.id, "calendar");
    expect(token).toMatch(new RegExp(FEED_TOKEN_PATTERN));
    expect(await feedTokenOwner(db, token)).toEqual({ userId: person.id });
    const [row] = await db.select().from(feedTokens).where(eq(feedTokens.id, id));
    expect(row?.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
    const listed = await listFeedTokens(db, person.id);
    expect(listed.map((f) => f.id)).toEqual([id]);
    expect(listed[0]?.prefix).toBe(token.slice(0, 10));
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, "account.feed_token_created")));
    expect(audit).toHaveLength(1);
    expect(await feedTokenOwner(db, `${token}0`)).toBeNull();
    expect(await feedTokenOwner(db, "cal-")).toBeNull();
  });

  it("a revoked token stops working; only its owner can revoke it", async () => {
    const db = database.db;
    const person = await buildUser(db);
    const stranger = await buildUser(db);
    const { token, id } = await issueFeedToken(db, person.id, "calendar");
    expect(await revokeFeedToken(db, stranger.id, id)).toBe(false);
    expect(await feedTokenOwner(db, token)).toEqual({ userId: person.id });
    expect(await revokeFeedToken(db, person.id, id)).toBe(true);
    expect(await revokeFeedToken(db, person.id, id)).toBe(false);
    expect(await revokeFeedToken(db, person.id, "not-a-uuid")).toBe(false);
    expect(await feedTokenOwner(db, token)).toBeNull();
    expect(await listFeedTokens(db, person.id)).toEqual([]);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, "account.feed_token_revoked")));
    expect(audit).toHaveLength(1);
  });

  it("revoking all stops every link of the person and no one else's", async () => {
    const db = database.db;
    const person = await buildUser(db);
    const other = await buildUser(db);
    const first = await issueFeedToken(db, person.id, "calendar");
    const second = await issueFeedToken(db, person.id, "calendar");
    const theirs = await issueFeedToken(db, other.id, "calendar");
    expect(await revokeAllFeedTokens(db, person.id)).toBe(2);
    expect(await feedTokenOwner(db, first.token)).toBeNull();
    expect(await feedTokenOwner(db, second.token)).toBeNull();
    expect(await feedTokenOwner(db, theirs.token)).toEqual({ userId: other.id });
    expect(await revokeAllFeedTokens(db, person.id)).toBe(0);
  });

  it("a disabled account's links stop working, and work again if it is enabled", async () => {
    const db = database.db;
    const person = await buildUser(db);
    const { token } = await issueFeedToken(db, person.id, "calendar");
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, person.id));
    expect(await feedTokenOwner(db, token)).toBeNull();
    await db.update(users).set({ disabledAt: null }).where(eq(users.id, person.id));
    expect(await feedTokenOwner(db, token)).toEqual({ userId: person.id });
  });
});
