import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Access } from "../../../platform/http/access";
import type { Organisation } from "../../directory/service";
import { badRequest } from "../../../platform/http/problem";
import { IdParams, problemResponses } from "../../../platform/http/schemas";
import { loadedOrganisation, organisationInPath, theNation } from "../access";
import { districtDashboard, nationalView } from "./data";
import { YearQuery } from "../api-schemas";
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
        summary: "National view: participation and composite mean by state (hidden below 10)",
        querystring: YearQuery,
        response: problemResponses(400, 401, 404),
      },
      config: { access: { action: "measures.viewNational", load: theNation, refuse: 404 } },
    },
    async (request) => {
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
          composite: s.composite.shown
            ? { mean: s.composite.value, n: s.composite.n }
            : { hidden: true, reason: "fewer than 10 schools" },
        })),
      };
    },
  );
}
