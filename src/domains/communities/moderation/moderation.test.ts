import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  TestClient,
} from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { buildUser } from "../../../seed/factories";
import { addMember } from "../membership/service";
import { ensureProfile } from "../people/service";
import { notifications, posts, topics } from "../discussions/schema";
import { buildCommunity, trustedMember } from "../test-factories";

describe.each(DATABASES)("moderation on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("holds a new account's first posts for approval, then notifies the member it mentions", async () => {
    const c = await buildCommunity(t.db);
    const lead = await buildUser(t.db);
    await addMember(t.db, c.id, lead.id, "lead");
    const mentioned = await buildUser(t.db, { name: "Maya Mentioned" });
    await addMember(t.db, c.id, mentioned.id);
    const handle = await ensureProfile(t.db, mentioned.id);
    const newcomer = await buildUser(t.db);
    const client = await signedInClient(t, newcomer.id);
    await client.postForm(`/communities/${c.slug}/join`, {});
    await client.get(`/communities/${c.slug}/topics/new`);
    const created = await client.postForm(`/communities/${c.slug}/topics/new`, {
      title: "Screening in middle schools",
      body: `Hello @${handle}, how do you screen?`,
    });
    expect(created.statusCode).toBe(303);
    const [topic] = await t.db.select().from(topics).where(eq(topics.communityId, c.id));
    expect(topic!.status).toBe("pending");
    expect(
      await t.db.select().from(notifications).where(eq(notifications.userId, mentioned.id)),
    ).toHaveLength(0);
    // Others do not see a waiting topic.
    const anon = new TestClient(t.app);
    expect((await anon.get(`/communities/${c.slug}/topics/${topic!.id}`)).statusCode).toBe(404);
    const leadClient = await signedInClient(t, lead.id);
    const queue = await leadClient.get(`/communities/${c.slug}/moderation`);
    expect(queue.body).toContain("how do you screen?");
    const [post] = await t.db.select().from(posts).where(eq(posts.topicId, topic!.id));
    await leadClient.postForm(`/communities/posts/${post!.id}/moderate`, {
      decision: "approve",
      reason: "Welcome aboard",
    });
    const [note] = await t.db.select().from(notifications).where(eq(notifications.userId, mentioned.id));
    expect(note?.kind).toBe("mention");
    const [approvedNote] = await t.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, newcomer.id));
    expect(approvedNote?.kind).toBe("approval");
    const [published] = await t.db.select().from(posts).where(eq(posts.id, post!.id));
    expect(published!.bodyHtml).toContain(
      `<a href="/people/${handle}" rel="nofollow ugc noopener">@${handle}</a>`,
    );
    expect(note?.params.title).toContain("Screening in middle schools");
    const mentionedClient = await signedInClient(t, mentioned.id);
    const inbox = await mentionedClient.get("/notifications");
    expect(inbox.body).toContain("1 unread");
    expect(inbox.body).toContain("Screening in middle schools");
    // The mentioned member replies; the topic author (following) is notified.
    await mentionedClient.get(`/communities/${c.slug}/topics/${topic!.id}`);
    expect((await mentionedClient.json("GET", "/api/v1/notifications")).json().unread).toBe(0);
    const replied = await mentionedClient.postForm(`/communities/${c.slug}/topics/${topic!.id}/replies`, {
      body: "We use a **universal** screener.",
    });
    expect(replied.statusCode).toBe(303);
    const pending = await t.db
      .select()
      .from(posts)
      .where(and(eq(posts.topicId, topic!.id), eq(posts.authorId, mentioned.id)));
    expect(pending[0]!.status).toBe("pending");
  });

  it("lets anyone flag a post and a lead hide it with a recorded reason", async () => {
    const c = await buildCommunity(t.db);
    const lead = await buildUser(t.db);
    await addMember(t.db, c.id, lead.id, "lead");
    const author = await trustedMember(t.db, c.id);
    const reader = await trustedMember(t.db, c.id);
    const authorClient = await signedInClient(t, author.id);
    await authorClient.get(`/communities/${c.slug}/topics/new`);
    await authorClient.postForm(`/communities/${c.slug}/topics/new`, {
      title: "A heated topic",
      body: "Something rude",
    });
    const [topic] = await t.db
      .select()
      .from(topics)
      .where(and(eq(topics.communityId, c.id), eq(topics.title, "A heated topic")));
    expect(topic!.status).toBe("visible");
    const [post] = await t.db.select().from(posts).where(eq(posts.topicId, topic!.id));
    const readerClient = await signedInClient(t, reader.id);
    await readerClient.get(`/communities/posts/${post!.id}/flag`);
    const flagged = await readerClient.postForm(`/communities/posts/${post!.id}/flag`, {
      reason: "Rude to members",
    });
    expect(flagged.statusCode).toBe(303);
    const leadClient = await signedInClient(t, lead.id);
    const queue = await leadClient.get(`/communities/${c.slug}/moderation`);
    expect(queue.body).toContain("Rude to members");
    await leadClient.postForm(`/communities/posts/${post!.id}/moderate`, {
      decision: "hide",
      reason: "Breaks the code of conduct",
    });
    const [hidden] = await t.db.select().from(posts).where(eq(posts.id, post!.id));
    expect(hidden!.status).toBe("hidden");
    expect(hidden!.moderationReason).toBe("Breaks the code of conduct");
    const audit = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_log where entity_id = ${post!.id}`,
    );
    expect(audit.map((a) => a.action)).toContain("community.post.hide");
    const page = await readerClient.get(`/communities/${c.slug}/topics/${topic!.id}`);
    expect(page.body).not.toContain("Something rude");
    expect(page.body).toContain("hidden by a lead");
  });
});
