import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { lastClosedPeriod, today } from "./periods";
import { lateTeams } from "./service";
import { findNetworkBySlug } from "./repo";

describe.each(DATABASES)("networks demo data on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { SEED_DEMO: "true" });
  }, 300_000);
  afterAll(() => t?.close());

  it("has the demo CoIIN with 12 teams (Harbor Point first) reporting 18 months, two of them late", async () => {
    const teams = await queryRows<{ name: string; letter: number; periods: number }>(
      t.db,
      sql`select o.name, nt.letter_index as letter, count(distinct v.period_start)::int as periods
          from network_teams nt join communities c on c.id = nt.community_id and c.slug = 'demo-screening-coiin'
          join organisations o on o.id = nt.organisation_id
          left join network_values v on v.team_id = nt.id
          where nt.status = 'active' group by o.name, nt.letter_index order by nt.letter_index`,
    );
    expect(teams).toHaveLength(12);
    expect(teams[0]!.name).toBe("Harbor Point Elementary School");
    expect(Math.max(...teams.map((r) => r.periods))).toBeGreaterThanOrEqual(17);
    const network = (await findNetworkBySlug(t.db, "demo-screening-coiin"))!;
    const late = await lateTeams(t.db, network);
    expect(late.map((l) => l.team.letterIndex)).toEqual([10, 11]);
    expect(late[0]!.periodStart).toBe(lastClosedPeriod(today(), "month", 10).periodStart);
  });
});
