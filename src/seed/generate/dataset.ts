import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db/client";
import { rebuildAggregates } from "../../domains/measures/service";

/**
 * Generates schools, districts and submitted census profiles and quality assessments with
 * set-based SQL (generate_series, insert … select), then rebuilds every pre-computed aggregate
 * with the measures domain's own `rebuildAggregates`. The benchmark's national dataset
 * (bench/generate/dataset.ts) and the demo state (src/seed/demo-state.ts) are both made here.
 *
 * Deterministic: every "random" figure is a hash of a stable key (NCES id, school year, item key)
 * and the seed, never random(), so the same options give the same schools, answers and scores on
 * PGlite and PostgreSQL alike (only generated ids and submission dates in the current year, which
 * cannot lie in the future, differ).
 */

/** One generated district: its schools are numbered 1..schools in its NCES id. */
export interface DistrictPlan {
  name: string;
  city: string;
  /** The five digits after the state's FIPS code in the district's NCES id. */
  number: number;
  schools: number;
  /** NCES locale category the district mostly lies in: 1 city, 2 suburb, 3 town, 4 rural. */
  localeCategory: 1 | 2 | 3 | 4;
}

export interface StatePlan {
  code: string;
  districts: DistrictPlan[];
}

export interface GenerateOptions {
  states: StatePlan[];
  /** School years with data, oldest first. */
  years: string[];
  /** Share of a district's schools submitting each instrument, per year (same order as years). */
  participation: number[];
  /** Varies every figure; the same seed gives the same data. */
  seed: number;
  /** Marks every generated organisation as demo data. */
  isDemo: boolean;
  /** Added to every school's quality ratings each year: schools improve a little over time. */
  yearlyImprovement?: number;
  /** Logs each step's time (the benchmark does). */
  log?: (step: string, seconds: number) => void;
}

export interface GeneratedCounts {
  schools: number;
  districts: number;
  responses: number;
}

/** Splits `total` into whole parts proportional to `weights`, each at least one. */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map((r) => Math.max(1, Math.floor(r)));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]!.i]!++;
  while (left < 0) {
    const i = out.indexOf(Math.max(...out));
    out[i]!--;
    left++;
  }
  return out;
}

/** A small deterministic generator (mulberry32) for the plans made in TypeScript. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** NCES locale categories' shares of US schools (city, suburb, town, rural), cumulative. */
const LOCALE_SHARES = [0.27, 0.59, 0.72, 1];

/** A district's locale category: large districts are city or suburban, the rest by the national shares. */
export function localeCategoryOf(random: () => number, large: boolean): 1 | 2 | 3 | 4 {
  const u = random();
  if (large) return u < 0.55 ? 1 : 2;
  return (LOCALE_SHARES.findIndex((share) => u < share) + 1) as 1 | 2 | 3 | 4;
}

const NAME_FIRST = [
  "Cedar",
  "Maple",
  "Oak",
  "Willow",
  "Birch",
  "Pine",
  "Chestnut",
  "Laurel",
  "Holly",
  "Magnolia",
  "Sycamore",
  "Hickory",
  "Aspen",
  "Spruce",
  "Elm",
  "Linden",
  "Poplar",
  "Juniper",
  "Hawthorn",
  "Dogwood",
  "Cypress",
  "Alder",
  "Redbud",
  "Walnut",
];
const NAME_SECOND = [
  "Hill",
  "Ridge",
  "Creek",
  "Valley",
  "Park",
  "Grove",
  "Meadow",
  "Brook",
  "Springs",
  "Point",
  "Heights",
  "Crossing",
  "Landing",
  "Mill",
  "Forest",
  "Lake",
  "Run",
  "Glen",
  "Field",
  "Harbor",
  "Bend",
  "Hollow",
  "Station",
  "Knoll",
  "View",
];

/** A uniform number in [0, 1) from a stable text key and a seed: the same key, the same number. */
function uniform(key: SQL, seed: number): SQL {
  return sql`((hashtextextended(${key}, ${seed}::bigint) & 2147483647)::float8 / 2147483648)`;
}

/** The districts and schools of the plans, keyed by the districts' NCES ids. */
function districtTable(options: GenerateOptions, states: Map<string, { id: string; fips: string }>): SQL {
  const rows = options.states.flatMap((s) => {
    const state = states.get(s.code);
    if (!state) throw new Error(`No state ${s.code}: seed the reference data first`);
    return s.districts.map((d) => ({
      state_id: state.id,
      code: s.code,
      nces: `${state.fips}${String(d.number).padStart(5, "0")}`,
      name: d.name,
      city: d.city,
      schools: d.schools,
      locale: d.localeCategory,
    }));
  });
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as plan(state_id uuid, code text, nces text, name text, city text, schools int, locale int)`;
}

const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** The school year's first day (1 July, as schoolYearOf counts) and the autumn's first day. */
const yearStart = (year: string) => `${year.slice(0, 4)}-07-01T00:00:00Z`;
const autumnStart = (year: string) => `${year.slice(0, 4)}-09-01T00:00:00Z`;

export async function generateData(db: Db, options: GenerateOptions): Promise<GeneratedCounts> {
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await fn();
    options.log?.(name, (performance.now() - t0) / 1000);
    return result;
  };
  const { seed } = options;
  const stateRows = await queryRows<{ id: string; code: string; fips: string; nation: string }>(
    db,
    sql`select id, state_code as code, nces_id as fips, parent_id as nation from organisations where kind = 'state'`,
  );
  const states = new Map(stateRows.map((s) => [s.code, s]));
  const nation = stateRows[0]?.nation;
  const plan = districtTable(options, states);

  await step("districts", () =>
    db.execute(sql`
      insert into organisations (kind, name, parent_id, ancestor_ids, state_code, nces_id, city, is_demo)
      select 'district', plan.name, plan.state_id, array[${nation}::uuid, plan.state_id], plan.code, plan.nces, plan.city, ${options.isDemo}
        from ${plan}`),
  );

  // Level (56% elementary, 18% middle, 21% high, 5% K-8), enrolment and locale come from hashes
  // of the school's NCES id. Enrolments are skewed (u^1.6: most schools near the low end of their
  // level's range, a long tail of large ones). Three in four schools share their district's
  // locale category; the rest follow the national shares.
  await step("schools", () =>
    db.execute(sql`
      insert into organisations (kind, name, parent_id, ancestor_ids, state_code, nces_id, city, zip, grade_low, grade_high, enrollment, locale_code, is_demo)
      select 'school',
             (${textArray(NAME_FIRST)})[1 + n.idx % 24] || ' ' || (${textArray(NAME_SECOND)})[1 + (n.idx / 24) % 25] || ' '
               || (array['Elementary','Middle','High','K-8'])[l.level] || ' School',
             d.id, array[${nation}::uuid, plan.state_id, d.id], plan.code, s.nces, plan.city,
             lpad((10000 + floor(h.u_zip * 89999))::int::text, 5, '0'),
             (array[case when h.u_sub < 0.5 then 'PK' else 'KG' end, '06', '09', 'KG'])[l.level],
             (array['05', '08', '12', '08'])[l.level],
             round((array[250, 450, 600, 300])[l.level] + (array[550, 750, 2000, 600])[l.level] * power(h.u_size, 1.6))::int,
             (case when h.u_locale < 0.75 then plan.locale
                   when h.u_locale < 0.75 + 0.25 * ${LOCALE_SHARES[0]} then 1
                   when h.u_locale < 0.75 + 0.25 * ${LOCALE_SHARES[1]} then 2
                   when h.u_locale < 0.75 + 0.25 * ${LOCALE_SHARES[2]} then 3 else 4 end) * 10 + 1 + floor(h.u_sub * 3)::int || '',
             ${options.isDemo}
        from ${plan}
        join organisations d on d.kind = 'district' and d.nces_id = plan.nces
        cross join lateral generate_series(1, plan.schools) as k
        cross join lateral (select plan.nces || lpad(k::text, 5, '0') as nces) s
        cross join lateral (select ${uniform(sql`s.nces || ':level'`, seed)} as u_level,
                                   ${uniform(sql`s.nces || ':size'`, seed)} as u_size,
                                   ${uniform(sql`s.nces || ':locale'`, seed)} as u_locale,
                                   ${uniform(sql`s.nces || ':sub'`, seed)} as u_sub,
                                   ${uniform(sql`s.nces || ':zip'`, seed)} as u_zip) h
        cross join lateral (select case when h.u_level < 0.56 then 1 when h.u_level < 0.74 then 2
                                        when h.u_level < 0.95 then 3 else 4 end as level) l
        cross join lateral (select (k - 1 + abs(hashtext(plan.nces)) % 600) % 600 as idx) n`),
  );

  // Fresh statistics before joining the new rows: without them the planner takes the just-filled
  // organisations table for a small one and scans it once per district (minutes at 100,000 schools).
  await step("analyze schools", () => db.execute(sql`analyze organisations`));

  const instruments = await queryRows<{ id: string; key: string }>(
    db,
    sql`select distinct on (key) id, key from instruments where variant = 'school' and key in ('profile', 'quality') and published_at <= now() order by key, version desc`,
  );
  const instrumentId = (key: string) => {
    const found = instruments.find((i) => i.key === key);
    if (!found) throw new Error(`No published school ${key} instrument: seed the reference data first`);
    return found.id;
  };
  // The generated schools (those of the plan's districts), with their district's NCES id.
  const generatedSchools = sql`
    select o.id, o.nces_id, o.enrollment, d.nces_id as district_nces
      from ${plan}
      join organisations d on d.kind = 'district' and d.nces_id = plan.nces
      join organisations o on o.kind = 'school' and o.parent_id = d.id`;

  for (const [y, year] of options.years.entries()) {
    const share = options.participation[y] ?? options.participation.at(-1) ?? 0;
    // Each school takes part by a hash of its id and the year, around the year's share (districts
    // differ by up to ±10 points; one school in 25 never takes part). The quality assessment is a
    // little less often done than the profile. Submissions spread over the autumn and winter, most
    // early; one whose day has not come yet this year was submitted on a day already past.
    await step(`responses ${year}`, () =>
      db.execute(sql`
        insert into responses (organisation_id, instrument_id, instrument_key, variant, school_year, time_point, status, created_at, submitted_at)
        select g.id, i.id, i.key, 'school', ${year}, 1, 'submitted', t.at - interval '3 days', t.at
          from (${generatedSchools}) g
          cross join (values (${instrumentId("profile")}::uuid, 'profile', 0.0), (${instrumentId("quality")}::uuid, 'quality', 0.05)) as i(id, key, harder)
          cross join lateral (select ${uniform(sql`g.nces_id || ':' || ${year} || ':take'`, seed)} as u_take,
                                     ${uniform(sql`g.nces_id || ':never'`, seed)} as u_never,
                                     (${uniform(sql`g.district_nces || ':keen'`, seed)} - 0.5) * 0.2 as keen,
                                     ${uniform(sql`g.nces_id || ':' || ${year} || ':' || i.key || ':day'`, seed)} as u_day) h
          cross join lateral (select ${autumnStart(year)}::timestamptz + (5 + 180 * h.u_day * h.u_day) * interval '1 day' as at0) a
          cross join lateral (select date_trunc('milliseconds', case when a.at0 <= now() then a.at0
                                  else ${yearStart(year)}::timestamptz + (now() - ${yearStart(year)}::timestamptz) * h.u_day end) as at) t
         where h.u_never >= 0.04 and h.u_take < ${share} + h.keen - i.harder`),
    );
    // Quality: every rating item of each scored domain, with some "don't know" and "not
    // applicable". A school's level is its district's (±0.9) and its own (±0.6), differs a
    // little by domain, and rises by yearlyImprovement each year.
    await step(`analyze responses ${year}`, () => db.execute(sql`analyze responses`));
    const improvement = (options.yearlyImprovement ?? 0) * y;
    await step(`quality answers ${year}`, () =>
      db.execute(sql`
        insert into response_sections (response_id, section_key, version, answers, updated_at)
        select rid, section_key, 1, jsonb_object_agg(item_key, case when x < 0.05 then '"dk"'::jsonb when x < 0.08 then '"na"'::jsonb
                                                   else to_jsonb(least(6, greatest(1, round(lean + (y - 0.5) * 2.4)::int))) end), max(at)
          from (
            select r.id as rid, r.submitted_at as at, it.section_key, it.key as item_key,
                   ${uniform(sql`g.nces_id || ':' || ${year} || ':' || it.key`, seed)} as x,
                   ${uniform(sql`g.nces_id || ':' || ${year} || ':' || it.key`, seed + 1)} as y,
                   3.0 + (${uniform(sql`g.district_nces || ':district'`, seed + 2)} - 0.5) * 1.8
                       + (${uniform(sql`g.nces_id || ':school'`, seed + 3)} - 0.5) * 1.2
                       + (${uniform(sql`g.nces_id || ':' || s.key`, seed + 4)} - 0.5) * 0.8 + ${improvement}::float8 as lean
              from (${generatedSchools}) g
              join responses r on r.organisation_id = g.id and r.instrument_key = 'quality' and r.school_year = ${year}
              join instrument_sections s on s.instrument_id = r.instrument_id and s.scored
              join instrument_items it on it.instrument_id = r.instrument_id and it.section_key = s.key and it.type = 'rating'
          ) a
         group by rid, section_key`),
    );
    // Profile (the census): staffing in FTE scaled to enrolment (school-employed more than
    // community-employed), services by tier (tier 1 most often), screening in about six schools
    // in ten, rising each year, with students screened and served within enrolment.
    await step(`profile answers ${year}`, () =>
      db.execute(sql`
        insert into response_sections (response_id, section_key, version, answers, updated_at)
        select rid, section_key, 1, jsonb_object_agg(item_key, value), max(at)
          from (
            select r.id as rid, r.submitted_at as at, it.section_key, it.key as item_key,
                   case it.type
                     when 'fte' then to_jsonb(round(2 * g.enrollment::float8 / ${FTE_STUDENTS} * (0.4 + 1.2 * u.x)) / 2)
                     when 'count' then to_jsonb(case
                       when it.key = 'screening.count' then case when u.screens then floor(g.enrollment * (0.3 + 0.7 * u.x)) else 0 end
                       when it.key = 'served.tier2' then floor(g.enrollment * (0.04 + 0.12 * u.x))
                       when it.key = 'served.tier3' then floor(g.enrollment * (0.01 + 0.04 * u.x))
                       when it.within_enrollment then floor(g.enrollment * 0.1 * u.x)
                       else floor(u.x * 8) end::int)
                     when 'yesno' then to_jsonb(case when (case when it.key = 'screening.conducted' then u.screens else u.x < 0.65 end)
                                                     then 'yes' else 'no' end)
                     when 'choice' then it.options -> floor(u.x * jsonb_array_length(it.options))::int -> 'key'
                     when 'multi' then (
                       select coalesce(jsonb_agg(o.v -> 'key' order by o.n), '[]'::jsonb)
                         from jsonb_array_elements(it.options) with ordinality as o(v, n)
                        where ${uniform(sql`g.nces_id || ':' || ${year} || ':' || it.key || ':' || o.n`, seed)} < ${MULTI_SHARE})
                   end as value
              from (${generatedSchools}) g
              join responses r on r.organisation_id = g.id and r.instrument_key = 'profile' and r.school_year = ${year}
              join instrument_items it on it.instrument_id = r.instrument_id and it.type in ('fte', 'count', 'yesno', 'choice', 'multi')
              cross join lateral (select ${uniform(sql`g.nces_id || ':' || ${year} || ':' || it.key`, seed)} as x,
                                         ${uniform(sql`g.nces_id || ':' || ${year} || ':screening'`, seed)} < 0.55 + 0.08 * ${y} as screens) u
          ) a
         where value is not null
         group by rid, section_key`),
    );
  }

  const [counts] = await queryRows<GeneratedCounts>(
    db,
    sql`select count(distinct g.district_nces)::int as districts, count(*)::int as schools,
               (select count(*)::int from responses r where r.organisation_id in (select id from (${generatedSchools}) x)) as responses
          from (${generatedSchools}) g`,
  );
  // The planner needs the new rows' statistics for the rebuild's joins (ANALYZE, unlike VACUUM,
  // may run inside the demo seed's transaction).
  await step("analyze", () => db.execute(sql`analyze organisations, responses, response_sections`));
  // In a transaction of its own (a savepoint inside the demo seed's): rebuildAggregates reads
  // instruments through the handle it is given while its own transaction is open, which on PGlite
  // (one connection) waits for that transaction forever unless both are the same transaction.
  await step("rebuild aggregates", () => db.transaction((tx) => rebuildAggregates(tx as unknown as Db)));
  return counts!;
}

/** Students per school-employed (or community-employed) FTE of each role, roughly as reported. */
const FTE_STUDENTS = sql`(case it.key
  when 'staff.psychologist.school' then 1100 when 'staff.psychologist.community' then 4000
  when 'staff.counselor.school' then 420 when 'staff.counselor.community' then 3000
  when 'staff.social-worker.school' then 1000 when 'staff.social-worker.community' then 1500
  when 'staff.nurse.school' then 650 when 'staff.behavior-specialist.school' then 1500
  when 'staff.nurse.community' then 6000 else case when it.key like '%.school' then 3000 else 2500 end end)`;

/** How often each option of a multiple-choice item is ticked: tier 1 services most, tier 3 least. */
const MULTI_SHARE = sql`(case it.key
  when 'services.tier1' then 0.7 when 'services.tier2' then 0.5 when 'services.tier3' then 0.35
  when 'screening.grades' then case when u.screens then 0.5 else 0 end else 0.4 end)`;
