import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Access } from "../../../platform/http/access";
import type { Organisation } from "../../directory/service";
import { badRequest } from "../../../platform/http/problem";
import { IdParams, problemResponses } from "../../../platform/http/schemas";
import { loadedOrganisation, organisationInPath, signedInActor, theNation } from "../access";
import { districtDashboard, nationalView } from "./data";
import { SchoolListQuery, YearQuery } from "../api-schemas";
import { COMPOSITE } from "./aggregates";
import { cachedSchoolList, schoolFiltersOf } from "./pages";
import { filterAndSort } from "./school-list";
import { LIST_PER_PAGE } from "./views/school-list";
import { changeSince, visibleTo } from "./visibility";
import { isSchoolYear, schoolYearOf } from "../responses/service";

const tags = ["measures"];

/** Who may call each dashboard route (anything refused answers 404: see access.ts). */
const readOrganisation = (...kinds: Organisation["kind"][]): Access => ({
  action: "measures.read",
  load: organisationInPath(kinds.length ? kinds : undefined),
  refuse: 404,
});

export async function measuresDashboardApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/organisations/:id/school-scores",
    {
      schema: {
        tags,
        summary:
          "District dashboard: every school with its profile status, last assessment and latest domain scores",
        params: IdParams,
        querystring: YearQuery,
        response: problemResponses(400, 401, 404),
      },
      config: { access: readOrganisation("district") },
    },
    async (request) => {
      const organisation = loadedOrganisation(request);
      const schoolYear = request.query.schoolYear ?? schoolYearOf(new Date());
      if (!isSchoolYear(schoolYear)) throw badRequest("schoolYear must look like 2025-26.");
      const data = await districtDashboard(app.db, organisation, schoolYear, {});
      return {
        districtId: organisation.id,
        schoolYear,
        domains: data.domains.map((d) => d.key),
        items: data.schools.map((s) => ({ ...s, lastAssessment: s.lastAssessment?.toISOString() ?? null })),
      };
    },
  );

  app.get(
    "/measures/national",
    {
      schema: {
        tags,
        summary:
          "National view: participation, composite mean and change since last year by state (hidden below 10 for anyone who may not read the state's schools)",
        querystring: YearQuery,
        response: problemResponses(400, 401, 404),
      },
      config: { access: { action: "measures.viewNational", load: theNation, refuse: 404 } },
    },
    async (request) => {
      const actor = await signedInActor(request);
      const schoolYear = request.query.schoolYear ?? schoolYearOf(new Date());
      if (!isSchoolYear(schoolYear)) throw badRequest("schoolYear must look like 2025-26.");
      const { states } = await nationalView(app.db, schoolYear);
      return {
        schoolYear,
        items: states.map((s) => ({
          stateId: s.id,
          stateCode: s.code,
          name: s.name,
          schools: s.schools,
          withProfile: s.profile,
          withAssessment: s.quality,
          ...(() => {
            const now = visibleTo(actor, s, s.composite);
            const before = visibleTo(actor, s, s.previousComposite);
            return {
              composite: now.shown
                ? { mean: now.value, n: now.n }
                : { hidden: true, reason: "fewer than 10 schools" },
              changeSinceLastYear: changeSince(now, before),
            };
          })(),
        })),
      };
    },
  );
  app.get(
    "/organisations/:id/schools",
    {
      schema: {
        tags,
        summary:
          "Every school below a state or district team, filtered and sorted as the school list page (`year`, `q`, `district`, `place`, `level`, `band`, `profile`, `assessment`, `sort`, `dir`, `page`); 50 a page",
        params: IdParams,
        querystring: SchoolListQuery,
        response: problemResponses(400, 401, 404),
      },
      config: { access: readOrganisation("state", "district") },
    },
    async (request) => {
      const scope = loadedOrganisation(request);
      const schoolYear = request.query.year ?? schoolYearOf(new Date());
      const list = await cachedSchoolList(instance, scope, schoolYear);
      const rows = filterAndSort(list, schoolFiltersOf(request.query));
      const pages = Math.max(1, Math.ceil(rows.length / LIST_PER_PAGE));
      const page = Math.min(request.query.page ?? 1, pages);
      return {
        scopeId: scope.id,
        schoolYear,
        domains: [...list.domains.map((d) => d.key), COMPOSITE],
        total: list.schools.length,
        matching: rows.length,
        page,
        pages,
        perPage: LIST_PER_PAGE,
        items: rows.slice((page - 1) * LIST_PER_PAGE, page * LIST_PER_PAGE).map((s) => ({
          ...s,
          lastSubmission: s.lastSubmission?.toISOString() ?? null,
        })),
      };
    },
  );
}
