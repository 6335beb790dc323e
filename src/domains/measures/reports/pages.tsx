import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Cache, Caches, Dependencies } from "../../../platform/cache";
import type { Access } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import { IdParams } from "../../../platform/http/schemas";
import { loadedDependencies, loadedResponse, responseInPath } from "../access";
import { measuresTags } from "../cache-tags";
import { GuidanceParams } from "../api-schemas";
import type { ResponseView } from "../responses/service";
import type { Organisation } from "../../directory/service";
import { ResourcesForDomain, resourcesForDomain, resourceTags } from "../../library/resources/service";
import { getInstrument } from "../instruments/service";
import { buildReport, type Report } from "./report-data";
import { reportCsv, reportPdf } from "./report-files";
import { GuidancePage, ReportPage } from "./views/report-page";

/** The answers a section form posted: only its own items; an unticked box means no answer. */
const readResponse: Access = { action: "measures.read", load: responseInPath, refuse: 404 };

const reportsOf = new WeakMap<Caches, Cache<Report>>();

/**
 * A submitted assessment's report, shared by everyone who may read it. Besides the response it
 * shows the change since the organisation's previous assessment and the means of every level
 * above it: a submission anywhere under those levels changes them.
 */
function cachedReport(
  app: FastifyInstance,
  response: ResponseView,
  organisation: Organisation,
  deps: Dependencies,
) {
  let reports = reportsOf.get(app.caches);
  if (!reports) {
    reports = app.caches.create<Report>({ maxEntries: 5_000, ttlMs: 10 * 60_000 });
    reportsOf.set(app.caches, reports);
  }
  return reports.load(
    response.id,
    (own) => {
      own.add(
        measuresTags.response(response.id),
        ...[organisation.id, ...organisation.ancestorIds].map(measuresTags.under),
      );
      return buildReport(app.db, response, organisation);
    },
    deps,
  ) as Promise<Report>;
}

/** Reports of submitted assessments (page, CSV, PDF) and the public guidance per domain. */
export async function reportPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  /** A submitted assessment's report: the page, and the same figures as CSV and PDF. */
  for (const format of ["", ".csv", ".pdf"] as const) {
    app.get(
      `/measures/responses/:id/report${format}`,
      { schema: { params: IdParams }, config: { access: readResponse } },
      async (request, reply) => {
        const { organisation, response } = loadedResponse(request);
        if (response.instrument.kind !== "assessment" || response.status !== "submitted") throw notFound();
        if (format === "") {
          // The same for everyone who may read it: drawn once, shared across their sessions.
          return reply.sharedPage(
            async (deps) => {
              deps.add(...loadedDependencies(request));
              return {
                organisation,
                response,
                report: await cachedReport(app, response, organisation, deps),
              };
            },
            (ctx, model) => <ReportPage ctx={ctx} {...model} />,
          );
        }
        const report = await buildReport(app.db, response, organisation);
        const filename = `report-${response.schoolYear}-tp${response.timePoint}`;
        if (format === ".csv") {
          return reply
            .type("text/csv; charset=utf-8")
            .header("content-disposition", `attachment; filename="${filename}.csv"`)
            .header("cache-control", "no-store")
            .send(reportCsv(report, organisation, response));
        }
        return reply
          .type("application/pdf")
          .header("content-disposition", `attachment; filename="${filename}.pdf"`)
          .header("cache-control", "no-store")
          .send(await reportPdf(report, organisation, response, request.locale));
      },
    );
  }

  /** Guidance is part of the instrument and public: best practices and first steps per domain. */
  app.get(
    "/measures/guidance/:instrumentId/:domainKey",
    { schema: { params: GuidanceParams }, config: { access: "public" } },
    async (request, reply) => {
      const instrument = await getInstrument(app.db, request.params.instrumentId);
      const section = instrument?.sections.find((s) => s.key === request.params.domainKey && s.scored);
      if (!instrument || !section) throw notFound();
      // Reference material: a new instrument version announces '*'.
      return reply.cachedPage(async (ctx, deps) => {
        deps.add(resourceTags.anyResource);
        const resources = await resourcesForDomain(app.db, section.key, ctx.locale);
        const list = <ResourcesForDomain locale={ctx.locale} domainKey={section.key} items={resources} />;
        return <GuidancePage ctx={ctx} response={{ instrument }} domainKey={section.key} resources={list} />;
      });
    },
  );
}
