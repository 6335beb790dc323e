import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { users } from "../../platform/auth/schema";
import { communities, communityMembers } from "./schema";
import { topics } from "./discussions/schema";

describe.each(DATABASES)("communities demo data on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { SEED_DEMO: "true" });
  });
  afterAll(() => t?.close());

  it("has demo state communities, an improvement network, topics, and groups led by family members and youth", async () => {
    const anon = new TestClient(t.app);
    const list = await anon.get("/communities?kind=state_cop");
    expect(list.body).toContain("Maryland School Mental Health Community of Practice (demo)");
    // The demo CoIIN is private: invisible to visitors.
    expect((await anon.get("/communities/demo-screening-coiin")).statusCode).toBe(404);
    const [network] = await t.db
      .select()
      .from(communities)
      .where(eq(communities.slug, "demo-screening-coiin"));
    expect(network?.kind).toBe("improvement_network");
    const leadsOf = async (slug: string) =>
      t.db
        .select({ role: users.stakeholderRole })
        .from(communityMembers)
        .innerJoin(communities, eq(communities.id, communityMembers.communityId))
        .innerJoin(users, eq(users.id, communityMembers.userId))
        .where(eq(communities.slug, slug))
        .then((rows) => rows);
    const familyLeads = await t.db
      .select({ role: users.stakeholderRole, memberRole: communityMembers.role })
      .from(communityMembers)
      .innerJoin(communities, eq(communities.id, communityMembers.communityId))
      .innerJoin(users, eq(users.id, communityMembers.userId))
      .where(eq(communities.slug, "families-in-partnership"));
    expect(familyLeads.filter((m) => m.memberRole === "lead").map((m) => m.role)).toEqual(["family_member"]);
    const youthLeads = await t.db
      .select({ role: users.stakeholderRole, memberRole: communityMembers.role })
      .from(communityMembers)
      .innerJoin(communities, eq(communities.id, communityMembers.communityId))
      .innerJoin(users, eq(users.id, communityMembers.userId))
      .where(eq(communities.slug, "youth-leadership"));
    expect(youthLeads.filter((m) => m.memberRole === "lead").map((m) => m.role)).toEqual(["youth"]);
    expect((await leadsOf("demo-maryland-cop")).length).toBeGreaterThan(1);
    expect((await t.db.select().from(topics)).length).toBeGreaterThanOrEqual(4);
    const page = await anon.get("/communities/families-in-partnership");
    expect(page.body).toContain("How does your school invite families");
    expect((await anon.get("/agenda")).body).toContain("Family members on every state and district team");
  });
});
