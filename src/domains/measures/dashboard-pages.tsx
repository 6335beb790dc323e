import { stringify } from "csv-stringify/sync";
import type { FastifyInstance } from "fastify";
import { notFound } from "../../platform/http/problem";
import { can } from "../../platform/policy";
import { getNation } from "../directory/service";
import { organisationFor, requireActor, signedIn } from "./access";
import { COMPOSITE } from "./aggregates";
import { districtDashboard, nationalView, type ProfileStatus, stateDashboard } from "./dashboard-data";
import { importTemplateHeader } from "./import";
import { currentInstrument } from "./instruments";
import { isSchoolYear, previousSchoolYear, schoolYearOf } from "./service";
import { DistrictDashboardPage, NationalViewPage, StateDashboardPage } from "./views/dashboards";

type Query = { year?: string; q?: string; profile?: string; page?: string };

function yearsAround(asked: string | undefined) {
  const current = schoolYearOf(new Date());
  const schoolYear = asked && isSchoolYear(asked) ? asked : current;
  const years = [current, previousSchoolYear(current), previousSchoolYear(previousSchoolYear(current))];
  if (!years.includes(schoolYear)) years.push(schoolYear);
  return { schoolYear, years };
}

const PROFILE_FILTERS = new Set<ProfileStatus>(["notStarted", "draft", "submitted"]);

/** District, state and national dashboards, read from the pre-computed aggregates. */
export async function dashboardPages(app: FastifyInstance) {
  for (const format of ["", ".csv"] as const) {
    app.get<{ Params: { id: string }; Querystring: Query }>(`/measures/dashboards/district/:id${format}`, async (request, reply) => {
      if (!(await signedIn(request, reply))) return reply;
      const { organisation } = await organisationFor(request, request.params.id);
      if (organisation.kind !== "district") throw notFound();
      const { schoolYear, years } = yearsAround(request.query.year);
      const q = typeof request.query.q === "string" ? request.query.q.slice(0, 100) : undefined;
      const profile = PROFILE_FILTERS.has(request.query.profile as ProfileStatus) ? (request.query.profile as ProfileStatus) : undefined;
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
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="district-${schoolYear}.csv"`)
          .header("cache-control", "no-store")
          .send(stringify([["school_id", "school", "profile_status", "last_assessment", ...keys], ...rows]));
      }
      const params = new URLSearchParams({ year: schoolYear, ...(q ? { q } : {}), ...(profile ? { profile } : {}) });
      return reply.page(
        <DistrictDashboardPage
          ctx={reply.pageContext()}
          district={organisation}
          data={data}
          schoolYear={schoolYear}
          years={years}
          filters={{ q, profile }}
          csvHref={`/measures/dashboards/district/${organisation.id}.csv?${params}`}
          page={Math.min(1000, Math.max(1, Number.parseInt(String(request.query.page ?? "1"), 10) || 1))}
          pageHref={(p) => `/measures/dashboards/district/${organisation.id}?${params}&page=${p}`}
        />,
      );
    });
  }

  app.get<{ Params: { id: string }; Querystring: Query }>("/measures/dashboards/state/:id", async (request, reply) => {
    if (!(await signedIn(request, reply))) return reply;
    const { organisation } = await organisationFor(request, request.params.id);
    if (organisation.kind !== "state") throw notFound();
    const { schoolYear, years } = yearsAround(request.query.year);
    const page = Math.min(1000, Math.max(1, Number.parseInt(request.query.page ?? "1", 10) || 1));
    const data = await stateDashboard(app.db, organisation, schoolYear, page);
    return reply.page(
      <StateDashboardPage
        ctx={reply.pageContext()}
        state={organisation}
        data={data}
        schoolYear={schoolYear}
        years={years}
        canImport={can((await request.actor())!, "measures.importProfiles", organisation)}
      />,
    );
  });

  app.get("/measures/profile-import-template.csv", async (_request, reply) => {
    const instrument = await currentInstrument(app.db, "profile", "school");
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", 'attachment; filename="profile-import-template.csv"')
      .send(stringify([importTemplateHeader(instrument?.sections ?? [])]));
  });

  app.get<{ Querystring: Query }>("/measures/dashboards/national", async (request, reply) => {
    if (!(await signedIn(request, reply))) return reply;
    const actor = await requireActor(request);
    const nation = await getNation(app.db);
    if (!nation || !can(actor, "measures.viewNational", nation)) throw notFound();
    const { schoolYear, years } = yearsAround(request.query.year);
    const { states } = await nationalView(app.db, schoolYear);
    return reply.page(<NationalViewPage ctx={reply.pageContext()} states={states} schoolYear={schoolYear} years={years} />);
  });
}
