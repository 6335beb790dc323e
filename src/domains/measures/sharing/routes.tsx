import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { Access } from "../../../platform/http/access";
import { parseForm } from "../../../platform/http/forms";
import { badRequest } from "../../../platform/http/problem";
import { IdParams, problemResponses } from "../../../platform/http/schemas";
import { translator } from "../../../platform/i18n";
import type { FormState } from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import type { Organisation } from "../../directory/service";
import { loadedOrganisation, organisationInPath, signedInActor } from "../access";
import { SchoolYear } from "../api-schemas";
import { isSchoolYear, previousSchoolYear, schoolYearOf } from "../responses/service";
import { sharingCatalog } from "./messages";
import { setSharing, sharingChoices } from "./service";
import { SharingPage, sharingPath } from "./views/sharing-page";

/** The school team's lead (or a national admin) decides; anyone else gets 404 (access.ts). */
const leadOfSchool: Access = {
  action: "scope.manageTeam",
  load: organisationInPath(["school"]),
  refuse: 404,
};

/** The form as a browser posts it: every field text, checked by `SharingInput` so a mistake comes back by its field. */
// No limits here: an over-long or wrong value must reach `parseForm` and come back by its field.
const SharingForm = Type.Object({
  schoolYear: Type.Optional(Type.String()),
  shared: Type.Optional(Type.String()),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});
const SharingInput = Type.Object({
  schoolYear: SchoolYear(),
  shared: Type.Union([Type.Literal("yes"), Type.Literal("no")]),
});

const SharingApiInput = Type.Object(
  {
    schoolYear: SchoolYear(),
    shared: Type.Boolean({ description: "Whether the school's data count beyond its district that year" }),
  },
  { additionalProperties: false },
);

const SharingApiAnswer = Type.Object({
  organisationId: Type.String(),
  years: Type.Array(
    Type.Object({
      schoolYear: Type.String(),
      shared: Type.Boolean(),
      changedAt: Type.Union([Type.String(), Type.Null()]),
    }),
    { description: "Years the school made a choice; any other year is shared (the default)" },
  ),
});

/** This year and the two before: the years a team may still be deciding about. */
function recentYears(): string[] {
  const current = schoolYearOf(new Date());
  return [current, previousSchoolYear(current), previousSchoolYear(previousSchoolYear(current))];
}

export async function sharingPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const render = async (organisation: Organisation, ctx: PageContext, form: FormState) => {
    return (
      <SharingPage
        ctx={ctx}
        school={organisation}
        years={recentYears()}
        choices={await sharingChoices(app.db, organisation.id)}
        form={form}
      />
    );
  };

  app.get(
    "/measures/orgs/:id/sharing",
    { schema: { params: IdParams }, config: { access: leadOfSchool } },
    async (request, reply) => {
      const organisation = loadedOrganisation(request);
      return reply.page(await render(organisation, reply.pageContext(), { locale: request.locale }));
    },
  );

  app.post(
    "/measures/orgs/:id/sharing",
    { schema: { params: IdParams, body: SharingForm }, config: { access: leadOfSchool } },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const organisation = loadedOrganisation(request);
      const t = translator(sharingCatalog, request.locale);
      const parsed = parseForm(SharingInput, request.body);
      if (!parsed.ok || !isSchoolYear(parsed.value.schoolYear)) {
        const form: FormState = {
          locale: request.locale,
          values: parsed.ok ? undefined : parsed.values,
          errors: parsed.ok ? { schoolYear: { code: "invalid" } } : parsed.errors,
          labels: { schoolYear: t("schoolYear"), shared: t("shared") },
        };
        return reply.page(await render(organisation, reply.pageContext(), form), 400);
      }
      const result = await setSharing(app.db, {
        actorId: actor.userId,
        organisation,
        schoolYear: parsed.value.schoolYear,
        shared: parsed.value.shared === "yes",
      });
      reply.flash("success", result.changed ? t("savedFlash") : t("unchangedFlash"));
      return reply.redirect(sharingPath(organisation.id), 303);
    },
  );
}

const tags = ["measures"];

export async function sharingApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const answer = async (organisationId: string) => ({
    organisationId,
    years: (await sharingChoices(app.db, organisationId)).map((c) => ({
      schoolYear: c.schoolYear,
      shared: c.shared,
      changedAt: c.changedAt?.toISOString() ?? null,
    })),
  });

  app.get(
    "/organisations/:id/data-sharing",
    {
      schema: {
        tags,
        summary: "A school's choices to share its data beyond its district, by school year (team lead)",
        params: IdParams,
        response: { 200: SharingApiAnswer, ...problemResponses(401, 404) },
      },
      config: { access: leadOfSchool },
    },
    async (request) => answer(loadedOrganisation(request).id),
  );

  app.put(
    "/organisations/:id/data-sharing",
    {
      schema: {
        tags,
        summary:
          "Set whether a school's data for a school year count beyond its district (state, nation, public and research figures); audited",
        params: IdParams,
        body: SharingApiInput,
        response: { 200: SharingApiAnswer, ...problemResponses(400, 401, 404) },
      },
      config: { access: leadOfSchool },
    },
    async (request) => {
      const actor = await signedInActor(request);
      const organisation = loadedOrganisation(request);
      if (!isSchoolYear(request.body.schoolYear)) throw badRequest("schoolYear must look like 2025-26.");
      await setSharing(app.db, {
        actorId: actor.userId,
        organisation,
        schoolYear: request.body.schoolYear,
        shared: request.body.shared,
      });
      return answer(organisation.id);
    },
  );
}
