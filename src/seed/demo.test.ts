import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../test/support/app";
import { domains } from "../app";
import { queryRows } from "../platform/db/client";
import type { Domain } from "../platform/domain";
import { DEMO_ACCOUNTS } from "../domains/teams/demo-accounts";
import { seedDemoData } from "./demo";

/** What a complete demo install holds: every demo account, demo places, measures and discussions. */
async function demoCounts(t: TestApp) {
  const [counts] = await queryRows<{
    users: number;
    organisations: number;
    responses: number;
    topics: number;
  }>(
    t.db,
    sql`select (select count(*)::int from users where is_demo) as users,
               (select count(*)::int from organisations where is_demo) as organisations,
               (select count(*)::int from responses) as responses,
               (select count(*)::int from community_topics) as topics`,
  );
  return counts!;
}

describe.each(DATABASES)("demo seeding on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("a seed that fails half-way leaves nothing behind, and the next start seeds everything", async () => {
    const crash: Domain = {
      name: "crash",
      routes: async () => {},
      seedDemo: async () => {
        throw new Error("killed half-way through the demo seed");
      },
    };
    // Directory, accounts and teams write their demo rows, then the process "dies".
    const halfway = [...domains.slice(0, 4), crash, ...domains.slice(4)];
    await expect(seedDemoData(t.db, halfway)).rejects.toThrow("killed half-way");
    expect(await demoCounts(t)).toEqual({ users: 0, organisations: 0, responses: 0, topics: 0 });

    await seedDemoData(t.db, domains);
    const complete = await demoCounts(t);
    const [accounts] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from users where is_demo and email in (${sql.join(
        DEMO_ACCOUNTS.map((a) => sql`${a.email}`),
        sql`, `,
      )})`,
    );
    expect(accounts!.n).toBe(DEMO_ACCOUNTS.length);
    expect(complete.organisations).toBeGreaterThan(0);
    expect(complete.responses).toBeGreaterThan(0);
    expect(complete.topics).toBeGreaterThan(0);

    // Seeding again (the next start) changes nothing.
    await seedDemoData(t.db, domains);
    expect(await demoCounts(t)).toEqual(complete);
  });
});
