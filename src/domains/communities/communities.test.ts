import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { queryRows } from "../../platform/db/client";
import { outbox } from "../../platform/email/schema";
import { buildUser } from "../../seed/factories";
import { communities, communityMembers } from "./schema";
import { topics } from "./discussions/schema";
import { addMember } from "./membership/service";
import { buildCommunity, trustedMember } from "./test-factories";

const count = async (db: TestApp["db"], table: string) =>
  (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;

describe.each(DATABASES)("communities on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("lists communities with filters and shows a community page with leads and member counts", async () => {
    const c = await buildCommunity(t.db, { stateCode: "VT", kind: "state_coalition", topics: ["equity"] });
    const lead = await buildUser(t.db, { stakeholderRole: "family_member", name: "Lena Lead" });
    await addMember(t.db, c.id, lead.id, "lead");
    const anon = new TestClient(t.app);
    const list = await anon.get("/communities?kind=state_coalition&state=VT&topic=equity&level=");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(c.nameEn);
    const other = await anon.get("/communities?state=AK");
    expect(other.body).not.toContain(c.nameEn);
    const page = await anon.get(`/communities/${c.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Lena Lead");
    expect(page.body).toContain("Family members");
    const practice = await anon.get("/communities/families-in-partnership");
    expect(practice.statusCode).toBe(200);
    const es = await anon.get(`/communities/${c.slug}`, { "accept-language": "es" });
    expect(es.body).toContain(c.nameEs);
  });

  it("joins an open community in one click and asks to join one by request, which a lead approves", async () => {
    const open = await buildCommunity(t.db);
    const byRequest = await buildCommunity(t.db, { joinPolicy: "request" });
    const lead = await buildUser(t.db);
    await addMember(t.db, byRequest.id, lead.id, "lead");
    const person = await buildUser(t.db);
    const client = await signedInClient(t, person.id);
    await client.get(`/communities/${open.slug}`);
    const joined = await client.postForm(`/communities/${open.slug}/join`, {});
    expect(joined.statusCode).toBe(303);
    const member = await t.db
      .select()
      .from(communityMembers)
      .where(and(eq(communityMembers.communityId, open.id), eq(communityMembers.userId, person.id)));
    expect(member).toHaveLength(1);
    const asked = await client.postForm(`/communities/${byRequest.slug}/join`, {
      message: "Please let me in",
    });
    expect(asked.statusCode).toBe(303);
    expect(
      await t.db.select().from(communityMembers).where(eq(communityMembers.communityId, byRequest.id)),
    ).toHaveLength(1);
    const leadClient = await signedInClient(t, lead.id);
    const requests = await leadClient.get(`/communities/${byRequest.slug}/requests`);
    expect(requests.body).toContain("Please let me in");
    const requestId = requests.body.match(/name="requestId" value="([^"]+)"/)![1]!;
    await leadClient.postForm(`/communities/${byRequest.slug}/requests`, { requestId, decision: "approve" });
    expect(
      await t.db.select().from(communityMembers).where(eq(communityMembers.communityId, byRequest.id)),
    ).toHaveLength(2);
    // The same through the API: a second person asks, the lead lists and declines.
    const second = await buildUser(t.db);
    const secondClient = await signedInClient(t, second.id);
    expect(
      (await secondClient.json("POST", `/api/v1/communities/${byRequest.slug}/join`, {})).json().outcome,
    ).toBe("requested");
    const listed = (
      await leadClient.json("GET", `/api/v1/communities/${byRequest.slug}/join-requests`)
    ).json();
    expect(listed.items.map((r: { userId: string }) => r.userId)).toEqual([second.id]);
    expect(
      (await secondClient.json("GET", `/api/v1/communities/${byRequest.slug}/join-requests`)).statusCode,
    ).toBe(404);
    await leadClient.json("POST", `/api/v1/communities/${byRequest.slug}/join-requests/decisions`, {
      requestId: listed.items[0].id,
      decision: "decline",
    });
    expect(
      await t.db.select().from(communityMembers).where(eq(communityMembers.communityId, byRequest.id)),
    ).toHaveLength(2);
    // A non-lead cannot see the requests page at all.
    expect((await client.get(`/communities/${open.slug}/requests`)).statusCode).toBe(404);
    // Leaving
    await client.postForm(`/communities/${open.slug}/leave`, {});
    expect(
      await t.db.select().from(communityMembers).where(eq(communityMembers.communityId, open.id)),
    ).toHaveLength(0);
  });

  it("asks people to confirm their email before joining", async () => {
    const c = await buildCommunity(t.db);
    const unverified = await buildUser(t.db, { verified: false });
    const client = await signedInClient(t, unverified.id);
    const page = await client.get(`/communities/${c.slug}`);
    expect(page.body).toContain("Confirm your email address");
    expect((await client.postForm(`/communities/${c.slug}/join`, {})).statusCode).toBe(403);
    expect(
      await t.db.select().from(communityMembers).where(eq(communityMembers.communityId, c.id)),
    ).toHaveLength(0);
  });

  it("invites by email and the invitation makes the invitee a lead", async () => {
    const c = await buildCommunity(t.db, { joinPolicy: "invite" });
    const lead = await buildUser(t.db);
    await addMember(t.db, c.id, lead.id, "lead");
    const invitee = await buildUser(t.db);
    const leadClient = await signedInClient(t, lead.id);
    await leadClient.get(`/communities/${c.slug}/invite`);
    const sent = await leadClient.postForm(`/communities/${c.slug}/invite`, {
      email: invitee.email,
      role: "lead",
    });
    expect(sent.statusCode).toBe(303);
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.to, invitee.email.toLowerCase()));
    const token = mail!.text.match(/\/communities\/invitations\/([A-Za-z0-9_-]+)/)![1]!;
    const client = await signedInClient(t, invitee.id);
    expect((await client.get(`/communities/invitations/${token}`)).statusCode).toBe(200);
    await client.postForm(`/communities/invitations/${token}`, {});
    const [m] = await t.db
      .select()
      .from(communityMembers)
      .where(and(eq(communityMembers.communityId, c.id), eq(communityMembers.userId, invitee.id)));
    expect(m?.role).toBe("lead");
    // Through the API: a second invitation, accepted once; the used link is refused after.
    const other = await buildUser(t.db);
    await leadClient.json("POST", `/api/v1/communities/${c.slug}/invitations`, {
      email: other.email,
      role: "member",
    });
    const [mail2] = await t.db.select().from(outbox).where(eq(outbox.to, other.email.toLowerCase()));
    const token2 = mail2!.text.match(/\/communities\/invitations\/([A-Za-z0-9_-]+)/)![1]!;
    const otherClient = await signedInClient(t, other.id);
    expect(
      (await otherClient.json("POST", `/api/v1/community-invitations/${token2}/acceptance`)).json().slug,
    ).toBe(c.slug);
    expect(
      (await otherClient.json("POST", `/api/v1/community-invitations/${token2}/acceptance`)).statusCode,
    ).toBe(404);
  });

  it("keeps a private community invisible to non-members: list, page, topic, search and API", async () => {
    const c = await buildCommunity(t.db, { visibility: "private", nameEn: "Secret circle zebra" });
    const member = await trustedMember(t.db, c.id);
    const memberClient = await signedInClient(t, member.id);
    await memberClient.get(`/communities/${c.slug}/topics/new`);
    await memberClient.postForm(`/communities/${c.slug}/topics/new`, {
      title: "Confidential planning",
      body: "The xylophonist budget",
    });
    const [topic] = await t.db
      .select()
      .from(topics)
      .where(and(eq(topics.communityId, c.id), eq(topics.title, "Confidential planning")));
    const outsider = await signedInClient(t, (await buildUser(t.db)).id);
    for (const client of [outsider, new TestClient(t.app)]) {
      expect((await client.get("/communities")).body).not.toContain("Secret circle zebra");
      expect((await client.get(`/communities/${c.slug}`)).statusCode).toBe(404);
      expect((await client.get(`/communities/${c.slug}/topics/${topic!.id}`)).statusCode).toBe(404);
      const search = await client.get("/communities/search?q=xylophonist");
      expect(search.body).not.toContain("Confidential planning");
      expect((await client.json("GET", `/api/v1/communities/${c.slug}`)).statusCode).toBe(404);
      expect((await client.json("GET", `/api/v1/community-topics/${topic!.id}`)).statusCode).toBe(404);
      const apiList = (await client.json("GET", "/api/v1/communities?q=zebra")).json();
      expect(apiList.items).toHaveLength(0);
      expect((await client.json("GET", "/api/v1/community-search?q=xylophonist")).json().total).toBe(0);
    }
    // The member finds it everywhere.
    expect((await memberClient.get("/communities")).body).toContain("Secret circle zebra");
    const found = await memberClient.get("/communities/search?q=xylophonist");
    expect(found.body).toContain("Confidential planning");
    expect(found.body).toContain("<mark>xylophonist</mark>");
  });
  it("lets national admins create communities by form and API; others cannot", async () => {
    const admin = await buildUser(t.db, { systemRole: "admin" });
    const client = await signedInClient(t, admin.id);
    await client.get("/communities/new");
    const slug = `ohio-network-${Date.now().toString(36)}`;
    const made = await client.postForm("/communities/new", {
      slug,
      kind: "state_coalition",
      level: "state",
      stateCode: "OH",
      nameEn: "Ohio network",
      nameEs: "Red de Ohio",
      purposeEn: "Working together in Ohio.",
      purposeEs: "Trabajar juntos en Ohio.",
      visibility: "public",
      joinPolicy: "request",
      topics: ["funding", "policy"],
    });
    expect(made.statusCode).toBe(303);
    const [row] = await t.db.select().from(communities).where(eq(communities.slug, slug));
    expect(row?.topics).toEqual(["funding", "policy"]);
    await client.get("/communities/new");
    const taken = await client.postForm("/communities/new", {
      slug,
      kind: "state_cop",
      level: "state",
      nameEn: "x",
      nameEs: "x",
      purposeEn: "x",
      purposeEs: "x",
      visibility: "public",
      joinPolicy: "open",
    });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain("taken or reserved");
    const reserved = await client.json("POST", "/api/v1/communities", {
      slug: "search",
      kind: "state_cop",
      level: "state",
      nameEn: "x",
      nameEs: "x",
      purposeEn: "x",
      purposeEs: "x",
    });
    expect(reserved.statusCode).toBe(409);
    const plain = await signedInClient(t, (await buildUser(t.db)).id);
    expect((await plain.get("/communities/new")).statusCode).toBe(404);
    expect(
      (
        await plain.json("POST", "/api/v1/communities", {
          slug: "mine-mine",
          kind: "state_cop",
          level: "state",
          nameEn: "x",
          nameEs: "x",
          purposeEn: "x",
          purposeEs: "x",
        })
      ).statusCode,
    ).toBe(403);
  });

  it("rejects bad input with 400 and writes nothing", async () => {
    const c = await buildCommunity(t.db);
    const author = await trustedMember(t.db, c.id);
    const client = await signedInClient(t, author.id);
    const before = await count(t.db, "community_topics");
    const postsBefore = await count(t.db, "community_posts");
    await client.get(`/communities/${c.slug}/topics/new`);
    const form = await client.postForm(`/communities/${c.slug}/topics/new`, { title: "", body: "x" });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain("There is a problem");
    const bad = await client.json("POST", `/api/v1/communities/${c.slug}/topics`, {
      title: "ok title",
      body: "bad \u0000 null",
    });
    expect(bad.statusCode).toBe(400);
    const missing = await client.json("POST", `/api/v1/communities/${c.slug}/topics`, { title: "no body" });
    expect(missing.statusCode).toBe(400);
    // The access rule looks the topic up before the params are validated: an id that is not an id names nothing.
    const badId = await client.json("GET", "/api/v1/community-topics/not-a-uuid");
    expect(badId.statusCode).toBe(404);
    const badSearch = await client.json("GET", "/api/v1/community-search?q=x&from=2026-13-45");
    expect(badSearch.statusCode).toBe(400);
    const badFilter = await client.json("GET", "/api/v1/communities?kind=nonsense");
    expect(badFilter.statusCode).toBe(400);
    // The filters are a form: a value it cannot take is shown beside the field.
    const badPageFilter = await client.get("/communities?kind=nonsense");
    expect(badPageFilter.statusCode).toBe(400);
    expect(badPageFilter.body).toContain("There is a problem");
    expect((await client.get("/communities/search?q=a&from=yesterday")).statusCode).toBe(400);
    expect(await count(t.db, "community_topics")).toBe(before);
    expect(await count(t.db, "community_posts")).toBe(postsBefore);
  });
});
