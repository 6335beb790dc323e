import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships } from "../../src/domains/teams/schema";
import { DATABASES, type TestApp } from "./app";
import { type CollectedRoute, startTestAppWithRoutes } from "./routes";
import { changedTables, tableDigests } from "./table-digest";
import { buildWorld, paramsFor, restoreWorld, UnknownRouteParamError, urlFor, type World } from "./world";

describe.each(DATABASES)("the test world on %s", (kind) => {
  let t: TestApp;
  let routes: CollectedRoute[];
  let w: World;

  beforeAll(async () => {
    ({ t, routes } = await startTestAppWithRoutes(kind));
    w = await buildWorld(t);
  });
  afterAll(() => t?.close());

  it("fills every parameter of every registered route, and refuses one it does not know", () => {
    const unknown: string[] = [];
    for (const route of routes) {
      try {
        const url = urlFor(route, w);
        expect(url, route.url).not.toMatch(/:[A-Za-z]/);
      } catch (error) {
        if (!(error instanceof UnknownRouteParamError)) throw error;
        unknown.push(`${route.method} ${route.url}`);
      }
    }
    expect(unknown).toEqual([]);
    expect(() => paramsFor({ url: "/widgets/:widgetId" }, w)).toThrow(UnknownRouteParamError);
  });

  it("signs every role in, except the disabled user, who is refused", async () => {
    for (const [role, client] of Object.entries(w.clients)) {
      const res = await client.json("GET", "/api/v1/me");
      expect(res.statusCode, role).toBe(role === "anonymous" || role === "disabledUser" ? 401 : 200);
    }
  });

  it("puts back what a request changed", async () => {
    await t.db.delete(memberships).where(eq(memberships.userId, w.users.leadA.id));
    await t.db.execute(sql`update communities set name_en = 'Changed' where id = ${w.privateCommunity.id}`);
    const restored = await restoreWorld(w);
    expect(restored).toEqual(expect.arrayContaining(["memberships", "communities"]));
    const now = await tableDigests(t.db);
    expect(changedTables(w.snapshot.digests, now).filter((name) => name !== "audit_log")).toEqual([]);
    const res = await w.clients.leadA.get(`/organisations/${w.schoolA.id}/team`);
    expect(res.statusCode).toBe(200);
  });
});
