import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import { currentInstrument } from "../instruments/service";

/** The school assessment's scored domains, from its newest published version. */
export async function schoolAssessmentDomains(
  db: DbOrTx,
): Promise<{ key: string; title: { en: string; es: string } }[]> {
  const instrument = await currentInstrument(db, "quality", "school");
  return instrument?.sections.filter((s) => s.scored).map((s) => ({ key: s.key, title: s.title })) ?? [];
}

/** Participation and running sums of one scope in one school year (schools' submissions only). */
export interface ScopeYearFigures {
  scopeId: string;
  schoolYear: string;
  /** Schools with a submitted profile / assessment that count towards this scope. */
  profile: number;
  quality: number;
  /** Domain key (and "composite") → sum of the schools' latest scores and how many schools. */
  means: Record<string, { sum: number; n: number }>;
}

/**
 * Every school year on record for a set of scopes, read from the running counts and sums (two
 * index reads, whatever the number of schools). Schools that chose not to share beyond their
 * district are already left out of the state and national rows.
 */
export async function scopeFiguresByYear(db: DbOrTx, scopeIds: string[]): Promise<ScopeYearFigures[]> {
  if (scopeIds.length === 0) return [];
  const ids = sql.param(scopeIds);
  const [counts, sums] = await Promise.all([
    queryRows<{ scopeId: string; schoolYear: string; instrumentKey: string; organisations: number }>(
      db,
      sql`select scope_id as "scopeId", school_year as "schoolYear", instrument_key as "instrumentKey", organisations
            from participation
           where scope_id = any(${ids}::uuid[]) and variant = 'school' and instrument_key in ('profile', 'quality')`,
    ),
    queryRows<{ scopeId: string; schoolYear: string; domainKey: string; sum: number; n: number }>(
      db,
      sql`select scope_id as "scopeId", school_year as "schoolYear", domain_key as "domainKey", sum, n
            from score_aggregates
           where scope_id = any(${ids}::uuid[]) and variant = 'school' and instrument_key = 'quality'`,
    ),
  ]);
  const found = new Map<string, ScopeYearFigures>();
  const entry = (scopeId: string, schoolYear: string) => {
    const key = `${scopeId} ${schoolYear}`;
    let figures = found.get(key);
    if (!figures) {
      figures = { scopeId, schoolYear, profile: 0, quality: 0, means: {} };
      found.set(key, figures);
    }
    return figures;
  };
  for (const c of counts) {
    const figures = entry(c.scopeId, c.schoolYear);
    if (c.instrumentKey === "profile") figures.profile = Number(c.organisations);
    else figures.quality = Number(c.organisations);
  }
  for (const s of sums)
    entry(s.scopeId, s.schoolYear).means[s.domainKey] = { sum: Number(s.sum), n: Number(s.n) };
  return [...found.values()];
}
