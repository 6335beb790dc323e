import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { queryRows } from "../../platform/db/client";
import { generateCommunitiesBenchData } from "./bench-data";

describe.each(DATABASES)("communities bench data on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("builds a small dataset of the national shape that the pages and search can read", async () => {
    const handles = await generateCommunitiesBenchData(t.db, { members: 60, communities: 12, posts: 600, longTopicReplies: 120, notificationsPerMember: 5 });
    const [counts] = await queryRows<{ users: number; communities: number; posts: number; members: number; notes: number }>(
      t.db,
      sql`select (select count(*)::int from users where email like 'bench-%') as users,
                 (select count(*)::int from communities where slug like 'bench-%') as communities,
                 (select count(*)::int from community_posts) as posts,
                 (select count(*)::int from community_members) as members,
                 (select count(*)::int from community_notifications) as notes`,
    );
    expect(counts).toEqual({ users: 60, communities: 12, posts: 720, members: expect.any(Number), notes: 300 });
    expect(counts!.members).toBeGreaterThanOrEqual(60);
    const anon = new TestClient(t.app);
    expect((await anon.get(`/communities/${handles.sampleCommunitySlug}`)).statusCode).toBe(200);
    const topic = (await anon.json("GET", `/api/v1/community-topics/${handles.longTopicId}?page=2`)).json();
    expect(topic.pages).toBeGreaterThanOrEqual(3);
    expect((await anon.json("GET", "/api/v1/community-search?q=screening")).json().total).toBeGreaterThan(0);
    const busy = await signedInClient(t, handles.busyMemberId);
    expect((await busy.json("GET", "/api/v1/notifications")).json().unread).toBe(5);
  });
});
