import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { declaredRoutesOf } from "../../platform/http/access";
import { buildUser } from "../../seed/factories";
import { addMember } from "./membership/service";
import { agendaItems, meetings } from "./agenda/schema";
import { posts, topics } from "./discussions/schema";
import { buildCommunity, trustedMember } from "./test-factories";

const isCommunitiesRoute = (url: string) =>
  /^(\/api\/v1)?\/(communities|community-|agenda|notifications|people)/.test(url);

describe.each(DATABASES)("communities routes' access on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  /** A private community with a member, a lead, a topic, a post, a meeting and an agenda item. */
  async function privateWorld() {
    const c = await buildCommunity(t.db, { visibility: "private", joinPolicy: "request" });
    const lead = await trustedMember(t.db, c.id, { role: "lead" });
    const member = await trustedMember(t.db, c.id);
    const [topic] = await t.db.select().from(topics).where(eq(topics.authorId, member.id));
    const [post] = await t.db.select().from(posts).where(eq(posts.topicId, topic!.id));
    const [meeting] = await t.db
      .insert(meetings)
      .values({
        communityId: c.id,
        title: "Planning",
        startsAt: new Date(Date.now() + 7 * 86400_000),
        timeZone: "America/Chicago",
        durationMinutes: 60,
        createdBy: lead.id,
      })
      .returning();
    const [item] = await t.db
      .insert(agendaItems)
      .values({ communityId: c.id, title: "Screening" })
      .returning();
    return { c, lead, member, topic: topic!, post: post!, meeting: meeting!, item: item! };
  }

  it("declares who may call every communities route", () => {
    const declared = declaredRoutesOf(t.app).filter((r) => isCommunitiesRoute(r.url));
    expect(declared.length).toBeGreaterThanOrEqual(90);
    // A private community's content is read only through the policy's community.read, which hides it (404).
    const reads = declared.filter(
      (r) => typeof r.access === "object" && r.access.action === "community.read",
    );
    expect(reads.length).toBeGreaterThanOrEqual(15);
    for (const r of reads)
      expect(typeof r.access === "object" && r.access.refuse, `${r.method} ${r.url}`).toBe(404);
  });

  it("answers 404 to outsiders and signed-out visitors on every route that names a private community's rows", async () => {
    const w = await privateWorld();
    const s = w.c.slug;
    const pages = [
      `/communities/${s}`,
      `/communities/${s}/topics/${w.topic.id}`,
      `/communities/posts/${w.post.id}`,
      `/communities/posts/${w.post.id}/history`,
      `/communities/posts/${w.post.id}/flag`,
      `/communities/${s}/agenda`,
      `/communities/${s}/meetings/${w.meeting.id}`,
      `/communities/${s}/calendar.ics`,
      `/communities/${s}/reach`,
      `/communities/${s}/topics/new`,
      `/communities/${s}/moderation`,
      `/communities/${s}/agenda/${w.item.id}`,
    ];
    const forms = [
      `/communities/${s}/join`,
      `/communities/${s}/watch`,
      `/communities/${s}/topics/${w.topic.id}/replies`,
      `/communities/${s}/topics/${w.topic.id}/watch`,
      `/communities/posts/${w.post.id}/like`,
      `/communities/posts/${w.post.id}/flag`,
      `/communities/posts/${w.post.id}/edit`,
      `/communities/${s}/meetings/${w.meeting.id}/rsvp`,
    ];
    const api: [string, string, unknown?][] = [
      ["GET", `/api/v1/communities/${s}`],
      ["GET", `/api/v1/communities/${s}/topics`],
      ["GET", `/api/v1/community-topics/${w.topic.id}`],
      ["GET", `/api/v1/community-posts/${w.post.id}/revisions`],
      ["GET", `/api/v1/communities/${s}/meetings`],
      ["GET", `/api/v1/communities/${s}/agenda`],
      ["POST", `/api/v1/communities/${s}/join`, {}],
      ["POST", `/api/v1/community-topics/${w.topic.id}/posts`, { body: "Let me in" }],
      ["PUT", `/api/v1/community-posts/${w.post.id}/like`],
      ["POST", `/api/v1/community-posts/${w.post.id}/flags`, { reason: "Spam here" }],
      ["PUT", `/api/v1/communities/${s}/meetings/${w.meeting.id}/rsvp`, { response: "yes" }],
    ];
    const outsider = await signedInClient(t, (await buildUser(t.db)).id);
    for (const client of [outsider, new TestClient(t.app)]) {
      for (const url of pages) expect((await client.get(url)).statusCode, url).toBe(404);
      for (const url of forms)
        expect((await client.postForm(url, { body: "x", reason: "Spam here" })).statusCode, url).toBe(404);
      for (const [method, url, body] of api)
        expect((await client.json(method as "GET", url, body)).statusCode, `${method} ${url}`).toBe(404);
    }
    // The member reads all of it; only the lead tools stay hidden from them.
    const member = await signedInClient(t, w.member.id);
    for (const url of pages.slice(0, 10)) expect((await member.get(url)).statusCode, url).toBeLessThan(400);
    for (const url of pages.slice(10)) expect((await member.get(url)).statusCode, url).toBe(404);
    const lead = await signedInClient(t, w.lead.id);
    for (const url of pages) expect((await lead.get(url)).statusCode, url).toBeLessThan(400);
  });

  it("takes a private community away from a member who leaves, and sends signed-out visitors of a public one to sign in", async () => {
    const w = await privateWorld();
    const member = await signedInClient(t, w.member.id);
    expect((await member.get(`/communities/${w.c.slug}/topics/${w.topic.id}`)).statusCode).toBe(200);
    expect((await member.postForm(`/communities/${w.c.slug}/leave`, {})).statusCode).toBe(303);
    expect((await member.get(`/communities/${w.c.slug}/topics/${w.topic.id}`)).statusCode).toBe(404);
    expect((await member.json("GET", `/api/v1/community-posts/${w.post.id}/revisions`)).statusCode).toBe(404);

    const open = await buildCommunity(t.db);
    const anonymous = new TestClient(t.app);
    expect((await anonymous.get(`/communities/${open.slug}`)).statusCode).toBe(200);
    const join = await anonymous.postForm(`/communities/${open.slug}/join`, {});
    expect(join.statusCode).toBe(303);
    expect(join.headers.location).toMatch(/^\/sign-in\?next=/);
    expect((await anonymous.json("POST", `/api/v1/communities/${open.slug}/join`, {})).statusCode).toBe(401);
    // A person's own rows need only a session.
    expect((await anonymous.json("GET", "/api/v1/notifications")).statusCode).toBe(401);
    const someone = await buildUser(t.db);
    await addMember(t.db, open.id, someone.id);
    expect(
      (await (await signedInClient(t, someone.id)).json("GET", "/api/v1/notifications")).statusCode,
    ).toBe(200);
  });
});
