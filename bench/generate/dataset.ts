import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../src/platform/db/client";
import { STATES } from "../../src/platform/geo/states";
import { previousSchoolYear, schoolYearOf } from "../../src/domains/measures/service";
import {
  allocate,
  type DistrictPlan,
  generateData,
  localeCategoryOf,
  type StatePlan,
  seededRandom,
} from "../../src/seed/generate/dataset";

/**
 * A national-scale dataset made by the same set-based generator as the demo state
 * (src/seed/generate/dataset.ts): states sized roughly like the real ones, districts of skewed
 * sizes with one very large district (1,500 schools at 100,000, as the largest real districts
 * have) in the largest state, three school years of submitted profiles and quality assessments
 * for about 40% of schools, then every pre-computed aggregate rebuilt.
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
  /** Schools in the largest district (default 1.5% of all schools: 1,500 at 100,000). */
  largestDistrict?: number;
  seed?: number;
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

const DISTRICT_KINDS = ["Unified", "County", "City", "Valley", "Regional", "Union"];

/**
 * A state's districts: the very large one first when asked for, the rest of decreasing size
 * (weights 1/(i + 3): a few districts of a few hundred schools, many of one or two).
 */
function districtsOf(
  code: string,
  schools: number,
  districts: number,
  big: number,
  random: () => number,
): DistrictPlan[] {
  const rest = districts - (big > 0 ? 1 : 0);
  const sizes = [
    ...(big > 0 ? [big] : []),
    ...(rest > 0
      ? allocate(
          schools - big,
          Array.from({ length: rest }, (_, i) => 1 / (i + 3)),
        )
      : []),
  ];
  return sizes.map((size, i) => ({
    name: `${code} ${DISTRICT_KINDS[(i + 1) % 6]} School District ${i + 1}`,
    city: `City ${(i + 1) % 97}`,
    number: i + 1,
    schools: size,
    localeCategory: localeCategoryOf(random, i < districts * 0.1),
  }));
}

/** The national plan: schools shared by SCHOOL_WEIGHTS, districts in proportion to schools. */
export function nationalPlan(options: DatasetOptions, codes = STATES.map((s) => s.code)): StatePlan[] {
  const totalSchools = options.schools;
  const totalDistricts = Math.max(codes.length, Math.round(totalSchools * (options.districtRatio ?? 0.13)));
  const schoolsPer = allocate(
    totalSchools,
    codes.map((c) => SCHOOL_WEIGHTS[c] ?? 100),
  );
  const districtsPer = allocate(totalDistricts, schoolsPer).map((d, i) => Math.min(d, schoolsPer[i]!));
  const largest = schoolsPer.indexOf(Math.max(...schoolsPer));
  const bigDistrict = options.largestDistrict ?? Math.max(1, Math.round(totalSchools * 0.015));
  const random = seededRandom(options.seed ?? 1);
  return codes.map((code, i) => {
    const schools = schoolsPer[i]!;
    const districts = districtsPer[i]!;
    const big = i === largest && districts > 1 ? Math.min(bigDistrict, schools - districts + 1) : 0;
    return { code, districts: districtsOf(code, schools, districts, big, random) };
  });
}

export async function generateDataset(db: Db, options: DatasetOptions): Promise<DatasetFacts> {
  const timings: Record<string, number> = {};
  const log = (name: string, seconds: number) => {
    timings[name] = seconds;
    console.log(`  ${name}: ${seconds.toFixed(1)} s`);
  };
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await fn();
    log(name, (performance.now() - t0) / 1000);
    return result;
  };
  const present = await queryRows<{ code: string }>(
    db,
    sql`select state_code as code from organisations where kind = 'state'`,
  );
  const known = new Set(present.map((s) => s.code));
  const codes = STATES.map((s) => s.code).filter((c) => known.has(c));
  const current = schoolYearOf(new Date());
  const years = [previousSchoolYear(previousSchoolYear(current)), previousSchoolYear(current), current];
  const share = options.participation ?? 0.4;
  await generateData(db, {
    states: nationalPlan(options, codes),
    years,
    participation: years.map(() => share),
    seed: options.seed ?? 1,
    isDemo: false,
    yearlyImprovement: 0.1,
    log,
  });
  await step("vacuum analyze", () => db.execute(sql`vacuum analyze`));

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
