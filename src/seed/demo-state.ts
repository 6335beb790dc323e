import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../platform/db/client";
import { previousSchoolYear, schoolYearOf } from "../domains/measures/service";
import {
  allocate,
  type GenerateOptions,
  generateData,
  localeCategoryOf,
  seededRandom,
} from "./generate/dataset";

/**
 * The demo state: Maryland given the size of a mid-size state (1,400 schools in 24 districts, as
 * the real Maryland has) so that dashboards, comparisons and participation follow-up have
 * something to show. The two named Maryland demo districts (Chesapeake Bend, Piedmont Ridge; 7
 * schools; the demo teams and accounts) stay exactly as they are; 22 invented county districts
 * with 1,393 schools are generated beside them, with three school years of census profiles and
 * quality assessments for most schools.
 */
export const DEMO_STATE = "MD";
export const DEMO_STATE_SCHOOLS = 1_393;

/** Invented counties (every demo name is invented), largest first. */
const COUNTIES = [
  "Ashford",
  "Bayliss",
  "Carrow",
  "Denholm",
  "Eldridge",
  "Fenwick",
  "Glenmore",
  "Hartwell",
  "Ironbridge",
  "Kestrel",
  "Linwood",
  "Marlow",
  "Northam",
  "Oakhaven",
  "Pembrook",
  "Redfern",
  "Saltmarsh",
  "Thornbury",
  "Upton",
  "Westerly",
  "Yarrow",
  "Zellwood",
];
/** Relative district sizes, shaped like a state of county districts: a few large, many small. */
const SIZES = [210, 205, 175, 160, 125, 80, 70, 65, 55, 48, 42, 38, 30, 26, 22, 20, 16, 14, 12, 10, 8, 7];

/**
 * The demo state's plan. `schools` shrinks it for tests (the shape stays: 22 districts, sizes in
 * the same proportions). District numbers start at 99101, after the named demo districts
 * (99001, 99002), so "the first demo district" of Maryland stays Chesapeake Bend.
 */
export function demoStateOptions(now = new Date(), schools = DEMO_STATE_SCHOOLS): GenerateOptions {
  const random = seededRandom(2026);
  const sizes = allocate(schools, SIZES);
  const current = schoolYearOf(now);
  return {
    states: [
      {
        code: DEMO_STATE,
        districts: COUNTIES.map((county, i) => ({
          name: `${county} County Public Schools`,
          city: county,
          number: 99101 + i,
          schools: sizes[i]!,
          localeCategory: localeCategoryOf(random, i < 4),
        })),
      },
    ],
    years: [previousSchoolYear(previousSchoolYear(current)), previousSchoolYear(current), current],
    // This year's round is under way: fewer schools have submitted yet.
    participation: [0.9, 0.88, 0.72],
    seed: 2026,
    isDemo: true,
    yearlyImprovement: 0.15,
  };
}

/** Generates the demo state once (after the named demo data); safe to run again. */
export async function seedDemoState(db: Db, schools = DEMO_STATE_SCHOOLS): Promise<void> {
  const first = demoStateOptions(new Date(), schools).states[0]!.districts[0]!;
  const [already] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from organisations where kind = 'district' and name = ${first.name} and state_code = ${DEMO_STATE}`,
  );
  if (already && already.n > 0) return;
  await generateData(db, demoStateOptions(new Date(), schools));
}
