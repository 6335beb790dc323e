import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import type { ScoreBand } from "../../../seed/instruments/types";
import {
  countSchoolsIn,
  getNation,
  listChildren,
  listSchoolNamesIn,
  type Organisation,
} from "../../directory/service";
import { COMPOSITE, participationCounts, type ScopeMeans, scopeMeans } from "./aggregates";
import { currentInstrument } from "../instruments/service";
import { previousSchoolYear } from "../responses/service";
import type { ResponseStatus } from "../schema";
import { bandFor, type Cell } from "../instruments/scoring";

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
  /** The schools that match the filters. */
  schools: SchoolRow[];
  /** Every school of the district, filtered or not. */
  total: number;
  /** Domain key → band key → number of schools. */
  distribution: Record<string, Record<string, number>>;
  /** The district's means this year and last, unsuppressed (any n): only its readers see this page. */
  means: ScopeMeans;
  previousMeans: ScopeMeans;
}

/** The school assessment's domains and bands, from its newest published version. */
async function qualityDomains(db: DbOrTx) {
  const instrument = await currentInstrument(db, "quality", "school");
  return {
    domains: instrument?.sections.filter((s) => s.scored).map((s) => ({ key: s.key, title: s.title })) ?? [],
    bands: instrument?.bands ?? [],
  };
}

export interface DashboardFilters {
  q?: string;
  profile?: ProfileStatus;
}

/**
 * Every school of a district with its profile status and latest scores for a school year: read
 * from the pre-computed latest scores, never from answers.
 */
export async function districtDashboard(
  db: DbOrTx,
  district: Organisation,
  schoolYear: string,
  filters: DashboardFilters,
): Promise<DistrictDashboard> {
  return filterSchools(await districtSchools(db, district, schoolYear), filters);
}

/** The schools of a district's dashboard that match the filters (the distribution counts them all). */
export function filterSchools(data: DistrictDashboard, filters: DashboardFilters): DistrictDashboard {
  const q = filters.q?.trim().toLowerCase();
  if (!q && !filters.profile) return data;
  return {
    ...data,
    schools: data.schools.filter(
      (r) => (!q || r.name.toLowerCase().includes(q)) && (!filters.profile || r.profile === filters.profile),
    ),
  };
}

/** Every school of the district, unfiltered. */
export async function districtSchools(
  db: DbOrTx,
  district: Organisation,
  schoolYear: string,
): Promise<DistrictDashboard> {
  // Four independent reads in parallel: statuses and scores are found through the district's
  // schools (the ancestors index) rather than after listing them.
  const underDistrict = sql`o.id = x.organisation_id and o.kind = 'school' and o.ancestor_ids @> array[${district.id}]::uuid[]`;
  const [{ domains, bands }, schools, statusRows, scoreRows, [means, previousMeans]] = await Promise.all([
    qualityDomains(db),
    listSchoolNamesIn(db, district.id),
    queryRows<{ organisationId: string; status: ResponseStatus }>(
      db,
      sql`select x.organisation_id as "organisationId", x.status from responses x join organisations o on ${underDistrict}
           where x.instrument_key = 'profile' and x.school_year = ${schoolYear}`,
    ),
    queryRows<{
      organisationId: string;
      submittedAt: Date | string;
      domainScores: Record<string, number | null> | string;
      composite: number | null;
    }>(
      db,
      sql`select x.organisation_id as "organisationId", x.submitted_at as "submittedAt", x.domain_scores as "domainScores", x.composite
            from latest_scores x join organisations o on ${underDistrict}
           where x.instrument_key = 'quality' and x.variant = 'school' and x.school_year = ${schoolYear}`,
    ),
    qualityDomains(db).then(({ domains: d }) =>
      Promise.all(
        [schoolYear, previousSchoolYear(schoolYear)].map(
          async (year) =>
            (
              await scopeMeans(
                db,
                [district.id],
                "quality",
                "school",
                year,
                d.map((x) => x.key),
                1,
              )
            )[0]!,
        ),
      ),
    ),
  ]);
  const statuses = new Map<string, ResponseStatus>();
  for (const r of statusRows)
    if (statuses.get(r.organisationId) !== "submitted") statuses.set(r.organisationId, r.status);
  const scores = scoreRows.map((r) => ({
    organisationId: r.organisationId,
    submittedAt: new Date(r.submittedAt),
    domainScores: (typeof r.domainScores === "string"
      ? JSON.parse(r.domainScores)
      : r.domainScores) as Record<string, number | null>,
    composite: r.composite === null ? null : Number(r.composite),
  }));
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
  return { domains, bands, distribution, total: all.length, schools: all, means, previousMeans };
}

export interface StateDashboard {
  domains: { key: string; title: { en: string; es: string } }[];
  totals: { schools: number; profile: number; quality: number };
  districts: {
    id: string;
    ancestorIds: string[];
    name: string;
    schools: number;
    profile: number;
    quality: number;
    /** Unsuppressed (any n): the page hides what its viewer may not read (`visibleTo`). */
    composite: Cell<number>;
    previousComposite: Cell<number>;
  }[];
  districtTotal: number;
  page: number;
  perPage: number;
  /** The state's means this year and last, unsuppressed (any n). */
  means: ScopeMeans;
  previousMeans: ScopeMeans;
}

/** Participation of a state's districts and schools, and the state's means per domain. */
export async function stateDashboard(
  db: DbOrTx,
  state: Organisation,
  schoolYear: string,
  page: number,
): Promise<StateDashboard> {
  const perPage = 100;
  // Independent reads in parallel; the means of the state and its districts in one read.
  const [{ domains }, districts, counts] = await Promise.all([
    qualityDomains(db),
    listChildren(db, state.id, { kind: "district", page, perPage }),
    countSchoolsIn(db, [state.id]),
  ]);
  const scopeIds = [state.id, ...districts.items.map((d) => d.id)];
  const keys = domains.map((d) => d.key);
  const [participation, [means, ...districtMeans], [previousMeans, ...districtPrevious]] = await Promise.all([
    participationCounts(db, scopeIds, schoolYear),
    scopeMeans(db, scopeIds, "quality", "school", schoolYear, keys, 1),
    scopeMeans(db, scopeIds, "quality", "school", previousSchoolYear(schoolYear), keys, 1),
  ]);
  const own = participation.get(state.id)!;
  return {
    domains,
    totals: { schools: counts.get(state.id) ?? 0, ...own },
    districts: districts.items.map((d) => ({
      id: d.id,
      ancestorIds: d.ancestorIds,
      name: d.name,
      schools: d.childCount,
      ...participation.get(d.id)!,
      composite: districtMeans.find((m) => m.scopeId === d.id)!.means[COMPOSITE]!,
      previousComposite: districtPrevious.find((m) => m.scopeId === d.id)!.means[COMPOSITE]!,
    })),
    districtTotal: districts.total,
    page,
    perPage,
    means: means!,
    previousMeans: previousMeans!,
  };
}

export interface NationalRow {
  id: string;
  ancestorIds: string[];
  code: string;
  name: string;
  schools: number;
  profile: number;
  quality: number;
  /** Unsuppressed (any n): the page hides what its viewer may not read (`visibleTo`). */
  composite: Cell<number>;
  previousComposite: Cell<number>;
}

/** Participation and composite mean by state, from the running counts and sums. */
export async function nationalView(
  db: DbOrTx,
  schoolYear: string,
): Promise<{ nation: Organisation | null; states: NationalRow[] }> {
  const nation = await getNation(db);
  if (!nation) return { nation: null, states: [] };
  const states = await listChildren(db, nation.id, { kind: "state", perPage: 100 });
  const ids = states.items.map((s) => s.id);
  const [counts, participation, means, previous] = await Promise.all([
    countSchoolsIn(db, ids),
    participationCounts(db, ids, schoolYear),
    scopeMeans(db, ids, "quality", "school", schoolYear, [], 1),
    scopeMeans(db, ids, "quality", "school", previousSchoolYear(schoolYear), [], 1),
  ]);
  return {
    nation,
    states: states.items
      .map((s) => ({
        id: s.id,
        ancestorIds: s.ancestorIds,
        code: s.stateCode ?? "",
        name: s.name,
        schools: counts.get(s.id) ?? 0,
        ...participation.get(s.id)!,
        composite: means.find((m) => m.scopeId === s.id)!.means[COMPOSITE]!,
        previousComposite: previous.find((m) => m.scopeId === s.id)!.means[COMPOSITE]!,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
