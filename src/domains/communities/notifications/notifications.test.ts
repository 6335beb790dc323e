import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  TestClient,
} from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { outbox } from "../../../platform/email/schema";
import { buildUser } from "../../../seed/factories";
import { addMember } from "../membership/service";
import { unsubscribeToken } from "./service";
import { ensureProfile } from "../people/service";
import { memberProfiles } from "../schema";
import { buildCommunity, trustedMember } from "../test-factories";

describe.each(DATABASES)("notification emails on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("emails immediately with a one-click unsubscribe link that works without signing in", async () => {
    const c = await buildCommunity(t.db);
    const author = await trustedMember(t.db, c.id);
    const follower = await buildUser(t.db);
    await addMember(t.db, c.id, follower.id);
    const handle = await ensureProfile(t.db, follower.id);
    await t.db
      .update(memberProfiles)
      .set({ emailFrequency: "immediately" })
      .where(eq(memberProfiles.userId, follower.id));
    const client = await signedInClient(t, author.id);
    await client.json("POST", `/api/v1/communities/${c.slug}/topics`, {
      title: "Funding ideas",
      body: `@${handle} have a look`,
    });
    await t.runJobs();
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.to, follower.email));
    expect(mail?.subject).toContain("Funding ideas");
    const headers = JSON.parse(mail!.headers!);
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const link = headers["List-Unsubscribe"].slice(1, -1) as string;
    expect(mail!.text).toContain(link);
    const path = new URL(link).pathname;
    const anon = new TestClient(t.app);
    expect((await anon.get(path)).statusCode).toBe(200);
    const done = await anon.request({
      method: "POST",
      url: path,
      payload: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(done.statusCode).toBe(200);
    const [profile] = await t.db.select().from(memberProfiles).where(eq(memberProfiles.userId, follower.id));
    expect(profile!.emailFrequency).toBe("never");
    // A forged token does nothing.
    const forged = unsubscribeToken("not-the-secret-at-all-not-the-secret", author.id);
    const oneClick = {
      payload: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    };
    expect(
      (await anon.request({ method: "POST", url: `/communities/unsubscribe/${forged}`, ...oneClick }))
        .statusCode,
    ).toBe(404);
  });

  it("sends daily digests to people who chose them", async () => {
    const c = await buildCommunity(t.db);
    const author = await trustedMember(t.db, c.id);
    const reader = await buildUser(t.db);
    await addMember(t.db, c.id, reader.id);
    const handle = await ensureProfile(t.db, reader.id);
    const second = await buildUser(t.db);
    await addMember(t.db, c.id, second.id);
    const secondHandle = await ensureProfile(t.db, second.id);
    await t.db
      .update(memberProfiles)
      .set({ emailFrequency: "weekly" })
      .where(eq(memberProfiles.userId, second.id));
    const client = await signedInClient(t, author.id);
    await client.json("POST", `/api/v1/communities/${c.slug}/topics`, {
      title: "Digest me",
      body: `@${handle} @${secondHandle} one`,
    });
    await client.json("POST", `/api/v1/communities/${c.slug}/topics`, {
      title: "And me",
      body: `@${handle} two`,
    });
    const { sendDigests } = await import("./service");
    // Batches of one person exercise the paging through people.
    expect(await sendDigests(t.db, "daily", 1)).toBeGreaterThanOrEqual(1);
    expect(await sendDigests(t.db, "weekly", 1)).toBe(1);
    const [weekly] = await t.db.select().from(outbox).where(eq(outbox.to, second.email));
    expect(weekly?.subject).toContain("this week");
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.to, reader.email));
    expect(mail?.subject).toContain("notifications today");
    expect(mail?.text).toContain("Digest me");
    expect(mail?.text).toContain("And me");
    expect(mail?.subject).toContain("2 new notifications");
    expect(await sendDigests(t.db, "daily")).toBe(0);
    // The digest job sends and queues exactly one next run.
    const { notificationJobs } = await import("./service");
    const queued = async () =>
      (
        await queryRows<{ n: number }>(
          t.db,
          sql`select count(*)::int as n from jobs where kind = 'communities.digest' and status = 'queued'`,
        )
      )[0]!.n;
    await notificationJobs["communities.digest"]!({ frequency: "weekly" }, { db: t.db });
    await notificationJobs["communities.digest"]!({ frequency: "weekly" }, { db: t.db });
    expect(await queued()).toBe(1);
  });
});
