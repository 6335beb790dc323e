import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { countUsage, sessionOf, type UsageEvent, type UsageKind, userOf, type Visitor } from "./counting";
import { bufferedUsage, flushUsage, pendingEventCount, recordUsage, recordUsageAt } from "./recorder";
import { generateUsage } from "./generate";
import { rollUpUsage } from "./rollup";

const BROWSER =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const ROBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)";
const stranger: Visitor = { ip: "203.0.113.77", userAgent: BROWSER };
const ana: Visitor = {
  accountId: randomUUID(),
  sessionId: "ana-session",
  ip: "198.51.100.4",
  userAgent: BROWSER,
};
const withCookie: Visitor = { cookie: "cookie-1", ip: "198.51.100.9", userAgent: BROWSER };
const robot: Visitor = { ip: "192.0.2.1", userAgent: ROBOT };

interface Use {
  visitor: Visitor;
  time: string;
  kind?: UsageKind;
  resource?: "a" | "b";
}

/** The hand-worked morning: double clicks, an hour boundary, a download, three kinds of user, a robot. */
const MORNING: Use[] = [
  { visitor: stranger, time: "10:00:00" },
  { visitor: stranger, time: "10:00:29" }, // a double click: one investigation
  { visitor: stranger, time: "10:20:00" },
  { visitor: stranger, time: "10:20:31" }, // 31 s later: counted again
  { visitor: stranger, time: "10:59:50" }, // a double click across the hour: the 11:00:10 one counts
  { visitor: stranger, time: "11:00:10" },
  { visitor: ana, time: "10:05:00" },
  { visitor: ana, time: "10:05:10", kind: "request" }, // a request, also an investigation
  { visitor: ana, time: "10:40:00", resource: "b" },
  { visitor: withCookie, time: "10:30:00", resource: "b" },
  { visitor: withCookie, time: "10:30:20", kind: "request", resource: "b" },
  { visitor: robot, time: "10:10:00" },
];

describe.each(DATABASES)("recording and rolling up usage on %s", (kind) => {
  let t: TestApp;
  const resources = { a: randomUUID(), b: randomUUID() };
  const at = (time: string) => new Date(`2026-03-05T${time}Z`);
  const targetOf = (use: Use) =>
    `/library/${use.resource ?? "a"}${use.kind === "request" ? "/files/one" : ""}`;

  function record(uses: Use[]) {
    for (const use of uses)
      recordUsageAt(t.db, {
        resourceId: resources[use.resource ?? "a"],
        kind: use.kind ?? "investigation",
        target: targetOf(use),
        at: at(use.time),
        visitor: use.visitor,
      });
  }
  /** The same uses as the pure functions see them (robots never reach them). */
  const asEvents = (uses: Use[]): UsageEvent[] =>
    uses
      .filter((u) => u.visitor !== robot)
      .map((use) => ({
        at: at(use.time),
        resourceId: resources[use.resource ?? "a"],
        kind: use.kind ?? "investigation",
        target: targetOf(use),
        user: userOf(use.visitor),
        session: sessionOf(use.visitor, at(use.time)),
      }));

  async function monthly() {
    const rows = await queryRows<{
      resource_id: string;
      month: string;
      ti: number;
      ui: number;
      tr: number;
      ur: number;
    }>(
      t.db,
      sql`select resource_id, to_char(month, 'YYYY-MM') as month, total_investigations as ti,
                 unique_investigations as ui, total_requests as tr, unique_requests as ur
          from reach_monthly order by resource_id`,
    );
    return new Map(
      rows.map((r) => [
        `${r.resource_id} ${r.month}`,
        { totalInvestigations: r.ti, uniqueInvestigations: r.ui, totalRequests: r.tr, uniqueRequests: r.ur },
      ]),
    );
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
  }, 120_000);
  afterAll(async () => t?.close());
  beforeEach(async () => {
    await flushUsage(t.db);
    await t.db.execute(sql`delete from reach_events`);
    await t.db.execute(sql`delete from reach_monthly`);
  });

  it("counts the hand-worked morning as the COUNTER rules do, in SQL as in counting.ts", async () => {
    record(MORNING);
    await rollUpUsage(t.db, at("12:00:31"));
    const counted = await monthly();
    expect(counted).toEqual(countUsage(asEvents(MORNING)));
    expect(counted.get(`${resources.a} 2026-03`)).toEqual({
      // stranger: 10:00:29, 10:20:00, 10:20:31, 11:00:10; ana: the page and the download
      totalInvestigations: 6,
      // stranger's hours 10 and 11, ana's session
      uniqueInvestigations: 3,
      totalRequests: 1,
      uniqueRequests: 1,
    });
    expect(counted.get(`${resources.b} 2026-03`)).toEqual({
      totalInvestigations: 3,
      uniqueInvestigations: 2,
      totalRequests: 1,
      uniqueRequests: 1,
    });
  });

  it("waits for an hour and its 30 seconds to be over, and counts the same in steps", async () => {
    record(MORNING);
    await rollUpUsage(t.db, at("11:00:20")); // hour 10 is not settled yet: nothing moves
    expect(await pendingEventCount(t.db)).toBe(11);
    await rollUpUsage(t.db, at("11:00:40")); // hour 10 settles; the 11:00:10 click is seen
    expect(await pendingEventCount(t.db)).toBe(1);
    await rollUpUsage(t.db, at("12:00:31"));
    expect(await pendingEventCount(t.db)).toBe(0);
    expect(await monthly()).toEqual(countUsage(asEvents(MORNING)));
  });

  it("stores no address or user agent, and drops the keyed hashes and old keys with the events", async () => {
    record(MORNING);
    await flushUsage(t.db);
    const [text] = await queryRows<{ all: string }>(
      t.db,
      sql`select string_agg(e::text, ' ') as all from reach_events e`,
    );
    expect(text!.all).not.toContain("203.0.113.77");
    expect(text!.all).not.toContain("Chrome");
    expect(text!.all).not.toContain(ana.accountId!);
    expect(text!.all).not.toContain("cookie-1");
    await t.db.execute(
      sql`insert into reach_hash_keys (day, key) values ('2026-03-01', '\\x00'::bytea) on conflict do nothing`,
    );
    await rollUpUsage(t.db, at("12:00:31"));
    const keys = await queryRows<{ day: string }>(t.db, sql`select day::text from reach_hash_keys`);
    expect(keys.map((k) => k.day)).toEqual(["2026-03-05"]);
    expect(await pendingEventCount(t.db)).toBe(0);
    await rollUpUsage(t.db, new Date("2026-03-06T02:00:00Z"));
    expect(await queryRows(t.db, sql`select day from reach_hash_keys`)).toEqual([]);
  });

  it("records from a request: not robots, not HEAD, not the rest of a file after its first range", async () => {
    const requestFor = (headers: Record<string, string>, method = "GET") =>
      ({
        method,
        url: "/library/a/files/one?download=1",
        headers,
        ip: "203.0.113.5",
        viewer: null,
        sessionToken: null,
        cookies: {},
        server: t.app,
      }) as unknown as FastifyRequest;
    recordUsage(requestFor({ "user-agent": ROBOT }), { resourceId: resources.a, kind: "request" });
    recordUsage(requestFor({}), { resourceId: resources.a, kind: "request" });
    recordUsage(requestFor({ "user-agent": BROWSER }, "HEAD"), { resourceId: resources.a, kind: "request" });
    recordUsage(requestFor({ "user-agent": BROWSER, range: "bytes=1000-1999" }), {
      resourceId: resources.a,
      kind: "request",
    });
    expect(bufferedUsage(t.db)).toBe(0);
    recordUsage(requestFor({ "user-agent": BROWSER, range: "bytes=0-999" }), {
      resourceId: resources.a,
      kind: "request",
    });
    recordUsage(requestFor({ "user-agent": BROWSER }), { resourceId: resources.a, kind: "request" });
    expect(bufferedUsage(t.db)).toBe(2);
    await flushUsage(t.db);
    const rows = await queryRows<{ target: string; kind: string }>(
      t.db,
      sql`select target, kind from reach_events`,
    );
    expect(rows).toEqual([
      { target: "/library/a/files/one", kind: "request" },
      { target: "/library/a/files/one", kind: "request" },
    ]);
  });

  it("generates made-up use set-based, rolled up by the same rules (demo and benchmark)", async () => {
    const [author] = await queryRows<{ id: string }>(
      t.db,
      sql`insert into users (email, name, password_hash, stakeholder_role)
          values (${`gen-${kind}@example.org`}, 'Generator', 'x', 'educator') returning id::text`,
    );
    for (const slug of ["gen-one", "gen-two", "gen-three"])
      await t.db.execute(
        sql`insert into library_resources (slug, type, title, summary, year, created_by, status)
            values (${slug}, 'guide', ${slug}, 'Summary', 2025, ${author!.id}, 'published')`,
      );
    const today = new Date("2026-03-15T12:00:00Z");
    const made = await generateUsage(t.db, { events: 2_700, users: 200, today, seed: 7 });
    expect(made.months).toBe(27);
    const [sums] = await queryRows<{ ti: number; ui: number; tr: number; months: number }>(
      t.db,
      sql`select sum(total_investigations)::int as ti, sum(unique_investigations)::int as ui,
                 sum(total_requests)::int as tr, count(distinct month)::int as months from reach_monthly`,
    );
    // Every month has use; double clicks and repeat visits make the counts smaller than the events.
    expect(sums!.months).toBe(27);
    expect(sums!.ti).toBeGreaterThan(2_000);
    expect(sums!.ti + (await pendingEventCount(t.db))).toBeLessThanOrEqual(2_700);
    expect(sums!.ui).toBeLessThan(sums!.ti);
    expect(sums!.tr).toBeGreaterThan(400);
  });
});
