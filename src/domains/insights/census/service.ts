import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import { censusYears, rollupRowsByState, rollupRowsByYear } from "./repo";
import { type CensusFigure, figuresForViewer } from "./figures";
import { type CensusRollup, type CensusScope, emptyRollup, rollupFromRow } from "./rollup";
import { censusRecommendations } from "./schema";

export type { CensusFigure, FigureFormat, FigureSection } from "./figures";
export { censusFigures, figuresForViewer, MIN_SCHOOLS, suppressSmallFigures } from "./figures";
export {
  cellText as censusCellText,
  figureLabel as censusFigureLabel,
  schoolsText as censusSchoolsText,
} from "./labels";
export type { CensusRollup, CensusScope, SchoolShare, StaffingFigure, StudentShare } from "./rollup";
export { CENSUS_ROLES, type CensusRole, FUNDING_SOURCES, GRADES, TIERS } from "./roles";

const scopeIdOf = (scope: CensusScope): string | null =>
  scope.level === "nation" ? null : scope.level === "state" ? scope.stateId : scope.districtId;

/** A state's and the nation's census leave out the schools that chose not to share that year. */
const rollupScope = (scope: CensusScope) => ({
  id: scopeIdOf(scope),
  beyondDistrict: scope.level !== "district",
});

/**
 * The census of a district, a state or the nation for one school year: what the latest submitted
 * profiles of its schools add up to, every figure with the number of schools behind it. Not
 * suppressed: pass it through `figuresForViewer` before showing it to anyone who may not read
 * every school under the scope.
 */
export async function censusRollup(
  db: DbOrTx,
  scope: CensusScope,
  schoolYear: string,
): Promise<CensusRollup> {
  const [row] = await rollupRowsByYear(db, rollupScope(scope), schoolYear);
  return row ? rollupFromRow(row) : emptyRollup(schoolYear);
}

/** The census of a scope for every school year on record under it, oldest first. */
export async function censusTrend(db: DbOrTx, scope: CensusScope): Promise<CensusRollup[]> {
  const rows = await rollupRowsByYear(db, rollupScope(scope), null);
  return rows.map(rollupFromRow);
}

/** One school year's census of every state that has one, by state organisation id (one query). */
export async function censusRollupsByState(
  db: DbOrTx,
  schoolYear: string,
): Promise<Map<string, CensusRollup>> {
  const rows = await rollupRowsByState(db, schoolYear);
  return new Map(rows.filter((r) => r.groupId).map((r) => [r.groupId!, rollupFromRow(r)]));
}

/** School years with at least one census profile under the scope, oldest first. */
export function censusYearsOf(db: DbOrTx, scope: CensusScope): Promise<string[]> {
  return censusYears(db, scopeIdOf(scope));
}

export type Recommendation = typeof censusRecommendations.$inferSelect;

/** The professional recommendations shown beside the ratios, by role. */
export async function listRecommendations(db: DbOrTx): Promise<Recommendation[]> {
  return db.select().from(censusRecommendations).orderBy(censusRecommendations.role);
}

/**
 * What the national associations publish (see docs/domain facts): students per FTE for school
 * psychologists, counselors and social workers; a full-time nurse in every school.
 */
export const PUBLISHED_RECOMMENDATIONS: Omit<Recommendation, "updatedAt">[] = [
  {
    role: "psychologist",
    studentsPerFte: 500,
    ftePerSchool: null,
    sourceName: "National Association of School Psychologists (NASP)",
    sourceUrl: "https://www.nasponline.org/",
  },
  {
    role: "counselor",
    studentsPerFte: 250,
    ftePerSchool: null,
    sourceName: "American School Counselor Association (ASCA)",
    sourceUrl: "https://www.schoolcounselor.org/",
  },
  {
    role: "social-worker",
    studentsPerFte: 250,
    ftePerSchool: null,
    sourceName: "School Social Work Association of America (SSWAA)",
    sourceUrl: "https://www.sswaa.org/",
  },
  {
    role: "nurse",
    studentsPerFte: null,
    ftePerSchool: 1,
    sourceName: "National Association of School Nurses (NASN)",
    sourceUrl: "https://www.nasn.org/",
  },
];

/**
 * Reference data, run on every start: adds a recommendation that is missing and leaves existing
 * rows alone, so one updated in the database is not put back by the next start.
 */
export async function seedRecommendations(db: DbOrTx): Promise<void> {
  await db.insert(censusRecommendations).values(PUBLISHED_RECOMMENDATIONS).onConflictDoNothing();
}

/** States whose number of schools is nearest the given state's (for "states of similar size"). */
export function similarStates<T extends { id: string; schools: number }>(
  all: T[],
  stateId: string,
  count = 4,
): T[] {
  const me = all.find((s) => s.id === stateId);
  if (!me) return [];
  return all
    .filter((s) => s.id !== stateId && s.schools > 0)
    .sort(
      (a, b) =>
        Math.abs(a.schools - me.schools) - Math.abs(b.schools - me.schools) || a.id.localeCompare(b.id),
    )
    .slice(0, count)
    .sort((a, b) => b.schools - a.schools);
}

/** How many schools have census facts (for the benchmark and health checks). */
export async function countCensusSchools(db: DbOrTx, schoolYear: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from census_school_facts where school_year = ${schoolYear}`,
  );
  return row?.n ?? 0;
}

/** The census figures a public page leads with: staffing ratios, tiers offered, screening. */
const PUBLIC_HIGHLIGHTS = [
  "staff.psychologist.perFte.total",
  "staff.counselor.perFte.total",
  "staff.social-worker.perFte.total",
  "staff.nurse.fullTime",
  "tier1.offered",
  "tier2.offered",
  "tier3.offered",
  "screening.schools",
  "screening.students",
];

/**
 * The nation's census highlights for a school year as any visitor may see them: figures from
 * fewer than 10 schools hidden, schools that do not share left out.
 */
export async function publicNationCensus(db: DbOrTx, schoolYear: string): Promise<CensusFigure[]> {
  const figures = figuresForViewer(await censusRollup(db, { level: "nation" }, schoolYear), false);
  return PUBLIC_HIGHLIGHTS.flatMap((key) => figures.filter((f) => f.key === key));
}
