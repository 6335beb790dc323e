import type { FastifyInstance } from "fastify";
import { type Caches, cachesPerApp, type Dependencies, tag } from "../../../platform/cache";
import { type Actor, can } from "../../../platform/policy";
import {
  countSchoolsByState,
  getNation,
  getOrganisation,
  listChildren,
  type Organisation,
} from "../../directory/service";
import { qualityDomainSumsByYear, schoolYearOf } from "../../measures/service";
import type { CensusFigure } from "./figures";
import { figuresForViewer, MIN_SCHOOLS } from "./figures";
import type { CensusRollup, CensusScope } from "./rollup";
import {
  censusRollup,
  censusRollupsByState,
  censusTrend,
  censusYearsOf,
  listRecommendations,
  type Recommendation,
  similarStates,
} from "./service";

/** Anything measured at or under an organisation (announced by the measures domain's triggers). */
const measuresUnder = (organisationId: string) => tag.of("measures", organisationId);
/** The recommendations table (announced by insights migration 0002). */
export const RECOMMENDATIONS_TAG = "census-recommendations";

/**
 * What census pages read, shared by every viewer and kept until something under the scope is
 * submitted (`measures:<scope>`); each viewer's page applies its own suppression to it.
 */
const caches = cachesPerApp((c: Caches) => {
  const ttlMs = 10 * 60_000;
  return {
    organisations: c.create<Organisation | null>({ maxEntries: 5_000, ttlMs }),
    rollups: c.create<CensusRollup>({ maxEntries: 2_000, ttlMs }),
    byState: c.create<Map<string, CensusRollup>>({ maxEntries: 20, ttlMs }),
    trends: c.create<CensusRollup[]>({ maxEntries: 1_000, ttlMs }),
    domainSums: c.create<Awaited<ReturnType<typeof qualityDomainSumsByYear>>>({ maxEntries: 1_000, ttlMs }),
    states: c.create<{ id: string; name: string; schools: number }[]>({ maxEntries: 2, ttlMs }),
    recommendations: c.create<Recommendation[]>({ maxEntries: 2, ttlMs }),
    years: c.create<string[]>({ maxEntries: 2, ttlMs }),
  };
});

/** An organisation by id (renames and removals announce "*", which empties every cache). */
export async function cachedOrganisation(app: FastifyInstance, id: string): Promise<Organisation | null> {
  const found = await caches(app.caches).organisations.load(id, () => getOrganisation(app.db, id));
  return found ?? null;
}

export async function cachedNation(app: FastifyInstance): Promise<Organisation> {
  const nation = await caches(app.caches).organisations.load("nation", () => getNation(app.db));
  if (!nation) throw new Error("The nation is missing from the directory.");
  return nation;
}

/** One scope of a census page: the organisation and the level it stands for. */
export interface ScopeOrg {
  scope: CensusScope;
  org: Organisation;
}

export function scopeOf(org: Organisation): CensusScope {
  if (org.kind === "state") return { level: "state", stateId: org.id };
  if (org.kind === "district") return { level: "district", districtId: org.id };
  return { level: "nation" };
}

/** A column of a census page: a scope's figures as the viewer may see them. */
export interface CensusColumn {
  org: Organisation;
  level: CensusScope["level"];
  figures: CensusFigure[];
  /** The viewer may read every school under this scope (so nothing is suppressed). */
  seesEverySchool: boolean;
}

function columnOf(actor: Actor | null, org: Organisation, rollup: CensusRollup): CensusColumn {
  const seesEverySchool = can(actor, "measures.read", org);
  return {
    org,
    level: scopeOf(org).level,
    figures: figuresForViewer(rollup, seesEverySchool),
    seesEverySchool,
  };
}

async function rollupOf(app: FastifyInstance, org: Organisation, schoolYear: string, deps: Dependencies) {
  const rollup = await caches(app.caches).rollups.load(
    `${org.id} ${schoolYear}`,
    (own) => {
      own.add(measuresUnder(org.id));
      return censusRollup(app.db, scopeOf(org), schoolYear);
    },
    deps,
  );
  return rollup!;
}

/** Every state with its number of schools in the directory (for "states of similar size"). */
async function statesWithSizes(app: FastifyInstance, nation: Organisation, deps: Dependencies) {
  const states = await caches(app.caches).states.load(
    "all",
    async (own) => {
      own.add(measuresUnder(nation.id));
      const [children, counts] = await Promise.all([
        listChildren(app.db, nation.id, { kind: "state", perPage: 100 }),
        countSchoolsByState(app.db),
      ]);
      const schoolsOf = new Map(counts.map((c) => [c.stateCode, c.schools]));
      return children.items.map((s) => ({
        id: s.id,
        name: s.name,
        schools: schoolsOf.get(s.stateCode ?? "") ?? 0,
      }));
    },
    deps,
  );
  return states!;
}

export async function cachedRecommendations(app: FastifyInstance, deps: Dependencies) {
  const found = await caches(app.caches).recommendations.load(
    "all",
    (own) => {
      own.add(RECOMMENDATIONS_TAG);
      return listRecommendations(app.db);
    },
    deps,
  );
  return found!;
}

export interface CensusPageData {
  main: CensusColumn;
  /** The scopes it is compared with: a district's state and the nation; a state's nation and similar states. */
  compare: CensusColumn[];
  recommendations: Recommendation[];
}

/** The scope's census for a year, with the scopes it is compared with, as the viewer may see them. */
export async function censusPageData(
  app: FastifyInstance,
  actor: Actor | null,
  org: Organisation,
  schoolYear: string,
  deps: Dependencies,
): Promise<CensusPageData> {
  const nation = await cachedNation(app);
  const main = columnOf(actor, org, await rollupOf(app, org, schoolYear, deps));
  const compare: CensusColumn[] = [];
  if (org.kind === "district") {
    const state = org.ancestorIds[1] ? await cachedOrganisation(app, org.ancestorIds[1]) : null;
    if (state) compare.push(columnOf(actor, state, await rollupOf(app, state, schoolYear, deps)));
  }
  if (org.kind !== "nation")
    compare.push(columnOf(actor, nation, await rollupOf(app, nation, schoolYear, deps)));
  if (org.kind === "state") {
    const byState = await caches(app.caches).byState.load(
      schoolYear,
      (own) => {
        own.add(measuresUnder(nation.id));
        return censusRollupsByState(app.db, schoolYear);
      },
      deps,
    );
    const similar = similarStates(await statesWithSizes(app, nation, deps), org.id);
    for (const s of similar) {
      const state = await cachedOrganisation(app, s.id);
      const rollup = byState!.get(s.id);
      if (state)
        compare.push(columnOf(actor, state, rollup ?? (await rollupOf(app, state, schoolYear, deps))));
    }
  }
  return { main, compare, recommendations: await cachedRecommendations(app, deps) };
}

/** A scope's census for every year on record, and its domain means by year, as the viewer may see them. */
export interface TrendData {
  org: Organisation;
  seesEverySchool: boolean;
  years: { schoolYear: string; figures: CensusFigure[] }[];
  domains: { key: string; title: { en: string; es: string } }[];
  /** Domain key (and "composite") → school year → mean, or null when hidden or missing. */
  means: Map<string, Map<string, { mean: number | null; n: number | null; suppressed: boolean }>>;
}

export async function trendData(
  app: FastifyInstance,
  actor: Actor | null,
  org: Organisation,
  deps: Dependencies,
): Promise<TrendData> {
  const c = caches(app.caches);
  const [trend, sums] = await Promise.all([
    c.trends.load(
      org.id,
      (own) => {
        own.add(measuresUnder(org.id));
        return censusTrend(app.db, scopeOf(org));
      },
      deps,
    ),
    c.domainSums.load(
      org.id,
      (own) => {
        own.add(measuresUnder(org.id));
        return qualityDomainSumsByYear(app.db, org.id);
      },
      deps,
    ),
  ]);
  const seesEverySchool = can(actor, "measures.read", org);
  const means: TrendData["means"] = new Map();
  for (const r of sums!.rows) {
    const byYear = means.get(r.domainKey) ?? new Map();
    const suppressed = !seesEverySchool && r.n > 0 && r.n < MIN_SCHOOLS;
    byYear.set(r.schoolYear, {
      mean: r.n > 0 && !suppressed ? r.sum / r.n : null,
      n: suppressed ? null : r.n,
      suppressed,
    });
    means.set(r.domainKey, byYear);
  }
  return {
    org,
    seesEverySchool,
    years: trend!.map((r) => ({ schoolYear: r.schoolYear, figures: figuresForViewer(r, seesEverySchool) })),
    domains: sums!.domains,
    means,
  };
}

/**
 * The school years a census page offers (every year on record nationally, and the current one,
 * newest first) and the latest year on record (the current one when there is none yet).
 */
export async function offeredYears(
  app: FastifyInstance,
  deps: Dependencies,
): Promise<{ all: string[]; recordedLatest: string }> {
  const nation = await cachedNation(app);
  const recorded = await caches(app.caches).years.load(
    "all",
    (own) => {
      own.add(measuresUnder(nation.id));
      return censusYearsOf(app.db, { level: "nation" });
    },
    deps,
  );
  const current = schoolYearOf(new Date());
  return {
    all: [...new Set([...recorded!, current])].sort().reverse(),
    recordedLatest: recorded!.at(-1) ?? current,
  };
}
