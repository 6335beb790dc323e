import { Readable } from "node:stream";
import { stringify as stringifyStream } from "csv-stringify";
import { stringify } from "csv-stringify/sync";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { IdParams } from "../../platform/http/schemas";
import { can } from "../../platform/policy";
import { loadedOrganisation, organisationInPath, signedInActor, theNation } from "./access";
import { DistrictDashboardQuery, PageYearQuery, StateDashboardQuery } from "./api-schemas";
import { COMPOSITE } from "./aggregates";
import { districtDashboard, nationalView, type ProfileStatus, stateDashboard } from "./dashboard-data";
import { importTemplateHeader } from "./import";
import { currentInstrument } from "./instruments";
import { isSchoolYear, previousSchoolYear, schoolYearOf } from "./service";
import { DistrictDashboardPage, NationalViewPage, StateDashboardPage } from "./views/dashboards";

function yearsAround(asked: string | undefined) {
  const current = schoolYearOf(new Date());
  const schoolYear = asked && isSchoolYear(asked) ? asked : current;
  const years = [current, previousSchoolYear(current), previousSchoolYear(previousSchoolYear(current))];
  if (!years.includes(schoolYear)) years.push(schoolYear);
  return { schoolYear, years };
}

/** District, state and national dashboards, read from the pre-computed aggregates. */
export async function dashboardPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
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
        const data = await districtDashboard(app.db, organisation, schoolYear, { q, profile });
        if (format === ".csv") {
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
        return reply.page(
          <DistrictDashboardPage
            ctx={reply.pageContext()}
            district={organisation}
            data={data}
            schoolYear={schoolYear}
            years={years}
            filters={{ q, profile }}
            csvHref={`/measures/dashboards/district/${organisation.id}.csv?${params}`}
            page={request.query.page ?? 1}
            pageHref={(p) => `/measures/dashboards/district/${organisation.id}?${params}&page=${p}`}
          />,
        );
      },
    );
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
      const data = await stateDashboard(app.db, organisation, schoolYear, page);
      return reply.page(
        <StateDashboardPage
          ctx={reply.pageContext()}
          state={organisation}
          data={data}
          schoolYear={schoolYear}
          years={years}
          canImport={can(actor, "measures.importProfiles", organisation)}
        />,
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
      const { states } = await nationalView(app.db, schoolYear);
      return reply.page(
        <NationalViewPage ctx={reply.pageContext()} states={states} schoolYear={schoolYear} years={years} />,
      );
    },
  );
}
