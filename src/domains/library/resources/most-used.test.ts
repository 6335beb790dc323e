import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { buildUser } from "../../../seed/factories";
import { getNation } from "../../directory/service";
import { reportMonths } from "../reach/counting";
import { refreshReachSummary } from "../reach/summary";
import { generateResources } from "./generate";
import { searchResources } from "./repo";

/*
 * The "most used" order of library search: by each resource's investigations over the report's
 * window as the last roll-up summed them, newest first among equals; use outside the window
 * does not count.
 */
describe.each(DATABASES)("library search by most used on %s", (kind) => {
  let t: TestApp;
  let nationId = "";
  const used: { slug: string; investigations: number }[] = [
    { slug: "bench-used-7", investigations: 50 },
    { slug: "bench-used-3", investigations: 30 },
    { slug: "bench-used-12", investigations: 10 },
  ];
  beforeAll(async () => {
    t = await startTestApp(kind);
    nationId = (await getNation(t.db))!.id;
    await generateResources(t.db, 40, (await buildUser(t.db)).id, "used");
    const months = reportMonths(new Date());
    const inWindow = `${months.at(-1)}-01`;
    const beforeWindow = `${Number(months[0]!.slice(0, 4)) - 1}${months[0]!.slice(4)}-01`;
    const count = async (slug: string, month: string, n: number) =>
      t.db.execute(sql`insert into reach_monthly (resource_id, month, total_investigations, unique_investigations, total_requests, unique_requests)
        select id, ${month}::date, ${n}, ${n}, 0, 0 from library_resources where slug = ${slug}`);
    for (const u of used) await count(u.slug, inWindow, u.investigations);
    // Heavy use before the window: must not lift this resource above the others.
    await count("bench-used-20", beforeWindow, 1000);
    await refreshReachSummary(t.db);
  }, 120_000);
  afterAll(() => t?.close());

  it("orders by investigations in the window, then newest first", async () => {
    const published = await queryRows<{ slug: string }>(
      t.db,
      sql`select slug from library_resources where status = 'published' and slug = any(${`{${used.map((u) => u.slug).join(",")}}`}::text[])`,
    );
    const expected = used.filter((u) => published.some((p) => p.slug === u.slug)).map((u) => u.slug);
    expect(expected.length).toBeGreaterThan(0);
    const { items, total } = await searchResources(t.db, null, nationId, { sort: "most_used" });
    expect(items.slice(0, expected.length).map((r) => r.slug)).toEqual(expected);
    const rest = items.slice(expected.length);
    expect(rest.map((r) => r.slug)).not.toContain("bench-used-20");
    const times = rest.map((r) => r.publishedAt!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(total).toBeGreaterThan(items.length - 1);
    const page = await t.app.inject({ method: "GET", url: "/library?sort=most_used" });
    expect(page.statusCode).toBe(200);
    const positions = expected.map((slug) => page.body.indexOf(`/library/${slug}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
