import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../test/support/app";
import { queryRows } from "../../platform/db/client";
// The form's own check of a section's answers (a test may look inside the domain).
import { checkSectionAnswers } from "../../domains/measures/instruments/answers";
import { getInstrument } from "../../domains/measures/service";
import { demoStateOptions } from "../demo-state";
import { allocate, generateData } from "./dataset";

/** A small demo state: the shape (22 districts, three years, gaps), not the size, is tested. */
const NOW = new Date();
const OPTIONS = demoStateOptions(NOW, 66);
/** Generous: a loaded machine makes PGlite slow; the work is small. */
const SETUP_MS = 300_000;

/** Everything generated that does not depend on generated ids or on today's date. */
async function fingerprint(t: TestApp) {
  return queryRows<Record<string, unknown>>(
    t.db,
    sql`select o.nces_id, o.name, o.enrollment, o.locale_code, o.grade_low, o.grade_high, o.zip, d.name as district,
               (select jsonb_agg(jsonb_build_array(r.school_year, r.instrument_key,
                                   case when r.school_year = ${OPTIONS.years[2]} then null else r.submitted_at end,
                                   (select jsonb_object_agg(s.section_key, s.answers) from response_sections s where s.response_id = r.id),
                                   (select a.composite from assessment_scores a where a.response_id = r.id))
                                 order by r.school_year, r.instrument_key)
                  from responses r where r.organisation_id = o.id) as data
          from organisations o join organisations d on d.id = o.parent_id
         where o.kind = 'school' and o.is_demo
         order by o.nces_id`,
  );
}

async function removeGenerated(t: TestApp) {
  for (const table of [
    "score_aggregates",
    "participation",
    "latest_scores",
    "assessment_scores",
    "response_sections",
    "responses",
  ])
    await t.db.execute(sql`delete from ${sql.identifier(table)}`);
  await t.db.execute(sql`delete from organisations where is_demo and kind = 'school'`);
  await t.db.execute(sql`delete from organisations where is_demo and kind = 'district'`);
}

describe.each(DATABASES)("set-based data generator on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await generateData(t.db, OPTIONS);
  }, SETUP_MS);
  afterAll(() => t?.close());

  it("makes the planned districts with the planned number of schools, levels, enrolments and locales", async () => {
    const planned = OPTIONS.states[0]!.districts;
    const rows = await queryRows<{ name: string; schools: number; nces: string }>(
      t.db,
      sql`select d.name, d.nces_id as nces, count(o.id)::int as schools
            from organisations d left join organisations o on o.parent_id = d.id and o.kind = 'school'
           where d.kind = 'district' and d.is_demo and d.state_code = 'MD' group by d.id order by d.nces_id`,
    );
    expect(rows.map((r) => [r.name, r.schools])).toEqual(planned.map((d) => [d.name, d.schools]));
    expect(planned.map((d) => d.schools)).toEqual(
      allocate(
        66,
        planned.map((d) => d.schools),
      ),
    );
    expect(rows.every((r) => r.nces.startsWith("2499"))).toBe(true);

    const [shape] = await queryRows<Record<string, number>>(
      t.db,
      sql`select count(*)::int as schools,
                 count(*) filter (where grade_high = '05')::int as elementary,
                 count(*) filter (where grade_low = '09')::int as high,
                 min(enrollment)::int as smallest, max(enrollment)::int as largest,
                 count(distinct left(locale_code, 1))::int as locales,
                 count(*) filter (where grade_low = '09' and enrollment between 600 and 2600)::int as high_in_range
            from organisations where kind = 'school' and is_demo`,
    );
    expect(shape!.schools).toBe(66);
    expect(shape!.elementary).toBeGreaterThan(shape!.high);
    expect(shape!.high).toBeGreaterThan(0);
    expect(shape!.high_in_range).toBe(shape!.high);
    expect(shape!.smallest).toBeGreaterThanOrEqual(250);
    expect(shape!.largest).toBeLessThanOrEqual(2600);
    expect(shape!.locales).toBeGreaterThanOrEqual(3);
  });

  it("submits most schools' profiles and assessments in each of three school years, leaving gaps", async () => {
    const rows = await queryRows<{ year: string; key: string; n: number }>(
      t.db,
      sql`select school_year as year, instrument_key as key, count(*)::int as n from responses
           where status = 'submitted' group by 1, 2 order by 1, 2`,
    );
    expect([...new Set(rows.map((r) => r.year))]).toEqual(OPTIONS.years);
    for (const year of OPTIONS.years) {
      const profiles = rows.find((r) => r.year === year && r.key === "profile")!.n;
      const assessments = rows.find((r) => r.year === year && r.key === "quality")!.n;
      // Most schools, not all: participation follow-up has schools to show.
      expect(profiles).toBeGreaterThan(66 * 0.5);
      expect(profiles).toBeLessThan(66);
      expect(assessments).toBeLessThanOrEqual(profiles);
    }
    const [late] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from responses where submitted_at > now() or submitted_at < ${`${OPTIONS.years[0]!.slice(0, 4)}-07-01`}::timestamptz`,
    );
    expect(late!.n).toBe(0);
  });

  it("writes answers that pass the form's own checks", async () => {
    const sample = await queryRows<{ id: string; instrumentId: string; enrollment: number }>(
      t.db,
      sql`select r.id, r.instrument_id as "instrumentId", o.enrollment from responses r join organisations o on o.id = r.organisation_id
           order by o.nces_id, r.school_year, r.instrument_key limit 40`,
    );
    let checked = 0;
    for (const r of sample) {
      const instrument = (await getInstrument(t.db, r.instrumentId))!;
      const sections = await queryRows<{ key: string; answers: Record<string, unknown> }>(
        t.db,
        sql`select section_key as key, answers from response_sections where response_id = ${r.id}`,
      );
      expect(sections.length).toBeGreaterThan(0);
      for (const s of sections) {
        const definition = instrument.sections.find((d) => d.key === s.key)!;
        expect(checkSectionAnswers(definition, s.answers, r.enrollment, "json")).toMatchObject({ ok: true });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("scores vary by district and improve over the years; the aggregates match a recomputation", async () => {
    const byYear = await queryRows<{ year: string; mean: number }>(
      t.db,
      sql`select school_year as year, avg(composite)::float8 as mean from assessment_scores group by 1 order by 1`,
    );
    expect(byYear.map((y) => y.year)).toEqual(OPTIONS.years);
    expect(byYear[2]!.mean).toBeGreaterThan(byYear[0]!.mean);
    const districts = await queryRows<{ mean: number }>(
      t.db,
      sql`select avg(a.composite)::float8 as mean from assessment_scores a join organisations o on o.id = a.organisation_id
           group by o.parent_id having count(*) >= 5`,
    );
    const means = districts.map((d) => d.mean);
    expect(Math.max(...means) - Math.min(...means)).toBeGreaterThan(0.4);

    // Every scope (district, state, nation) and year: the running sums and participation are those
    // of the schools' latest scores below it.
    const mismatches = await queryRows<Record<string, unknown>>(
      t.db,
      sql`with expected as (
            select scope.id as scope_id, l.school_year, count(*)::int as n, sum(l.composite) as total
              from latest_scores l join organisations o on o.id = l.organisation_id
              join organisations scope on scope.id = any(o.ancestor_ids)
             where l.instrument_key = 'quality' and l.composite is not null
             group by scope.id, l.school_year)
          select e.*, a.n as aggregate_n, a.sum as aggregate_sum
            from expected e full join (select * from score_aggregates where instrument_key = 'quality' and domain_key = 'composite') a
              on a.scope_id = e.scope_id and a.school_year = e.school_year
           where a.n is distinct from e.n or abs(a.sum - e.total) > 1e-6 or a.sum is null or e.total is null`,
    );
    expect(mismatches).toEqual([]);
    const participation = await queryRows<{ year: string; recorded: number; submitted: number }>(
      t.db,
      sql`select p.school_year as year, p.organisations as recorded,
                 (select count(distinct r.organisation_id)::int from responses r where r.instrument_key = 'profile' and r.school_year = p.school_year) as submitted
            from participation p join organisations s on s.id = p.scope_id and s.kind = 'state' and s.state_code = 'MD'
           where p.instrument_key = 'profile'`,
    );
    expect(participation).toHaveLength(3);
    for (const p of participation) expect(p.recorded).toBe(p.submitted);
  });

  it(
    "is deterministic: the same options make the same schools, answers and scores",
    async () => {
      const first = await fingerprint(t);
      expect(first).toHaveLength(66);
      await removeGenerated(t);
      await generateData(t.db, OPTIONS);
      expect(await fingerprint(t)).toEqual(first);
    },
    SETUP_MS,
  );
});
