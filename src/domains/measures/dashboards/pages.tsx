import { nationalRowsSeenBy, stateDashboardSeenBy } from "./visibility";
import { Readable } from "node:stream";
import { stringify as stringifyStream } from "csv-stringify";
import { stringify } from "csv-stringify/sync";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { type Cache, type Caches, Dependencies } from "../../../platform/cache";
import { IdParams } from "../../../platform/http/schemas";
import { can } from "../../../platform/policy";
import { loadedOrganisation, organisationInPath, signedInActor, theNation } from "../access";
import type { Static } from "@sinclair/typebox";
import { DistrictDashboardQuery, PageYearQuery, SchoolListQuery, StateDashboardQuery } from "../api-schemas";
import { COMPOSITE } from "./aggregates";
import { measuresTags } from "../cache-tags";
import {
  type DistrictDashboard,
  districtSchools,
  filterSchools,
  type NationalRow,
  nationalView,
  type ProfileStatus,
  type StateDashboard,
  stateDashboard,
} from "./data";
import { importTemplateHeader } from "../import/service";
import { currentInstrument } from "../instruments/service";
import { isSchoolYear, previousSchoolYear, schoolYearOf } from "../responses/service";
import type { Organisation } from "../../directory/service";
import { DistrictDashboardPage, NationalViewPage, StateDashboardPage } from "./views/dashboards";
import {
  filterAndSort,
  type SchoolFilters,
  type SchoolList,
  schoolCsvRows,
  schoolsUnder,
} from "./school-list";
import { SchoolListPage } from "./views/school-list";

function yearsAround(asked: string | undefined) {
  const current = schoolYearOf(new Date());
  const schoolYear = asked && isSchoolYear(asked) ? asked : current;
  const years = [current, previousSchoolYear(current), previousSchoolYear(previousSchoolYear(current))];
  if (!years.includes(schoolYear)) years.push(schoolYear);
  return { schoolYear, years };
}

/**
 * What the dashboards read, shared by every viewer: one load per scope and school year (state:
 * and page) until something under the scope changes (`measures:<scope>`), and each viewer's page
 * is rendered from it. Filters and paging of a district's schools are applied afterwards.
 */
interface DashboardData {
  districts: Cache<DistrictDashboard>;
  lists: Cache<SchoolList>;
  states: Cache<StateDashboard>;
  nations: Cache<NationalRow[]>;
}
const dashboardDataOf = new WeakMap<Caches, DashboardData>();

export function dashboardData(app: FastifyInstance): DashboardData {
  let found = dashboardDataOf.get(app.caches);
  if (!found) {
    // A long safety net: every write under a scope announces it.
    const ttlMs = 10 * 60_000;
    found = {
      districts: app.caches.create({ maxEntries: 2_000, ttlMs }),
      lists: app.caches.create({ maxEntries: 500, ttlMs }),
      states: app.caches.create({ maxEntries: 500, ttlMs }),
      nations: app.caches.create({ maxEntries: 20, ttlMs }),
    };
    dashboardDataOf.set(app.caches, found);
  }
  return found;
}

/** A district's schools with their statuses and scores, from the shared cache. */
export async function cachedDistrictSchools(
  app: FastifyInstance,
  district: Organisation,
  schoolYear: string,
  deps = new Dependencies(),
): Promise<DistrictDashboard> {
  const data = await dashboardData(app).districts.load(
    `${district.id} ${schoolYear}`,
    (own) => {
      own.add(measuresTags.under(district.id));
      return districtSchools(app.db, district, schoolYear);
    },
    deps,
  );
  return data!;
}

/** Every school below a district or state with statuses and scores, from the shared cache. */
export async function cachedSchoolList(
  app: FastifyInstance,
  scope: Organisation,
  schoolYear: string,
  deps = new Dependencies(),
): Promise<SchoolList> {
  const data = await dashboardData(app).lists.load(
    `${scope.id} ${schoolYear}`,
    (own) => {
      own.add(measuresTags.under(scope.id));
      return schoolsUnder(app.db, scope, schoolYear);
    },
    deps,
  );
  return data!;
}

/** The filters of a school-list request, blanks dropped (a form sends "" for "All"). */
export function schoolFiltersOf(query: Static<typeof SchoolListQuery>): SchoolFilters {
  return {
    q: query.q?.trim() || undefined,
    district: query.district || undefined,
    place: query.place || undefined,
    level: query.level || undefined,
    band: query.band || undefined,
    profile: query.profile || undefined,
    assessment: query.assessment || undefined,
    sort: query.sort || undefined,
    dir: query.dir,
  };
}

/** The query string that asks for the same filters (for page links and the CSV). */
function filterParams(schoolYear: string, filters: SchoolFilters): URLSearchParams {
  const params = new URLSearchParams({ year: schoolYear });
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  return params;
}

/** District, state and national dashboards, read from the pre-computed aggregates. */
export async function dashboardPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const cached = dashboardData(instance);
  for (const format of ["", ".csv"] as const) {
    app.get(
      `/measures/dashboards/district/:id${format}`,
      {
        schema: { params: IdParams, querystring: DistrictDashboardQuery },
        config: { access: { action: "measures.read", load: organisationInPath(["district"]), refuse: 404 } },
      },
      async (request, reply) => {
        const organisation = loadedOrganisation(request);
        const { schoolYear, years } = yearsAround(request.query.year);
        const q = request.query.q || undefined;
        const profile: ProfileStatus | undefined = request.query.profile;
        if (format === ".csv") {
          const data = filterSchools(await cachedDistrictSchools(instance, organisation, schoolYear), {
            q,
            profile,
          });
          const keys = [...data.domains.map((d) => d.key), COMPOSITE];
          const rows = data.schools.map((s) => [
            s.id,
            s.name,
            s.profile,
            s.lastAssessment?.toISOString().slice(0, 10) ?? "",
            ...keys.map((k) => s.scores[k] ?? ""),
          ]);
          // Streamed (and compressed as it goes), so a district of any size is one download.
          const header = ["school_id", "school", "profile_status", "last_assessment", ...keys];
          return reply
            .type("text/csv; charset=utf-8")
            .header("content-disposition", `attachment; filename="district-${schoolYear}.csv"`)
            .header("cache-control", "no-store")
            .send(Readable.from([header, ...rows]).pipe(stringifyStream()));
        }
        const params = new URLSearchParams({
          year: schoolYear,
          ...(q ? { q } : {}),
          ...(profile ? { profile } : {}),
        });
        return reply.sharedPage(
          (deps) => cachedDistrictSchools(instance, organisation, schoolYear, deps),
          (ctx, all) => (
            <DistrictDashboardPage
              ctx={ctx}
              district={organisation}
              data={filterSchools(all, { q, profile })}
              schoolYear={schoolYear}
              years={years}
              filters={{ q, profile }}
              csvHref={`/measures/dashboards/district/${organisation.id}.csv?${params}`}
              page={request.query.page ?? 1}
              pageHref={(p) => `/measures/dashboards/district/${organisation.id}?${params}&page=${p}`}
            />
          ),
        );
      },
    );
  }

  // Every school below a state or district team: filter, sort, page; the CSV holds exactly what the
  // filters match, in the same order.
  for (const kind of ["state", "district"] as const) {
    for (const format of ["", ".csv"] as const) {
      app.get(
        `/measures/dashboards/${kind}/:id/schools${format}`,
        {
          schema: { params: IdParams, querystring: SchoolListQuery },
          config: { access: { action: "measures.read", load: organisationInPath([kind]), refuse: 404 } },
        },
        async (request, reply) => {
          const scope = loadedOrganisation(request);
          const { schoolYear, years } = yearsAround(request.query.year);
          const filters = schoolFiltersOf(request.query);
          const base = `/measures/dashboards/${kind}/${scope.id}/schools`;
          if (format === ".csv") {
            const list = await cachedSchoolList(instance, scope, schoolYear);
            const rows = schoolCsvRows(list, filterAndSort(list, filters));
            // Streamed (and compressed as it goes), so a state of any size is one download.
            return reply
              .type("text/csv; charset=utf-8")
              .header("content-disposition", `attachment; filename="schools-${kind}-${schoolYear}.csv"`)
              .header("cache-control", "no-store")
              .send(Readable.from(rows).pipe(stringifyStream()));
          }
          const params = filterParams(schoolYear, filters);
          return reply.sharedPage(
            (deps) => cachedSchoolList(instance, scope, schoolYear, deps),
            (ctx, list) => (
              <SchoolListPage
                ctx={ctx}
                scope={scope}
                list={list}
                rows={filterAndSort(list, filters)}
                filters={filters}
                schoolYear={schoolYear}
                years={years}
                page={request.query.page ?? 1}
                action={base}
                csvHref={`${base}.csv?${params}`}
                pageHref={(p) => `${base}?${params}&page=${p}`}
                dashboardHref={`/measures/dashboards/${kind}/${scope.id}?year=${schoolYear}`}
              />
            ),
          );
        },
      );
    }
  }

  app.get(
    "/measures/dashboards/state/:id",
    {
      schema: { params: IdParams, querystring: StateDashboardQuery },
      config: { access: { action: "measures.read", load: organisationInPath(["state"]), refuse: 404 } },
    },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const organisation = loadedOrganisation(request);
      const { schoolYear, years } = yearsAround(request.query.year);
      const page = request.query.page ?? 1;
      return reply.sharedPage(
        async (deps) => {
          const data = await cached.states.load(
            `${organisation.id} ${schoolYear} ${page}`,
            (own) => {
              own.add(measuresTags.under(organisation.id));
              return stateDashboard(app.db, organisation, schoolYear, page);
            },
            deps,
          );
          return {
            data: stateDashboardSeenBy(actor, organisation, data!),
            canImport: can(actor, "measures.importProfiles", organisation),
          };
        },
        (ctx, { data, canImport }) => (
          <StateDashboardPage
            ctx={ctx}
            state={organisation}
            data={data}
            schoolYear={schoolYear}
            years={years}
            canImport={canImport}
          />
        ),
      );
    },
  );

  // The blank template names the profile's questions only, which are public.
  app.get(
    "/measures/profile-import-template.csv",
    { config: { access: "public" } },
    async (_request, reply) => {
      const instrument = await currentInstrument(app.db, "profile", "school");
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="profile-import-template.csv"')
        .send(stringify([importTemplateHeader(instrument?.sections ?? [])]));
    },
  );

  app.get(
    "/measures/dashboards/national",
    {
      schema: { querystring: PageYearQuery },
      config: { access: { action: "measures.viewNational", load: theNation, refuse: 404 } },
    },
    async (request, reply) => {
      const { schoolYear, years } = yearsAround(request.query.year);
      const nation = loadedOrganisation(request);
      const actor = await signedInActor(request);
      return reply.sharedPage(
        async (deps) => {
          const states = await cached.nations.load(
            schoolYear,
            async (own) => {
              own.add(measuresTags.under(nation.id));
              return (await nationalView(app.db, schoolYear)).states;
            },
            deps,
          );
          return nationalRowsSeenBy(actor, states!);
        },
        (ctx, states) => <NationalViewPage ctx={ctx} states={states} schoolYear={schoolYear} years={years} />,
      );
    },
  );
}
