import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "../../test/support/app";
import { queryRows } from "../../src/platform/db/client";
import { generateCommunitiesBenchData } from "./communities-data";
import { MANY_MATCHES, RECENT_CANDIDATES } from "../../src/domains/communities/search/service";

describe.each(DATABASES)("communities bench data on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("builds a small dataset of the national shape that the pages and search can read", async () => {
    const handles = await generateCommunitiesBenchData(t.db, {
      members: 60,
      communities: 12,
      posts: 600,
      longTopicReplies: 120,
      notificationsPerMember: 5,
    });
    const [counts] = await queryRows<{
      users: number;
      communities: number;
      posts: number;
      members: number;
      notes: number;
    }>(
      t.db,
      sql`select (select count(*)::int from users where email like 'bench-%') as users,
                 (select count(*)::int from communities where slug like 'bench-%') as communities,
                 (select count(*)::int from community_posts) as posts,
                 (select count(*)::int from community_members) as members,
                 (select count(*)::int from community_notifications) as notes`,
    );
    expect(counts).toEqual({
      users: 60,
      communities: 12,
      posts: 720,
      members: expect.any(Number),
      notes: 300,
    });
    expect(counts!.members).toBeGreaterThanOrEqual(60);
    const anon = new TestClient(t.app);
    expect((await anon.get(`/communities/${handles.sampleCommunitySlug}`)).statusCode).toBe(200);
    const topic = (await anon.json("GET", `/api/v1/community-topics/${handles.longTopicId}?page=2`)).json();
    expect(topic.pages).toBeGreaterThanOrEqual(3);
    const common = (await anon.json("GET", "/api/v1/community-search?q=screening")).json();
    expect(common.total).toBeGreaterThan(0);
    expect(common.limited).toBe(false);
    const busy = await signedInClient(t, handles.busyMemberId);
    expect((await busy.json("GET", "/api/v1/notifications")).json().unread).toBe(5);
  });

  it("ranks only the most recent matches of a word found in very many posts, and says so", async () => {
    // Every generated post says "Post <n>: …"; 2,400 more posts make "post" a very common word.
    await generateCommunitiesBenchData(t.db, {
      members: 60,
      communities: 12,
      posts: MANY_MATCHES + 400,
      longTopicReplies: 10,
      notificationsPerMember: 1,
    });
    const anon = new TestClient(t.app);
    const common = (await anon.json("GET", "/api/v1/community-search?q=post")).json();
    expect(common.limited).toBe(true);
    expect(common.total).toBeGreaterThan(RECENT_CANDIDATES - 100);
    expect(common.total).toBeLessThanOrEqual(RECENT_CANDIDATES);
    const page = await anon.get("/communities/search?q=post");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("only the most recent matches");
  });
});
