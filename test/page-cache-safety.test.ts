import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { communities, communityMembers } from "../src/domains/communities/schema";
import { organisations } from "../src/domains/directory/schema";
import { posts, topics } from "../src/domains/communities/discussions/schema";
import { buildCommunity, trustedMember } from "../src/domains/communities/test-factories";
import { users } from "../src/platform/auth/schema";
import { buildDistrictWithSchools, buildOrganisation, buildUser } from "../src/seed/factories";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "./support/app";

/*
 * Cached pages never show one person another's page, and never outlive a change of access.
 * Each case first proves the page is served from the cache (the same HTML twice, though every
 * rendering signs its forms with fresh tokens), then changes something and reads again.
 */

const csrfTokens = (html: string) =>
  new Set([...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]));
const whoIsSignedIn = (html: string) => html.match(/class="smh-utility__who">([^<]*)</)?.[1] ?? null;

/** Reads a page twice and checks the second came from the cache (identical, forms included). */
async function cachedRead(client: TestClient, url: string) {
  const first = await client.get(url);
  expect(first.statusCode, url).toBe(200);
  const second = await client.get(url);
  expect(second.statusCode, url).toBe(200);
  expect(second.body, `${url} should be served from the cache`).toBe(first.body);
  return second.body;
}

describe.each(DATABASES)("cached pages on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  /** A community with two trusted members (each with a topic of two posts) and a lead. */
  async function community(visibility: "public" | "private" = "public") {
    const c = await buildCommunity(t.db, { visibility });
    const ana = await trustedMember(t.db, c.id, { name: `Ana ${c.slug}` });
    const ben = await trustedMember(t.db, c.id, { name: `Ben ${c.slug}` });
    const lead = await trustedMember(t.db, c.id, { name: `Lee ${c.slug}`, role: "lead" });
    const [topic] = await t.db.select().from(topics).where(eq(topics.authorId, ana.id));
    // Ben replies in Ana's topic, so both have a post on one page.
    const [benPost] = await t.db
      .insert(posts)
      .values({
        topicId: topic!.id,
        communityId: c.id,
        authorId: ben.id,
        bodyMarkdown: "b",
        bodyHtml: "<p>b</p>",
      })
      .returning();
    const [anaPost] = await t.db.select().from(posts).where(eq(posts.authorId, ana.id)).limit(1);
    const topicUrl = `/communities/${c.slug}/topics/${topic!.id}`;
    return { c, ana, ben, lead, topic: topic!, topicUrl, anaPost: anaPost!, benPost: benPost! };
  }

  it("shows each member their own page of a shared topic, and signed-out visitors a signed-out one", async () => {
    const w = await community();
    const ana = await signedInClient(t, w.ana.id);
    const ben = await signedInClient(t, w.ben.id);
    const anon = new TestClient(t.app);
    const editLink = (postId: string) => `/communities/posts/${postId}/edit`;

    for (const url of [w.topicUrl, `/communities/${w.c.slug}`, "/communities", "/notifications"]) {
      // Interleaved, so each reads after the other's copy is cached.
      const anaPage = await cachedRead(ana, url);
      const benPage = await cachedRead(ben, url);
      expect(whoIsSignedIn(anaPage), url).toBe(w.ana.name);
      expect(whoIsSignedIn(benPage), url).toBe(w.ben.name);
      const shared = [...csrfTokens(anaPage)].filter((token) => csrfTokens(benPage).has(token));
      expect(shared, url).toEqual([]);
      if (url === w.topicUrl) {
        expect(anaPage).toContain(editLink(w.anaPost.id));
        expect(anaPage).not.toContain(editLink(w.benPost.id));
        expect(benPage).toContain(editLink(w.benPost.id));
        expect(benPage).not.toContain(editLink(w.anaPost.id));
      }
      if (url === "/notifications") continue;
      const anonPage = await cachedRead(anon, url);
      expect(whoIsSignedIn(anonPage), url).toBeNull();
      expect(csrfTokens(anonPage).size, url).toBe(0);
      expect(anonPage).not.toContain("/edit");
      // And a signed-in person after the signed-out copy is cached still gets their own.
      expect(whoIsSignedIn((await ana.get(url)).body), url).toBe(w.ana.name);
    }
  });

  it("shares a topic's posts between readers but not what each one liked or has waiting", async () => {
    const w = await community();
    const [ana, lee] = [await signedInClient(t, w.ana.id), await signedInClient(t, w.lead.id)];
    await cachedRead(lee, w.topicUrl);
    await ana.get(w.topicUrl);
    expect(
      (await ana.postForm(`/communities/posts/${w.benPost.id}/like`, { liked: "true" })).statusCode,
    ).toBe(303);
    const likeForm = (html: string) =>
      html.match(
        new RegExp(`action="/communities/posts/${w.benPost.id}/like"[\\s\\S]*?name="liked" value="([a-z]+)"`),
      )?.[1];
    expect(likeForm(await cachedRead(ana, w.topicUrl))).toBe("false");
    expect(likeForm(await cachedRead(lee, w.topicUrl))).toBe("true");
    // A post waiting for approval shows to its author and the leads only.
    const newcomer = await buildUser(t.db, { name: `Newcomer ${w.c.slug}` });
    await t.db.insert(communityMembers).values({ communityId: w.c.id, userId: newcomer.id });
    await t.db.insert(posts).values({
      topicId: w.topic.id,
      communityId: w.c.id,
      authorId: newcomer.id,
      bodyMarkdown: "waiting words",
      bodyHtml: "<p>waiting words</p>",
      status: "pending",
    });
    const author = await signedInClient(t, newcomer.id);
    expect(await cachedRead(author, w.topicUrl)).toContain("waiting words");
    expect(await cachedRead(ana, w.topicUrl)).not.toContain("waiting words");
    expect(await cachedRead(lee, w.topicUrl)).toContain("waiting words");
  });

  it("shares a community's topic list between readers but not their unread markers or waiting topics", async () => {
    const w = await community();
    const [ana, ben, lee] = [
      await signedInClient(t, w.ana.id),
      await signedInClient(t, w.ben.id),
      await signedInClient(t, w.lead.id),
    ];
    const page = `/communities/${w.c.slug}`;
    const rowOf = (html: string, topicId: string) => {
      const at = html.indexOf(`/topics/${topicId}"`);
      return at < 0 ? null : html.slice(at, html.indexOf("</tr>", at));
    };
    expect(rowOf(await cachedRead(ben, page), w.topic.id)).toContain(">Unread<");
    expect(rowOf(await cachedRead(ana, page), w.topic.id)).toContain(">Unread<");
    // Ana reads the topic: her list marks it read, Ben's (drawn from the same shared list) does not.
    expect((await ana.get(w.topicUrl)).statusCode).toBe(200);
    expect(rowOf(await cachedRead(ana, page), w.topic.id)).not.toContain(">Unread<");
    expect(rowOf(await cachedRead(ben, page), w.topic.id)).toContain(">Unread<");
    // A topic waiting for approval is listed for its author and the leads only.
    await cachedRead(lee, page);
    const newcomer = await buildUser(t.db, { name: `Newcomer ${w.c.slug}` });
    await t.db.insert(communityMembers).values({ communityId: w.c.id, userId: newcomer.id });
    const title = `Waiting topic ${w.c.slug}`;
    await t.db
      .insert(topics)
      .values({ communityId: w.c.id, authorId: newcomer.id, title, status: "pending" });
    const author = await signedInClient(t, newcomer.id);
    expect(await cachedRead(author, page)).toContain(title);
    expect(await cachedRead(ana, page)).not.toContain(title);
    expect(await cachedRead(lee, page)).toContain(title);
    expect(await cachedRead(ben, page)).not.toContain(title);
  });

  it("keeps each session's forms signed for that session's CSRF secret", async () => {
    const w = await community();
    const ana = await signedInClient(t, w.ana.id);
    const page = await cachedRead(ana, w.topicUrl);
    ana.csrfToken = [...csrfTokens(page)][0]!;
    const liked = await ana.postForm(`/communities/posts/${w.benPost.id}/like`, { liked: "true" });
    expect(liked.statusCode).toBe(303);
  });

  it("shows a member who leaves a private community a 404 on the next request", async () => {
    const w = await community("private");
    const ana = await signedInClient(t, w.ana.id);
    await cachedRead(ana, w.topicUrl);
    await cachedRead(ana, `/communities/${w.c.slug}`);
    const left = await ana.postForm(`/communities/${w.c.slug}/leave`, {});
    expect(left.statusCode).toBe(303);
    expect((await ana.get(w.topicUrl)).statusCode).toBe(404);
    expect((await ana.get(`/communities/${w.c.slug}`)).statusCode).toBe(404);
  });

  it("shows a member a lead removes a 404 on their next request", async () => {
    const w = await community("private");
    const ben = await signedInClient(t, w.ben.id);
    const lead = await signedInClient(t, w.lead.id);
    await cachedRead(ben, w.topicUrl);
    await lead.get(`/communities/${w.c.slug}/members/${w.ben.id}/remove`);
    const removed = await lead.postForm(`/communities/${w.c.slug}/members/${w.ben.id}/remove`, {
      reason: "Left the district",
    });
    expect(removed.statusCode).toBe(303);
    expect((await ben.get(w.topicUrl)).statusCode).toBe(404);
  });

  it("hides a community made private from signed-out visitors and non-members at once", async () => {
    const w = await community("public");
    const anon = new TestClient(t.app);
    const outsider = await signedInClient(t, (await buildUser(t.db)).id);
    const ana = await signedInClient(t, w.ana.id);
    for (const client of [anon, outsider, ana]) {
      await cachedRead(client, w.topicUrl);
      await cachedRead(client, `/communities/${w.c.slug}`);
    }
    await t.db.update(communities).set({ visibility: "private" }).where(eq(communities.id, w.c.id));
    for (const client of [anon, outsider]) {
      expect((await client.get(w.topicUrl)).statusCode).toBe(404);
      expect((await client.get(`/communities/${w.c.slug}`)).statusCode).toBe(404);
      expect((await client.get("/communities")).body).not.toContain(w.c.nameEn);
    }
    expect((await ana.get(w.topicUrl)).statusCode).toBe(200);
  });

  it("drops a lead's tools from cached pages when they are made a plain member", async () => {
    const w = await community("public");
    const lead = await signedInClient(t, w.lead.id);
    const tools = `/communities/${w.c.slug}/moderation`;
    expect(await cachedRead(lead, `/communities/${w.c.slug}`)).toContain(tools);
    await t.db.update(communityMembers).set({ role: "member" }).where(eq(communityMembers.userId, w.lead.id));
    const after = await lead.get(`/communities/${w.c.slug}`);
    expect(after.statusCode).toBe(200);
    expect(after.body).not.toContain(tools);
  });

  it("stops serving a disabled person's cached pages on their next request", async () => {
    const w = await community("private");
    const ana = await signedInClient(t, w.ana.id);
    await cachedRead(ana, w.topicUrl);
    await cachedRead(ana, "/notifications");
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, w.ana.id));
    expect((await ana.get(w.topicUrl)).statusCode).toBe(404);
    const notices = await ana.get("/notifications");
    expect(notices.statusCode).toBe(303);
    expect(notices.headers.location).toContain("/sign-in");
  });

  it("never serves a signed-in page to a session that signed out", async () => {
    const w = await community("public");
    const ana = await signedInClient(t, w.ana.id);
    const before = await cachedRead(ana, w.topicUrl);
    expect(whoIsSignedIn(before)).toBe(w.ana.name);
    const cookie = [...ana.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    expect((await ana.postForm("/sign-out", {})).statusCode).toBe(303);
    // The old cookies again, as a browser that kept them would send.
    const replay = await t.app.inject({ url: w.topicUrl, headers: { cookie } });
    expect(replay.statusCode).toBe(200);
    expect(whoIsSignedIn(replay.body)).toBeNull();
    expect(replay.body).not.toContain(`/communities/posts/${w.anaPost.id}/edit`);
  });

  it("shows a new or renamed school on cached directory pages at once", async () => {
    const { district } = await buildDistrictWithSchools(t.db, "VT", 1);
    const anon = new TestClient(t.app);
    const page = `/organisations/${district.id}`;
    await cachedRead(anon, page);
    const added = await buildOrganisation(t.db, {
      kind: "school",
      parent: district,
      stateCode: "VT",
      name: `Newly Listed School ${district.id.slice(0, 8)}`,
    });
    expect((await anon.get(page)).body).toContain(added.name);
    await cachedRead(anon, page);
    await t.db
      .update(organisations)
      .set({ name: `${added.name} Renamed` })
      .where(eq(organisations.id, added.id));
    expect((await anon.get(page)).body).toContain(`${added.name} Renamed`);
  });

  it("never keeps a page with a flash message, or one answered with another status", async () => {
    const w = await community("public");
    const ana = await signedInClient(t, w.ana.id);
    await ana.get(w.topicUrl);
    const replied = await ana.postForm(`${w.topicUrl}/replies`, { body: "Thanks for this" });
    expect(replied.statusCode).toBe(303);
    const withFlash = await ana.get(w.topicUrl);
    expect(withFlash.body).toContain("usa-alert");
    const afterFlash = await ana.get(w.topicUrl);
    expect(afterFlash.body).not.toContain("usa-alert--success");
    expect((await ana.get(`${w.topicUrl}?page=99`)).statusCode).toBe(404);
    expect((await ana.get(`${w.topicUrl}?page=99`)).statusCode).toBe(404);
  });
});
