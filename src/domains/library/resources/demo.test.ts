import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp, TestClient } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";

describe.each(DATABASES)("library demo resources on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { SEED_DEMO: "true" });
  }, 300_000);
  afterAll(() => t?.close());

  it("has about forty resources across types, languages and shelves, marked as demo", async () => {
    const [counts] = await queryRows<{
      n: number;
      es: number;
      types: number;
      groups: number;
      review: number;
      only: number;
      v2: number;
    }>(
      t.db,
      sql`select count(*)::int as n, count(*) filter (where language = 'es')::int as es,
            count(distinct type)::int as types, count(distinct community_id)::int as groups,
            count(*) filter (where status = 'in_review')::int as review,
            count(*) filter (where community_only)::int as only,
            count(*) filter (where current_version = 2)::int as v2
          from library_resources`,
    );
    expect(counts!.n).toBeGreaterThanOrEqual(40);
    expect(counts!.es).toBeGreaterThanOrEqual(10);
    expect(counts!.types).toBe(7);
    expect(counts!.groups).toBeGreaterThanOrEqual(10);
    expect(counts).toMatchObject({ review: 1, only: 1, v2: 1 });
    const visitor = new TestClient(t.app);
    const page = await visitor.get("/library/universal-mental-health-screening-an-implementation-guide");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Demo data");
    expect(page.body).toContain("Added a section on screening in middle and high schools.");
    expect((await visitor.get("/library/family-partner-meeting-notes-template")).statusCode).toBe(303);
    const guidance = await visitor.get("/library?domain=screening");
    expect(guidance.body).toContain("Universal mental health screening");
  });
});
