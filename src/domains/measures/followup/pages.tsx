import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { IdParams } from "../../../platform/http/schemas";
import { translator } from "../../../platform/i18n";
import { loadedOrganisation, organisationInPath, signedInActor } from "../access";
import { cachedSchoolList } from "../dashboards/pages";
import { schoolYearOf } from "../responses/service";
import { followupCatalog } from "./messages";
import { leadsOfSchools, schoolsToFollowUp, sendReminders } from "./service";
import { FOLLOWUP_PER_PAGE, FollowUpPage } from "./views/followup-page";

const FollowUpQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) });
const RemindForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) });

/**
 * Participation follow-up for a state or district team: the schools below it that have not
 * submitted both their profile and assessment this school year, their leads' contact (for whoever
 * may read the school's team), and one button that reminds them all by email. Not page-cached:
 * it shows team leads, whose changes the measures tags do not announce.
 */
export async function followupPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  for (const kind of ["state", "district"] as const) {
    const access = {
      action: "measures.read" as const,
      load: organisationInPath([kind]),
      refuse: 404 as const,
    };
    const base = (id: string) => `/measures/dashboards/${kind}/${id}/followup`;

    app.get(
      `/measures/dashboards/${kind}/:id/followup`,
      { schema: { params: IdParams, querystring: FollowUpQuery }, config: { access } },
      async (request, reply) => {
        const actor = await signedInActor(request);
        const scope = loadedOrganisation(request);
        const schoolYear = schoolYearOf(new Date());
        const list = await cachedSchoolList(instance, scope, schoolYear);
        const schools = schoolsToFollowUp(list);
        const page = Math.min(
          request.query.page ?? 1,
          Math.max(1, Math.ceil(schools.length / FOLLOWUP_PER_PAGE)),
        );
        const shown = schools.slice((page - 1) * FOLLOWUP_PER_PAGE, page * FOLLOWUP_PER_PAGE);
        const leads = await leadsOfSchools(app.db, actor, scope, shown);
        return reply.page(
          <FollowUpPage
            ctx={reply.pageContext()}
            scope={scope}
            schoolYear={schoolYear}
            total={list.schools.length}
            schools={schools}
            leads={leads}
            page={page}
            dashboardHref={`/measures/dashboards/${kind}/${scope.id}`}
            remindAction={`${base(scope.id)}/remind`}
            pageHref={(p) => `${base(scope.id)}?page=${p}`}
          />,
        );
      },
    );

    app.post(
      `/measures/dashboards/${kind}/:id/followup/remind`,
      { schema: { params: IdParams, body: RemindForm }, config: { access } },
      async (request, reply) => {
        const actor = await signedInActor(request);
        const scope = loadedOrganisation(request);
        const schoolYear = schoolYearOf(new Date());
        const list = await cachedSchoolList(instance, scope, schoolYear);
        const result = await sendReminders(app.db, {
          actor,
          scope,
          schoolYear,
          schools: schoolsToFollowUp(list),
          publicUrl: app.config.publicUrl,
        });
        const t = translator(followupCatalog, request.locale);
        reply.flash(
          "success",
          t("sentFlash", { sent: result.sent, emails: result.emails, skipped: result.skipped }),
        );
        return reply.redirect(base(scope.id), 303);
      },
    );
  }
}
