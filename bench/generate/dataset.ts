import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../src/platform/db/client";
import { STATES } from "../../src/platform/geo/states";
import { previousSchoolYear, rebuildAggregates, schoolYearOf } from "../../src/domains/measures/service";

/**
 * A national-scale dataset generated with set-based SQL (generate_series, insert … select): states
 * sized roughly like the real ones, one large state with one very large district, three school years
 * of submitted profiles and quality assessments for about 40% of schools, then every pre-computed
 * aggregate rebuilt by the measures domain's own `rebuildAggregates`.
 */

/** Approximate public school counts (NCES CCD, rounded): only the proportions matter. */
const SCHOOL_WEIGHTS: Record<string, number> = {
  CA: 10400,
  TX: 9000,
  NY: 4800,
  IL: 4400,
  FL: 4300,
  OH: 3600,
  MI: 3500,
  PA: 3000,
  NC: 2700,
  NJ: 2500,
  MO: 2400,
  WA: 2400,
  AZ: 2400,
  MN: 2500,
  GA: 2300,
  WI: 2200,
  VA: 2100,
  IN: 1900,
  CO: 1900,
  TN: 1900,
  MA: 1850,
  OK: 1800,
  AL: 1500,
  KY: 1500,
  LA: 1400,
  MD: 1400,
  IA: 1300,
  KS: 1300,
  SC: 1250,
  OR: 1250,
  AR: 1100,
  NE: 1100,
  UT: 1100,
  MS: 1050,
  CT: 1000,
  NM: 880,
  PR: 850,
  MT: 820,
  ID: 750,
  WV: 700,
  SD: 700,
  NV: 700,
  ME: 600,
  ND: 530,
  AK: 510,
  NH: 490,
  WY: 360,
  RI: 310,
  VT: 300,
  HI: 290,
  DE: 230,
  DC: 230,
  GU: 40,
  VI: 30,
  AS: 30,
  MP: 20,
};

export interface DatasetOptions {
  schools: number;
  /** Districts as a share of schools (13,000 / 100,000). */
  districtRatio?: number;
  /** Share of schools that submit each instrument each year. */
  participation?: number;
}

export interface DatasetFacts {
  schools: number;
  districts: number;
  responses: number;
  itemResponses: number;
  years: string[];
  largestState: { id: string; code: string; schools: number };
  largestDistrict: { id: string; schools: number };
  sampleResponseId: string;
  timings: Record<string, number>;
}

interface StateSpec {
  state_id: string;
  code: string;
  fips: string;
  s: number;
  d: number;
  big: number;
}

function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map((r) => Math.max(1, Math.floor(r)));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]!.i]!++;
  for (let k = 0; left < 0; k = (k + 1) % out.length) {
    const i = out.indexOf(Math.max(...out));
    out[i]!--;
    left++;
  }
  return out;
}

export async function generateDataset(db: Db, options: DatasetOptions): Promise<DatasetFacts> {
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await fn();
    timings[name] = (performance.now() - t0) / 1000;
    console.log(`  ${name}: ${timings[name]!.toFixed(1)} s`);
    return result;
  };
  const totalSchools = options.schools;
  const totalDistricts = Math.max(STATES.length, Math.round(totalSchools * (options.districtRatio ?? 0.13)));
  const share = options.participation ?? 0.4;

  const states = await queryRows<{ id: string; code: string; fips: string; nation: string }>(
    db,
    sql`select id, state_code as code, nces_id as fips, parent_id as nation from organisations where kind = 'state'`,
  );
  const byCode = new Map(states.map((s) => [s.code, s]));
  const codes = STATES.map((s) => s.code).filter((c) => byCode.has(c));
  const schoolsPer = allocate(
    totalSchools,
    codes.map((c) => SCHOOL_WEIGHTS[c] ?? 100),
  );
  const districtsPer = allocate(totalDistricts, schoolsPer).map((d, i) => Math.min(d, schoolsPer[i]!));
  const largest = schoolsPer.indexOf(Math.max(...schoolsPer));
  const bigDistrict = Math.max(1, Math.round(totalSchools * 0.006));
  const specs: StateSpec[] = codes.map((code, i) => ({
    state_id: byCode.get(code)!.id,
    code,
    fips: byCode.get(code)!.fips,
    s: schoolsPer[i]!,
    d: districtsPer[i]!,
    big:
      i === largest && districtsPer[i]! > 1
        ? Math.min(bigDistrict, schoolsPer[i]! - districtsPer[i]! + 1)
        : 0,
  }));
  const spec = JSON.stringify(specs);
  const nation = states[0]!.nation;
  const specTable = sql`jsonb_to_recordset(${spec}::jsonb) as spec(state_id uuid, code text, fips text, s int, d int, big int)`;

  await step("districts", () =>
    db.execute(sql`
      insert into organisations (kind, name, parent_id, ancestor_ids, state_code, nces_id, city, is_demo)
      select 'district', spec.code || ' ' || (array['Unified','County','City','Valley','Regional','Union'])[1 + i % 6] || ' School District ' || i,
             spec.state_id, array[${nation}::uuid, spec.state_id], spec.code, spec.fips || lpad(i::text, 5, '0'),
             'City ' || (i % 97), false
        from ${specTable}, generate_series(1, spec.d) as i`),
  );

  // School j of a state goes to district 1 while j <= big (the very large district), then round robin.
  await step("schools", () =>
    db.execute(sql`
      with placed as (
        select spec.*, j,
               case when j <= spec.big then 1
                    when spec.d = 1 then 1
                    when spec.big > 0 then 2 + ((j - spec.big - 1) % (spec.d - 1))
                    else 1 + ((j - 1) % spec.d) end as dn
          from ${specTable}, generate_series(1, spec.s) as j
      )
      insert into organisations (kind, name, parent_id, ancestor_ids, state_code, nces_id, city, zip, grade_low, grade_high, enrollment, is_demo)
      select 'school',
             (array['Lincoln','Washington','Roosevelt','Jefferson','Franklin','Garfield','Madison','Hamilton','Kennedy','Chavez','Parks','Tubman'])[1 + j % 12]
               || ' ' || (array['Elementary','Middle','High','K-8'])[1 + (j / 12) % 4] || ' School ' || j,
             d.id, array[${nation}::uuid, p.state_id, d.id], p.code, d.nces_id || lpad(j::text, 5, '0'),
             'City ' || (j % 211), lpad(((j * 37) % 99999)::text, 5, '0'),
             (array['PK','KG','06','09'])[1 + (j / 12) % 4], (array['05','08','12','08'])[1 + (j / 12) % 4],
             150 + (j * 7919) % 1800, false
        from placed p
        join organisations d on d.kind = 'district' and d.nces_id = p.fips || lpad(p.dn::text, 5, '0')`),
  );

  const current = schoolYearOf(new Date());
  const years = [previousSchoolYear(previousSchoolYear(current)), previousSchoolYear(current), current];
  const instruments = await queryRows<{ id: string; key: string }>(
    db,
    sql`select distinct on (key) id, key from instruments where variant = 'school' and published_at <= now() order by key, version desc`,
  );
  const instrumentId = (key: string) => instruments.find((i) => i.key === key)!.id;

  for (const [y, year] of years.entries()) {
    const start = `${year.slice(0, 4)}-09-01T00:00:00Z`;
    // ~40% of schools per instrument and year; submitted some time in the autumn, at whole milliseconds.
    await step(`responses ${year}`, () =>
      db.execute(sql`
        insert into responses (organisation_id, instrument_id, instrument_key, variant, school_year, time_point, status, created_at, submitted_at)
        select o.id, i.id, i.key, 'school', ${year}, 1, 'submitted', t.at - interval '3 days', t.at
          from organisations o
          cross join (values (${instrumentId("profile")}::uuid, 'profile'), (${instrumentId("quality")}::uuid, 'quality')) as i(id, key)
          cross join lateral (select date_trunc('milliseconds', ${start}::timestamptz + (random() * 120 + 0 * length(o.name)) * interval '1 day') as at) t
         where o.kind = 'school' and random() < ${share}`),
    );
    // Quality: every rating item of each scored section, with some "don't know" and "not applicable";
    // each school leans to its own level so the scores spread across the bands.
    await step(`quality answers ${year}`, () =>
      db.execute(sql`
        insert into response_sections (response_id, section_key, version, answers, updated_at)
        select rid, section_key, 1, jsonb_object_agg(item_key, case when x < 0.05 then '"dk"'::jsonb when x < 0.08 then '"na"'::jsonb
                                                   else to_jsonb(least(6, greatest(1, lean + floor(y * 3)::int - 1))) end), max(at)
          from (
            select r.id as rid, r.submitted_at as at, it.section_key, it.key as item_key, random() as x, random() as y,
                   2 + abs(hashtext(r.id::text)) % 4 as lean
              from responses r
              join instrument_sections s on s.instrument_id = r.instrument_id and s.scored
              join instrument_items it on it.instrument_id = r.instrument_id and it.section_key = s.key and it.type = 'rating'
             where r.instrument_key = 'quality' and r.school_year = ${year}
          ) a
         group by rid, section_key`),
    );
    await step(`profile answers ${year}`, () =>
      db.execute(sql`
        insert into response_sections (response_id, section_key, version, answers, updated_at)
        select rid, section_key, 1, jsonb_object_agg(item_key, case when type = 'yesno' then to_jsonb(case when x < 0.6 then 'yes' else 'no' end)
                                                              else to_jsonb(floor(x * 40)::int) end), max(at)
          from (
            select r.id as rid, r.submitted_at as at, it.section_key, it.key as item_key, it.type, random() as x
              from responses r
              join instrument_items it on it.instrument_id = r.instrument_id and it.type in ('yesno', 'count')
             where r.instrument_key = 'profile' and r.school_year = ${year}
          ) a
         group by rid, section_key`),
    );
    void y;
  }

  await step("analyze", () => db.execute(sql`analyze`));
  const rebuilt = await step("rebuild aggregates", () => rebuildAggregates(db));
  await step("vacuum analyze", () => db.execute(sql`vacuum analyze`));
  void rebuilt;

  const [counts] = await queryRows<{ schools: number; districts: number; responses: number; items: number }>(
    db,
    sql`select (select count(*)::int from organisations where kind = 'school') as schools,
               (select count(*)::int from organisations where kind = 'district') as districts,
               (select count(*)::int from responses) as responses,
               (select count(*)::int from response_sections, jsonb_object_keys(answers)) as items`,
  );
  const [bigState] = await queryRows<{ id: string; code: string; schools: number }>(
    db,
    sql`select s.id, s.state_code as code, count(*)::int as schools from organisations o join organisations s on s.kind = 'state' and s.state_code = o.state_code
         where o.kind = 'school' group by s.id, s.state_code order by count(*) desc limit 1`,
  );
  const [bigDistrictRow] = await queryRows<{ id: string; schools: number }>(
    db,
    sql`select parent_id as id, count(*)::int as schools from organisations where kind = 'school' group by parent_id order by count(*) desc limit 1`,
  );
  const [sample] = await queryRows<{ id: string }>(
    db,
    sql`select a.response_id as id from assessment_scores a join organisations o on o.id = a.organisation_id
         where o.parent_id = ${bigDistrictRow!.id} and a.school_year = ${current} and a.composite is not null limit 1`,
  );
  return {
    schools: counts!.schools,
    districts: counts!.districts,
    responses: counts!.responses,
    itemResponses: counts!.items,
    years,
    largestState: bigState!,
    largestDistrict: bigDistrictRow!,
    sampleResponseId: sample!.id,
    timings,
  };
}
