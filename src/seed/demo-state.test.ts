import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../test/support/app";
import { queryRows } from "../platform/db/client";
import { schoolYearOf } from "../domains/measures/service";

/**
 * The named demo data (places, accounts, their teams, their measures) as tests and the README
 * know them: everything but the generated demo state's districts and schools.
 */
async function namedDemo(t: TestApp) {
  const places = await queryRows<Record<string, unknown>>(
    t.db,
    sql`select o.kind, o.name, o.nces_id, o.enrollment, o.locale_code, o.parent_id is not null as placed
          from organisations o
         where o.is_demo and o.name not like '% County Public Schools'
           and not exists (select 1 from organisations d where d.id = o.parent_id and d.name like '% County Public Schools')
         order by o.kind, o.nces_id, o.name`,
  );
  const teams = await queryRows<Record<string, unknown>>(
    t.db,
    sql`select u.email, o.name as team, m.role from users u join memberships m on m.user_id = u.id
          join organisations o on o.id = m.organisation_id where u.is_demo order by u.email, o.name`,
  );
  const measures = await queryRows<Record<string, unknown>>(
    t.db,
    sql`select o.name, r.school_year, r.instrument_key, r.status from responses r join organisations o on o.id = r.organisation_id
         where o.name not like '% County Public Schools' and not exists
               (select 1 from organisations d where d.id = o.parent_id and d.name like '% County Public Schools')
         order by o.name, r.school_year, r.instrument_key`,
  );
  return { places, teams, measures };
}

describe.each(DATABASES)("the demo state on %s", (kind) => {
  let withState: TestApp;
  let namedOnly: TestApp;
  beforeAll(async () => {
    withState = await startTestApp(kind, { SEED_DEMO: "true", DEMO_STATE_SCHOOLS: "22" });
    namedOnly = await startTestApp(kind, { SEED_DEMO: "true", DEMO_STATE_SCHOOLS: "0" });
  }, 300_000);
  afterAll(async () => {
    await withState?.close();
    await namedOnly?.close();
  });

  it("adds Maryland's generated districts beside the named demo data, which stays exactly as it was", async () => {
    const named = await namedDemo(namedOnly);
    expect(named.places.length).toBeGreaterThan(20);
    expect(named.teams.length).toBeGreaterThan(3);
    expect(await namedDemo(withState)).toEqual(named);

    const [maryland] = await queryRows<{ districts: number; schools: number }>(
      withState.db,
      sql`select count(*) filter (where kind = 'district')::int as districts, count(*) filter (where kind = 'school')::int as schools
            from organisations where state_code = 'MD'`,
    );
    // 2 named districts with 7 schools, and 22 generated ones with a school each.
    expect(maryland).toEqual({ districts: 24, schools: 29 });
  });

  it("has the state's figures ready at once: this year's aggregates count the generated schools too", async () => {
    const year = schoolYearOf(new Date());
    const [figures] = await queryRows<{ aggregated: number; scored: number }>(
      withState.db,
      sql`select (select a.n from score_aggregates a join organisations s on s.id = a.scope_id
                   where s.kind = 'state' and s.state_code = 'MD' and a.instrument_key = 'quality'
                     and a.school_year = ${year} and a.domain_key = 'composite') as aggregated,
                 (select count(*)::int from latest_scores l join organisations o on o.id = l.organisation_id
                   where o.state_code = 'MD' and l.instrument_key = 'quality' and l.school_year = ${year} and l.composite is not null) as scored`,
    );
    expect(figures!.scored).toBeGreaterThan(10);
    expect(figures!.aggregated).toBe(figures!.scored);
  });

  it("is seeded once: a second start adds nothing", async () => {
    const { seedDemoData } = await import("./demo");
    const { domains } = await import("../app");
    const count = sql`select count(*)::int as n from organisations`;
    const [before] = await queryRows<{ n: number }>(withState.db, count);
    await seedDemoData(withState.db, domains, { stateSchools: 22 });
    expect(await queryRows(withState.db, count)).toEqual([before]);
  });
});
