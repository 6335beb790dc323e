import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Access } from "../../../platform/http/access";
import { badRequest, forbidden, notFound } from "../../../platform/http/problem";
import { IdParams } from "../../../platform/http/schemas";
import { translator } from "../../../platform/i18n";
import { can } from "../../../platform/policy";
import type { FormState } from "../../../platform/ui/components";
import { listMembershipsOf } from "../../teams/service";
import {
  loadedDependencies,
  loadedOrganisation,
  loadedResponse,
  organisationInPath,
  responseInPath,
  signedInActor,
} from "../access";
import { measuresTags } from "../cache-tags";
import { PageYearQuery, SectionForm, SectionParams, StartInput } from "../api-schemas";
import { measuresCatalog } from "../messages";
import {
  allAnswers,
  copyForwardProfile,
  isSchoolYear,
  listResponses,
  MeasuresError,
  previousSchoolYear,
  saveSection,
  schoolYearOf,
  sectionState,
  startResponse,
  submitResponse,
  type ResponseView,
  variantFor,
} from "./service";
import { formValuesOf, problemText, tx } from "../views/fields";
import { dashboardHref, HubPage, OrganisationPage } from "./views/org-pages";
import { type Conflict, ResponseOverviewPage, SectionPage } from "./views/response-pages";
import { SubmitConfirmPage } from "./views/submit-page";
import { submissionSummary } from "./submission";

/** The answers a section form posted: only its own items; an unticked box means no answer. */
function postedAnswers(fields: Record<string, unknown>, itemKeys: string[]): Record<string, unknown> {
  return Object.fromEntries(itemKeys.filter((k) => k in fields).map((k) => [k, fields[k]]));
}

/** A form that only carries its CSRF token (a button that acts). */
const ButtonForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) });
/** The start buttons post the instrument and school year as hidden fields. */
const StartForm = Type.Object({
  ...StartInput.properties,
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});

// Anything the caller may not read (or, for writes, change) answers 404: see access.ts.
const readOrganisation: Access = { action: "measures.read", load: organisationInPath(), refuse: 404 };
const startInOrganisation: Access = {
  action: "measures.write",
  load: organisationInPath(["school", "district"]),
  refuse: 404,
};
const readResponse: Access = { action: "measures.read", load: responseInPath, refuse: 404 };
const writeResponse: Access = { action: "measures.write", load: responseInPath, refuse: 404 };

function lockedRedirect(request: FastifyRequest, reply: FastifyReply, id: string) {
  reply.flash("warning", translator(measuresCatalog, request.locale)("lockedFlash"));
  return reply.redirect(`/measures/responses/${id}`, 303);
}

/** A response's page depends on the response and on the names of who last saved each section. */
function responseDependencies(request: FastifyRequest, response: ResponseView): string[] {
  const editors = Object.values(response.sections).map((s) => s.updatedBy);
  return [
    ...loadedDependencies(request),
    measuresTags.response(response.id),
    ...editors.filter((id): id is string => !!id).map(measuresTags.person),
  ];
}

export async function measuresPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  // The person's teams and role: their own rows, which the page depends on already.
  app.get("/measures", { config: { access: "signedIn" } }, async (request, reply) =>
    reply.cachedPage(async (ctx) => {
      const actor = await signedInActor(request);
      const memberships = await listMembershipsOf(app.db, actor.userId);
      return <HubPage ctx={ctx} memberships={memberships} isAdmin={actor.systemRole === "admin"} />;
    }),
  );

  app.get(
    "/measures/orgs/:id",
    { schema: { params: IdParams, querystring: PageYearQuery }, config: { access: readOrganisation } },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const organisation = loadedOrganisation(request);
      // States and the nation answer no instrument: their page is their dashboard.
      if (organisation.kind === "state" || organisation.kind === "nation") {
        return reply.redirect(dashboardHref(organisation)!);
      }
      const current = schoolYearOf(new Date());
      const asked = request.query.year;
      const schoolYear = asked && isSchoolYear(asked) ? asked : current;
      const years = [current, previousSchoolYear(current), previousSchoolYear(previousSchoolYear(current))];
      if (!years.includes(schoolYear)) years.push(schoolYear);
      return reply.cachedPage(async (ctx, deps) => {
        deps.add(measuresTags.under(organisation.id));
        return (
          <OrganisationPage
            ctx={ctx}
            organisation={organisation}
            schoolYear={schoolYear}
            years={years}
            responses={await listResponses(app.db, organisation.id)}
            canWrite={can(actor, "measures.write", organisation) && variantFor(organisation) !== null}
          />
        );
      });
    },
  );

  app.post(
    "/measures/orgs/:id/start",
    { schema: { params: IdParams, body: StartForm }, config: { access: startInOrganisation } },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const organisation = loadedOrganisation(request);
      // The buttons post hidden fields: a wrong value is not a person's typing, so no form comes back.
      if (!isSchoolYear(request.body.schoolYear))
        throw badRequest("Choose an instrument and a school year such as 2025-26.");
      const { id } = await startResponse(app.db, {
        actorId: actor.userId,
        organisation,
        instrumentKey: request.body.instrument,
        schoolYear: request.body.schoolYear,
      });
      return reply.redirect(`/measures/responses/${id}`, 303);
    },
  );

  app.get(
    "/measures/responses/:id",
    { schema: { params: IdParams }, config: { access: readResponse } },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const { organisation, response } = loadedResponse(request);
      const canWrite = can(actor, "measures.write", organisation);
      return reply.cachedPage((ctx, deps) => {
        deps.add(...responseDependencies(request, response));
        return (
          <ResponseOverviewPage
            ctx={ctx}
            organisation={organisation}
            response={response}
            canWrite={canWrite}
          />
        );
      });
    },
  );

  app.get(
    "/measures/responses/:id/sections/:sectionKey",
    { schema: { params: SectionParams }, config: { access: readResponse } },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const { organisation, response } = loadedResponse(request);
      const canWrite = can(actor, "measures.write", organisation);
      const section = response.instrument.sections.find((s) => s.key === request.params.sectionKey);
      if (!section) throw notFound();
      const state = sectionState(response, section.key);
      // The team's shared draft: one drawing for every reader who may (or may not) write it.
      return reply.sharedPage(
        async (deps) => {
          deps.add(...responseDependencies(request, response));
          return { organisation, response, canWrite };
        },
        (ctx, model) => (
          <SectionPage
            ctx={ctx}
            {...model}
            section={section}
            state={{ locale: request.locale, values: formValuesOf(state.answers) }}
            version={state.version}
          />
        ),
      );
    },
  );

  app.post(
    "/measures/responses/:id/sections/:sectionKey",
    { schema: { params: SectionParams, body: SectionForm }, config: { access: writeResponse } },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const { organisation, response } = loadedResponse(request);
      const section = response.instrument.sections.find((s) => s.key === request.params.sectionKey);
      if (!section) throw notFound();
      if (response.status !== "draft") return lockedRedirect(request, reply, response.id);
      const body: Record<string, unknown> = request.body;
      const baseVersion = Number(request.body._version);
      const answers = postedAnswers(
        body,
        section.items.map((i) => i.key),
      );
      const t = translator(measuresCatalog, request.locale);
      const result = await saveSection(app.db, {
        actorId: actor.userId,
        responseId: response.id,
        sectionKey: section.key,
        baseVersion,
        answers,
        source: "text",
      });
      if (result.status === "saved") {
        reply.flash("success", result.changed ? t("savedFlash") : t("unchangedFlash"));
        const index = response.instrument.sections.indexOf(section);
        const next = request.body._next ? response.instrument.sections[index + 1] : undefined;
        return reply.redirect(`/measures/responses/${response.id}/sections/${(next ?? section).key}`, 303);
      }
      const labels = Object.fromEntries(section.items.map((i) => [i.key, tx(i.prompt, request.locale)]));
      let state: FormState;
      let version: number;
      let conflict: Conflict | undefined;
      if (result.status === "invalid") {
        state = {
          locale: request.locale,
          values: formValuesOf(answers),
          labels,
          errors: Object.fromEntries(
            Object.entries(result.problems).map(([k, p]) => [k, { message: problemText(p, request.locale) }]),
          ),
        };
        version = baseVersion;
      } else {
        state = { locale: request.locale, values: formValuesOf(result.yours), labels };
        version = result.current.version;
        conflict = { current: result.current, yours: result.yours };
      }
      return reply.page(
        <SectionPage
          ctx={reply.pageContext()}
          organisation={organisation}
          response={response}
          section={section}
          state={state}
          version={version}
          canWrite
          conflict={conflict}
        />,
        result.status === "invalid" ? 400 : 409,
      );
    },
  );

  // Submitting asks first: a page stating how much is answered per domain, with the button.
  app.get(
    "/measures/responses/:id/submit",
    { schema: { params: IdParams }, config: { access: writeResponse } },
    async (request, reply) => {
      const { organisation, response } = loadedResponse(request);
      if (response.status !== "draft") return lockedRedirect(request, reply, response.id);
      return reply.cachedPage((ctx, deps) => {
        deps.add(...responseDependencies(request, response));
        return (
          <SubmitConfirmPage
            ctx={ctx}
            organisation={organisation}
            response={response}
            summary={submissionSummary(response.instrument, allAnswers(response))}
          />
        );
      });
    },
  );

  app.post(
    "/measures/responses/:id/submit",
    { schema: { params: IdParams, body: ButtonForm }, config: { access: writeResponse } },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const { organisation, response } = loadedResponse(request);
      const t = translator(measuresCatalog, request.locale);
      try {
        await submitResponse(app.db, { actorId: actor.userId, responseId: response.id });
      } catch (e) {
        if (e instanceof MeasuresError && e.code === "locked")
          return lockedRedirect(request, reply, response.id);
        if (e instanceof MeasuresError && e.code === "nothingRated") {
          const summary = submissionSummary(response.instrument, allAnswers(response));
          return reply.page(
            <SubmitConfirmPage
              ctx={reply.pageContext()}
              organisation={organisation}
              response={response}
              summary={summary}
              refused
            />,
            400,
          );
        }
        throw e;
      }
      reply.flash("success", t("responseSubmittedFlash"));
      const target =
        response.instrument.kind === "assessment"
          ? `/measures/responses/${response.id}/report`
          : `/measures/responses/${response.id}`;
      return reply.redirect(target, 303);
    },
  );

  app.post(
    "/measures/responses/:id/copy-forward",
    { schema: { params: IdParams, body: ButtonForm }, config: { access: writeResponse } },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const { response } = loadedResponse(request);
      if (response.instrument.kind !== "profile") throw forbidden();
      if (response.status !== "draft") return lockedRedirect(request, reply, response.id);
      const t = translator(measuresCatalog, request.locale);
      const copied = await copyForwardProfile(app.db, { actorId: actor.userId, responseId: response.id });
      reply.flash(
        copied > 0 ? "success" : "info",
        copied > 0 ? t("copiedFlash", { n: copied }) : t("copiedNone"),
      );
      return reply.redirect(`/measures/responses/${response.id}`, 303);
    },
  );
}
