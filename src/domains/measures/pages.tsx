import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { badRequest, forbidden, notFound } from "../../platform/http/problem";
import { parseForm } from "../../platform/http/forms";
import { translator } from "../../platform/i18n";
import { can } from "../../platform/policy";
import type { FormState } from "../../platform/ui/components";
import { listMembershipsOf } from "../teams/service";
import { organisationFor, responseFor, signedIn } from "./access";
import { StartInput } from "./api-schemas";
import { AUTOSAVE_SCRIPT } from "./autosave-script";
import { measuresCatalog } from "./messages";
import {
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
  variantFor,
} from "./service";
import { getInstrument } from "./instruments";
import { buildReport } from "./report-data";
import { reportCsv, reportPdf } from "./report-files";
import { formValuesOf, problemText, tx } from "./views/fields";
import { GuidancePage, ReportPage } from "./views/report-page";
import { dashboardHref, HubPage, OrganisationPage } from "./views/org-pages";
import { type Conflict, ResponseOverviewPage, SectionPage } from "./views/response-pages";

type Params = { id: string; sectionKey?: string };

/** The answers a section form posted: only its own items; an unticked box means no answer. */
function postedAnswers(body: unknown, itemKeys: string[]): Record<string, unknown> {
  const fields = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(itemKeys.filter((k) => k in fields).map((k) => [k, fields[k]]));
}

function lockedRedirect(request: FastifyRequest, reply: FastifyReply, id: string) {
  reply.flash("warning", translator(measuresCatalog, request.locale)("lockedFlash"));
  return reply.redirect(`/measures/responses/${id}`, 303);
}

export async function measuresPages(app: FastifyInstance) {
  app.get("/measures/autosave.js", { schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/javascript; charset=utf-8").header("cache-control", "public, max-age=3600").send(AUTOSAVE_SCRIPT),
  );

  app.get("/measures", async (request, reply) => {
    if (!(await signedIn(request, reply))) return reply;
    const actor = (await request.actor())!;
    const memberships = await listMembershipsOf(app.db, actor.userId);
    return reply.page(<HubPage ctx={reply.pageContext()} memberships={memberships} isAdmin={actor.systemRole === "admin"} />);
  });

  app.get<{ Params: Params; Querystring: { year?: string } }>("/measures/orgs/:id", async (request, reply) => {
    if (!(await signedIn(request, reply))) return reply;
    const { actor, organisation } = await organisationFor(request, request.params.id);
    // States and the nation answer no instrument: their page is their dashboard.
    if (organisation.kind === "state" || organisation.kind === "nation") {
      return reply.redirect(dashboardHref(organisation)!);
    }
    const current = schoolYearOf(new Date());
    const asked = request.query.year;
    const schoolYear = asked && isSchoolYear(asked) ? asked : current;
    const years = [current, previousSchoolYear(current), previousSchoolYear(previousSchoolYear(current))];
    if (!years.includes(schoolYear)) years.push(schoolYear);
    return reply.page(
      <OrganisationPage
        ctx={reply.pageContext()}
        organisation={organisation}
        schoolYear={schoolYear}
        years={years}
        responses={await listResponses(app.db, organisation.id)}
        canWrite={can(actor, "measures.write", organisation) && variantFor(organisation) !== null}
      />,
    );
  });

  app.post<{ Params: Params }>("/measures/orgs/:id/start", async (request, reply) => {
    if (!(await signedIn(request, reply))) return reply;
    const { actor, organisation } = await organisationFor(request, request.params.id, "measures.write");
    const form = parseForm(StartInput, request.body);
    if (!form.ok || !isSchoolYear(form.value.schoolYear)) throw badRequest("Choose an instrument and a school year such as 2025-26.");
    if (!variantFor(organisation)) throw notFound();
    const { id } = await startResponse(app.db, {
      actorId: actor.userId,
      organisation,
      instrumentKey: form.value.instrument,
      schoolYear: form.value.schoolYear,
    });
    return reply.redirect(`/measures/responses/${id}`, 303);
  });

  app.get<{ Params: Params }>("/measures/responses/:id", async (request, reply) => {
    if (!(await signedIn(request, reply))) return reply;
    const { organisation, response, canWrite } = await responseFor(request, request.params.id);
    return reply.page(<ResponseOverviewPage ctx={reply.pageContext()} organisation={organisation} response={response} canWrite={canWrite} />);
  });

  app.get<{ Params: Params }>("/measures/responses/:id/sections/:sectionKey", async (request, reply) => {
    if (!(await signedIn(request, reply))) return reply;
    const { organisation, response, canWrite } = await responseFor(request, request.params.id);
    const section = response.instrument.sections.find((s) => s.key === request.params.sectionKey);
    if (!section) throw notFound();
    const state = sectionState(response, section.key);
    return reply.page(
      <SectionPage
        ctx={reply.pageContext()}
        organisation={organisation}
        response={response}
        section={section}
        state={{ locale: request.locale, values: formValuesOf(state.answers) }}
        version={state.version}
        canWrite={canWrite}
      />,
    );
  });

  app.post<{ Params: Params }>("/measures/responses/:id/sections/:sectionKey", async (request, reply) => {
    if (!(await signedIn(request, reply))) return reply;
    const { actor, organisation, response } = await responseFor(request, request.params.id, "measures.write");
    const section = response.instrument.sections.find((s) => s.key === request.params.sectionKey);
    if (!section) throw notFound();
    if (response.status !== "draft") return lockedRedirect(request, reply, response.id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const baseVersion = typeof body._version === "string" && /^\d{1,9}$/.test(body._version) ? Number(body._version) : Number.NaN;
    if (Number.isNaN(baseVersion)) throw badRequest("The form is missing its version. Reload the page and try again.");
    const answers = postedAnswers(body, section.items.map((i) => i.key));
    const t = translator(measuresCatalog, request.locale);
    const result = await saveSection(app.db, {
      actorId: actor.userId,
      responseId: response.id,
      sectionKey: section.key,
      baseVersion,
      answers,
    });
    if (result.status === "saved") {
      reply.flash("success", result.changed ? t("savedFlash") : t("unchangedFlash"));
      const index = response.instrument.sections.indexOf(section);
      const next = body._next ? response.instrument.sections[index + 1] : undefined;
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
        errors: Object.fromEntries(Object.entries(result.problems).map(([k, p]) => [k, { message: problemText(p, request.locale) }])),
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
  });

  app.post<{ Params: Params }>("/measures/responses/:id/submit", async (request, reply) => {
    if (!(await signedIn(request, reply))) return reply;
    const { actor, response } = await responseFor(request, request.params.id, "measures.write");
    const t = translator(measuresCatalog, request.locale);
    try {
      await submitResponse(app.db, { actorId: actor.userId, responseId: response.id });
    } catch (e) {
      if (e instanceof MeasuresError && e.code === "locked") return lockedRedirect(request, reply, response.id);
      throw e;
    }
    reply.flash("success", t("responseSubmittedFlash"));
    const target = response.instrument.kind === "assessment" ? `/measures/responses/${response.id}/report` : `/measures/responses/${response.id}`;
    return reply.redirect(target, 303);
  });

  app.post<{ Params: Params }>("/measures/responses/:id/copy-forward", async (request, reply) => {
    if (!(await signedIn(request, reply))) return reply;
    const { actor, response } = await responseFor(request, request.params.id, "measures.write");
    if (response.instrument.kind !== "profile") throw forbidden();
    if (response.status !== "draft") return lockedRedirect(request, reply, response.id);
    const t = translator(measuresCatalog, request.locale);
    const copied = await copyForwardProfile(app.db, { actorId: actor.userId, responseId: response.id });
    reply.flash(copied > 0 ? "success" : "info", copied > 0 ? t("copiedFlash", { n: copied }) : t("copiedNone"));
    return reply.redirect(`/measures/responses/${response.id}`, 303);
  });

  /** A submitted assessment's report: the page, and the same figures as CSV and PDF. */
  for (const format of ["", ".csv", ".pdf"] as const) {
    app.get<{ Params: Params }>(`/measures/responses/:id/report${format}`, async (request, reply) => {
      if (!(await signedIn(request, reply))) return reply;
      const { organisation, response } = await responseFor(request, request.params.id);
      if (response.instrument.kind !== "assessment" || response.status !== "submitted") throw notFound();
      const report = await buildReport(app.db, response, organisation);
      const filename = `report-${response.schoolYear}-tp${response.timePoint}`;
      if (format === ".csv") {
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="${filename}.csv"`)
          .header("cache-control", "no-store")
          .send(reportCsv(report));
      }
      if (format === ".pdf") {
        return reply
          .type("application/pdf")
          .header("content-disposition", `attachment; filename="${filename}.pdf"`)
          .header("cache-control", "no-store")
          .send(await reportPdf(report, organisation, response, request.locale));
      }
      return reply.page(<ReportPage ctx={reply.pageContext()} organisation={organisation} response={response} report={report} />);
    });
  }

  /** Guidance is part of the instrument and public: best practices and first steps per domain. */
  app.get<{ Params: { instrumentId: string; domainKey: string } }>("/measures/guidance/:instrumentId/:domainKey", async (request, reply) => {
    const instrument = await getInstrument(app.db, request.params.instrumentId);
    const section = instrument?.sections.find((s) => s.key === request.params.domainKey && s.scored);
    if (!instrument || !section) throw notFound();
    return reply.page(<GuidancePage ctx={reply.pageContext()} response={{ instrument }} domainKey={section.key} />);
  });
}
