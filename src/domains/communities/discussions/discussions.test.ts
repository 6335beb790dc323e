import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  TestClient,
} from "../../../../test/support/app";
import { notifications, posts, topics } from "./schema";
import { addMember } from "../membership/service";
import { ensureProfile } from "../people/service";
import { buildCommunity, trustedMember } from "../test-factories";

describe.each(DATABASES)("discussions on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("pages a topic with 500 replies, 50 per page, and sends a post link to its page", async () => {
    const c = await buildCommunity(t.db);
    const author = await trustedMember(t.db, c.id);
    const [topic] = await t.db
      .insert(topics)
      .values({ communityId: c.id, authorId: author.id, title: "Long thread", replyCount: 500 })
      .returning();
    await t.db.execute(
      sql`insert into community_posts (topic_id, community_id, author_id, body_markdown, body_html, created_at)
          select ${topic!.id}, ${c.id}, ${author.id}, 'Reply number ' || i, '<p>Reply number ' || i || '</p>',
                 now() - interval '1 day' + i * interval '1 second'
          from generate_series(1, 501) as i`,
    );
    const anon = new TestClient(t.app);
    const api = (await anon.json("GET", `/api/v1/community-topics/${topic!.id}?page=11`)).json();
    expect(api.pages).toBe(11);
    expect(api.totalPosts).toBe(501);
    expect(api.posts).toHaveLength(1);
    expect(api.posts[0].bodyMarkdown).toBe("Reply number 501");
    const page10 = await anon.get(`/communities/${c.slug}/topics/${topic!.id}?page=10`);
    expect(page10.statusCode).toBe(200);
    expect(page10.body).toContain("Reply number 451");
    expect(page10.body).toContain("Reply number 500");
    expect(page10.body).not.toContain("Reply number 450<");
    expect((await anon.get(`/communities/${c.slug}/topics/${topic!.id}?page=12`)).statusCode).toBe(404);
    const [target] = await t.db
      .select()
      .from(posts)
      .where(and(eq(posts.topicId, topic!.id), eq(posts.bodyMarkdown, "Reply number 120")));
    const jump = await anon.get(`/communities/posts/${target!.id}`);
    expect(jump.headers.location).toBe(
      `/communities/${c.slug}/topics/${topic!.id}?page=3#post-${target!.id}`,
    );
  });

  it("lets leads pin, close and move topics, and keeps the old address working", async () => {
    const from = await buildCommunity(t.db);
    const to = await buildCommunity(t.db);
    const lead = await trustedMember(t.db, from.id, { role: "lead" });
    await addMember(t.db, to.id, lead.id, "lead");
    const member = await trustedMember(t.db, from.id);
    const memberClient = await signedInClient(t, member.id);
    const created = (
      await memberClient.json("POST", `/api/v1/communities/${from.slug}/topics`, {
        title: "Needs a home",
        body: "Hello",
      })
    ).json();
    expect(
      (await memberClient.json("PATCH", `/api/v1/community-topics/${created.id}`, { pinned: true }))
        .statusCode,
    ).toBe(403);
    const leadClient = await signedInClient(t, lead.id);
    await leadClient.get(`/communities/${from.slug}/topics/${created.id}`);
    await leadClient.postForm(`/communities/${from.slug}/topics/${created.id}/lead`, { pinned: "true" });
    await leadClient.postForm(`/communities/${from.slug}/topics/${created.id}/lead`, { closed: "true" });
    let [row] = await t.db.select().from(topics).where(eq(topics.id, created.id));
    expect(row!.pinned).toBe(true);
    expect(row!.closed).toBe(true);
    const closedReply = await memberClient.json("POST", `/api/v1/community-topics/${created.id}/posts`, {
      body: "Late reply",
    });
    expect(closedReply.statusCode).toBe(409);
    await leadClient.postForm(`/communities/${from.slug}/topics/${created.id}/lead`, {
      moveToCommunityId: to.id,
    });
    [row] = await t.db.select().from(topics).where(eq(topics.id, created.id));
    expect(row!.communityId).toBe(to.id);
    const old = await memberClient.get(`/communities/${from.slug}/topics/${created.id}`);
    // The member is not in the new community, which is public: the old link still leads there.
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe(`/communities/${to.slug}/topics/${created.id}`);
  });

  it("likes once per person, and muting a topic silences replies but not mentions", async () => {
    const c = await buildCommunity(t.db);
    const a = await trustedMember(t.db, c.id);
    const b = await trustedMember(t.db, c.id);
    const aClient = await signedInClient(t, a.id);
    const bClient = await signedInClient(t, b.id);
    const topic = (
      await aClient.json("POST", `/api/v1/communities/${c.slug}/topics`, { title: "Like me", body: "Please" })
    ).json();
    for (let i = 0; i < 2; i++)
      expect((await bClient.json("PUT", `/api/v1/community-posts/${topic.postId}/like`)).statusCode).toBe(
        200,
      );
    let [post] = await t.db.select().from(posts).where(eq(posts.id, topic.postId));
    expect(post!.likeCount).toBe(1);
    await bClient.json("DELETE", `/api/v1/community-posts/${topic.postId}/like`);
    [post] = await t.db.select().from(posts).where(eq(posts.id, topic.postId));
    expect(post!.likeCount).toBe(0);

    const count = async () =>
      (await t.db.select().from(notifications).where(eq(notifications.userId, a.id))).length;
    await bClient.json("POST", `/api/v1/community-topics/${topic.id}/posts`, { body: "First reply" });
    expect(await count()).toBe(1);
    await aClient.json("PUT", `/api/v1/community-topics/${topic.id}/watch`, { level: "muted" });
    await bClient.json("POST", `/api/v1/community-topics/${topic.id}/posts`, { body: "Second reply" });
    expect(await count()).toBe(1);
    const handle = await ensureProfile(t.db, a.id);
    await bClient.json("POST", `/api/v1/community-topics/${topic.id}/posts`, {
      body: `@${handle} are you there?`,
    });
    expect(await count()).toBe(2);
    // A community watched closely announces every new topic.
    const c2 = await buildCommunity(t.db);
    await addMember(t.db, c2.id, a.id);
    const bTrusted = await trustedMember(t.db, c2.id);
    await aClient.json("PUT", `/api/v1/communities/${c2.slug}/watch`, { watch: "watching" });
    await (await signedInClient(t, bTrusted.id)).json("POST", `/api/v1/communities/${c2.slug}/topics`, {
      title: "Brand new",
      body: "Hi",
    });
    const kinds = (await t.db.select().from(notifications).where(eq(notifications.userId, a.id))).map(
      (x) => x.kind,
    );
    expect(kinds).toContain("new_topic");
  });

  it("marks unread topics and topics new since the last visit", async () => {
    const c = await buildCommunity(t.db);
    const reader = await trustedMember(t.db, c.id);
    const writer = await trustedMember(t.db, c.id);
    const readerClient = await signedInClient(t, reader.id);
    await readerClient.get(`/communities/${c.slug}`);
    // The visit was a while ago.
    await t.db.execute(
      sql`update community_members set last_visit_at = now() - interval '2 hours' where user_id = ${reader.id}`,
    );
    await t.db.execute(
      sql`update community_topics set created_at = now() - interval '3 hours' where community_id = ${c.id}`,
    );
    await (await signedInClient(t, writer.id)).json("POST", `/api/v1/communities/${c.slug}/topics`, {
      title: "Fresh news",
      body: "Hi",
    });
    const page = await readerClient.get(`/communities/${c.slug}`);
    const row = page.body.slice(page.body.indexOf("Fresh news"), page.body.indexOf("Fresh news") + 600);
    expect(row).toContain("New since your last visit");
    const earlier = page.body.slice(page.body.indexOf(">Earlier<"), page.body.indexOf(">Earlier<") + 400);
    expect(earlier).not.toContain("New since your last visit");
    const list = (await readerClient.json("GET", `/api/v1/communities/${c.slug}/topics`)).json();
    const fresh = list.items.find((i: { title: string }) => i.title === "Fresh news");
    expect(fresh.unread).toBe(true);
    await readerClient.get(`/communities/${c.slug}/topics/${fresh.id}`);
    const after = (await readerClient.json("GET", `/api/v1/communities/${c.slug}/topics`)).json();
    expect(after.items.find((i: { title: string }) => i.title === "Fresh news").unread).toBe(false);
  });

  it("searches in English and Spanish with community and date filters", async () => {
    const c1 = await buildCommunity(t.db);
    const c2 = await buildCommunity(t.db);
    const a = await trustedMember(t.db, c1.id);
    await addMember(t.db, c2.id, a.id);
    const client = await signedInClient(t, a.id);
    await client.json("POST", `/api/v1/communities/${c1.slug}/topics`, {
      title: "Counselling",
      body: "Our counselors are screening students every semester.",
    });
    await client.json("POST", `/api/v1/communities/${c2.slug}/topics`, {
      title: "Evaluación",
      body: "Las escuelas comunitarias evalúan a los estudiantes.",
    });
    const en = (await client.json("GET", "/api/v1/community-search?q=screened")).json();
    expect(en.items.map((i: { topicTitle: string }) => i.topicTitle)).toContain("Counselling");
    expect(en.items[0].snippet).toContain("<mark>screening</mark>");
    const es = (await client.json("GET", "/api/v1/community-search?q=escuela")).json();
    expect(es.items.map((i: { topicTitle: string }) => i.topicTitle)).toContain("Evaluación");
    const filtered = (
      await client.json("GET", `/api/v1/community-search?q=escuela&community=${c1.slug}`)
    ).json();
    expect(filtered.total).toBe(0);
    const future = (await client.json("GET", "/api/v1/community-search?q=screened&from=2999-01-01")).json();
    expect(future.total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const ranged = (
      await client.json("GET", `/api/v1/community-search?q=screened&from=${today}&to=${today}`)
    ).json();
    expect(ranged.total).toBeGreaterThanOrEqual(1);
    // A title-only match finds the topic (through its first post).
    await client.json("POST", `/api/v1/communities/${c1.slug}/topics`, {
      title: "Zeppelin budgets",
      body: "Nothing else here.",
    });
    await client.json(
      "POST",
      `/api/v1/community-topics/${(await client.json("GET", `/api/v1/communities/${c1.slug}/topics`)).json().items[0].id}/posts`,
      { body: "A reply" },
    );
    const titled = (await client.json("GET", "/api/v1/community-search?q=zeppelin")).json();
    expect(titled.total).toBe(1);
    expect(titled.items[0].topicTitle).toBe("Zeppelin budgets");
    // A snippet never carries markup from the post itself.
    await client.json("POST", `/api/v1/communities/${c1.slug}/topics`, {
      title: "Markup",
      body: "<b>zanzibar</b> <img src=x onerror=alert(1)>",
    });
    const page = await client.get("/communities/search?q=zanzibar");
    expect(page.body).toContain("<mark>zanzibar</mark>");
    expect(page.body).not.toContain("<img src=x");
  });
});
