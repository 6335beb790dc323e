import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../platform/db/client";
import type { ScoreBand } from "../../seed/instruments/types";
import { countSchoolsIn, getNation, listChildren, listSchoolsIn, type Organisation } from "../directory/service";
import { COMPOSITE, participationCounts, type ScopeMeans, scopeMeans } from "./aggregates";
import { currentInstrument } from "./instruments";
import { latestScores } from "./schema";
import { bandFor, type Cell } from "./scoring";
import { responseStatuses } from "./service";

export type ProfileStatus = "notStarted" | "draft" | "submitted";

export interface SchoolRow {
  id: string;
  name: string;
  profile: ProfileStatus;
  lastAssessment: Date | null;
  scores: Record<string, number | null>;
}

export interface DistrictDashboard {
  domains: { key: string; title: { en: string; es: string } }[];
  bands: ScoreBand[];
  schools: SchoolRow[];
  /** Domain key → band key → number of schools. */
  distribution: Record<string, Record<string, number>>;
}

/** The school assessment's domains and bands, from its newest published version. */
async function qualityDomains(db: DbOrTx) {
  const instrument = await currentInstrument(db, "quality", "school");
  return {
    domains: instrument?.sections.filter((s) => s.scored).map((s) => ({ key: s.key, title: s.title })) ?? [],
    bands: instrument?.bands ?? [],
  };
}

/**
 * Every school of a district with its profile status and latest scores for a school year: read
 * from the pre-computed latest scores, never from answers.
 */
export async function districtDashboard(
  db: DbOrTx,
  district: Organisation,
  schoolYear: string,
  filters: { q?: string; profile?: ProfileStatus },
): Promise<DistrictDashboard> {
  const [{ domains, bands }, schools] = await Promise.all([qualityDomains(db), listSchoolsIn(db, district.id)]);
  const ids = schools.map((s) => s.id);
  const [statuses, scores] = await Promise.all([
    responseStatuses(db, ids, "profile", schoolYear),
    ids.length
      ? db
          .select()
          .from(latestScores)
          .where(
            and(
              sql`${latestScores.organisationId} = any(${sql.param(ids)}::uuid[])`,
              eq(latestScores.instrumentKey, "quality"),
              eq(latestScores.variant, "school"),
              eq(latestScores.schoolYear, schoolYear),
            ),
          )
      : Promise.resolve([]),
  ]);
  const byOrg = new Map(scores.map((s) => [s.organisationId, s]));
  const all: SchoolRow[] = schools.map((s) => {
    const latest = byOrg.get(s.id);
    return {
      id: s.id,
      name: s.name,
      profile: statuses.get(s.id) ?? "notStarted",
      lastAssessment: latest?.submittedAt ?? null,
      scores: latest ? { ...latest.domainScores, [COMPOSITE]: latest.composite } : {},
    };
  });
  const distribution: Record<string, Record<string, number>> = {};
  for (const key of [...domains.map((d) => d.key), COMPOSITE]) {
    distribution[key] = Object.fromEntries(bands.map((b) => [b.key, 0]));
    for (const row of all) {
      const score = row.scores[key];
      const band = score !== null && score !== undefined ? bandFor(score, bands) : null;
      if (band) distribution[key]![band.key]!++;
    }
  }
  const q = filters.q?.trim().toLowerCase();
  return {
    domains,
    bands,
    distribution,
    schools: all.filter((r) => (!q || r.name.toLowerCase().includes(q)) && (!filters.profile || r.profile === filters.profile)),
  };
}

export interface StateDashboard {
  domains: { key: string; title: { en: string; es: string } }[];
  totals: { schools: number; profile: number; quality: number };
  districts: { id: string; name: string; schools: number; profile: number; quality: number; composite: Cell<number> }[];
  districtTotal: number;
  page: number;
  perPage: number;
  means: ScopeMeans;
}

/** Participation of a state's districts and schools, and the state's means per domain. */
export async function stateDashboard(db: DbOrTx, state: Organisation, schoolYear: string, page: number): Promise<StateDashboard> {
  const perPage = 100;
  // Independent reads in parallel; the means of the state and its districts in one read.
  const [{ domains }, districts, counts] = await Promise.all([
    qualityDomains(db),
    listChildren(db, state.id, { kind: "district", page, perPage }),
    countSchoolsIn(db, [state.id]),
  ]);
  const scopeIds = [state.id, ...districts.items.map((d) => d.id)];
  const [participation, [means, ...districtMeans]] = await Promise.all([
    participationCounts(db, scopeIds, schoolYear),
    scopeMeans(db, scopeIds, "quality", "school", schoolYear, domains.map((d) => d.key)),
  ]);
  const own = participation.get(state.id)!;
  return {
    domains,
    totals: { schools: counts.get(state.id) ?? 0, ...own },
    districts: districts.items.map((d) => ({
      id: d.id,
      name: d.name,
      schools: d.childCount,
      ...participation.get(d.id)!,
      composite: districtMeans.find((m) => m.scopeId === d.id)!.means[COMPOSITE]!,
    })),
    districtTotal: districts.total,
    page,
    perPage,
    means: means!,
  };
}

export interface NationalRow {
  id: string;
  code: string;
  name: string;
  schools: number;
  profile: number;
  quality: number;
  composite: Cell<number>;
}

/** Participation and composite mean by state, from the running counts and sums. */
export async function nationalView(db: DbOrTx, schoolYear: string): Promise<{ nation: Organisation | null; states: NationalRow[] }> {
  const nation = await getNation(db);
  if (!nation) return { nation: null, states: [] };
  const states = await listChildren(db, nation.id, { kind: "state", perPage: 100 });
  const ids = states.items.map((s) => s.id);
  const [counts, participation, means] = await Promise.all([
    countSchoolsIn(db, ids),
    participationCounts(db, ids, schoolYear),
    scopeMeans(db, ids, "quality", "school", schoolYear, []),
  ]);
  return {
    nation,
    states: states.items
      .map((s) => ({
        id: s.id,
        code: s.stateCode ?? "",
        name: s.name,
        schools: counts.get(s.id) ?? 0,
        ...participation.get(s.id)!,
        composite: means.find((m) => m.scopeId === s.id)!.means[COMPOSITE]!,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
