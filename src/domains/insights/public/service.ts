import type { DbOrTx } from "../../../platform/db/client";
import { countSchoolsIn, getNation, listChildren } from "../../directory/service";
import { type ScopeYearFigures, schoolAssessmentDomains, scopeFiguresByYear } from "../../measures/service";
import { protectYear, type PublicYear, type RawScope } from "./figures";

export { type PublicCell, type PublicRow, type PublicYear, shareOf } from "./figures";

export const COMPOSITE = "composite";

export interface PublicDashboard {
  /** The nation's id: its `measures:` tag is announced whenever anything under it is submitted. */
  nationId: string;
  domains: { key: string; title: { en: string; es: string } }[];
  /** Every school year on record, newest first, each protected on its own. */
  years: PublicYear[];
}

/**
 * The public national dashboard's figures for every school year on record: participation and
 * domain means by state and for the nation, with small cells and their complements hidden.
 * Reads the running counts and sums only (a few index reads for 100,000 schools); the page and
 * API keep the answer until a submission anywhere announces the nation's tag.
 */
export async function publicNationalDashboard(db: DbOrTx): Promise<PublicDashboard | null> {
  const nation = await getNation(db);
  if (!nation) return null;
  const states = (await listChildren(db, nation.id, { kind: "state", perPage: 100 })).items.sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const scopeIds = [nation.id, ...states.map((s) => s.id)];
  const [domains, schools, figures] = await Promise.all([
    schoolAssessmentDomains(db),
    countSchoolsIn(db, scopeIds),
    scopeFiguresByYear(db, scopeIds),
  ]);
  const meanKeys = [...domains.map((d) => d.key), COMPOSITE];
  const byScopeYear = new Map(figures.map((f) => [`${f.scopeId} ${f.schoolYear}`, f]));
  const yearsOnRecord = [...new Set(figures.map((f) => f.schoolYear))].sort().reverse();
  const rawScope = (scope: { id: string; name: string; stateCode: string | null }, year: string): RawScope =>
    raw(scope, schools.get(scope.id) ?? 0, byScopeYear.get(`${scope.id} ${year}`));
  return {
    nationId: nation.id,
    domains,
    years: yearsOnRecord.map((year) =>
      protectYear(
        year,
        meanKeys,
        states.map((state) => rawScope(state, year)),
        rawScope({ ...nation, stateCode: "US" }, year),
      ),
    ),
  };
}

function raw(
  scope: { name: string; stateCode: string | null },
  schools: number,
  figures: ScopeYearFigures | undefined,
): RawScope {
  return {
    code: scope.stateCode ?? "",
    name: scope.name,
    schools,
    profile: figures?.profile ?? 0,
    quality: figures?.quality ?? 0,
    means: figures?.means ?? {},
  };
}
