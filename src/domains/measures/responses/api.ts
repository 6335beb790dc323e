import { createHash } from "node:crypto";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Access } from "../../../platform/http/access";
import type { Organisation } from "../../directory/service";
import { badRequest, conflict, HttpProblem, notFound } from "../../../platform/http/problem";
import { IdParams, problemResponses } from "../../../platform/http/schemas";
import { answerProblemDetail } from "../instruments/answers";
import {
  loadedOrganisation,
  loadedResponse,
  organisationInBody,
  organisationInPath,
  responseInPath,
  signedInActor,
} from "../access";
import { participationCounts } from "../dashboards/aggregates";
import { SaveSectionInput, SectionParams, StartApiInput, YearQuery } from "../api-schemas";
import { getInstrument, listInstruments } from "../instruments/service";
import { buildReport } from "../reports/report-data";
import {
  isSchoolYear,
  listResponses,
  MeasuresError,
  type ResponseView,
  saveSection,
  schoolYearOf,
  startResponse,
  submitResponse,
} from "./service";
import { scopeMeans } from "../dashboards/aggregates";

const tags = ["measures"];

function presentResponse(response: ResponseView, organisationId: string) {
  return {
    id: response.id,
    organisationId,
    instrument: {
      id: response.instrument.id,
      key: response.instrument.key,
      variant: response.instrument.variant,
      version: response.instrument.version,
    },
    schoolYear: response.schoolYear,
    timePoint: response.timePoint,
    status: response.status,
    submittedAt: response.submittedAt?.toISOString() ?? null,
    sections: Object.fromEntries(
      response.instrument.sections.map((s) => {
        const state = response.sections[s.key];
        return [
          s.key,
          {
            version: state?.version ?? 0,
            answers: state?.answers ?? {},
            updatedBy: state?.updatedBy ?? null,
            updatedByName: state?.updatedByName ?? null,
            updatedAt: state?.updatedAt?.toISOString() ?? null,
          },
        ];
      }),
    ),
  };
}

const etagOf = (response: ResponseView) =>
  `W/"${createHash("sha256")
    .update(
      `${response.status}|${Object.entries(response.sections)
        .map(([k, s]) => `${k}:${s.version}`)
        .sort()
        .join(",")}`,
    )
    .digest("hex")
    .slice(0, 20)}"`;

function asProblem(e: unknown): never {
  if (e instanceof MeasuresError) {
    if (e.code === "locked") throw conflict(e.message, { code: "locked" });
    if (e.code === "notFound") throw notFound();
    throw badRequest(e.message);
  }
  throw e;
}

/** Who may call each measures route (anything refused answers 404: see access.ts). */
const readOrganisation = (...kinds: Organisation["kind"][]): Access => ({
  action: "measures.read",
  load: organisationInPath(kinds.length ? kinds : undefined),
  refuse: 404,
});
const readResponse: Access = { action: "measures.read", load: responseInPath, refuse: 404 };
const writeResponse: Access = { action: "measures.write", load: responseInPath, refuse: 404 };

export async function measuresApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  // Instruments, their guidance included, are published reference material.
  app.get(
    "/instruments",
    { schema: { tags, summary: "Published instrument versions" }, config: { access: "public" } },
    async () => {
      const list = await listInstruments(app.db);
      return { items: list.map((i) => ({ ...i, publishedAt: i.publishedAt.toISOString() })) };
    },
  );

  app.get(
    "/instruments/:id",
    {
      schema: {
        tags,
        summary: "One instrument version: sections, items, scale, bands, guidance (English and Spanish)",
        params: IdParams,
        response: problemResponses(404),
      },
      config: { access: "public" },
    },
    async (request) => {
      const instrument = await getInstrument(app.db, request.params.id);
      if (!instrument) throw notFound();
      return instrument;
    },
  );

  app.get(
    "/organisations/:id/responses",
    {
      schema: {
        tags,
        summary: "An organisation's profiles and assessments",
        params: IdParams,
        response: problemResponses(401, 404),
      },
      config: { access: readOrganisation() },
    },
    async (request) => {
      const organisation = loadedOrganisation(request);
      const items = await listResponses(app.db, organisation.id);
      return {
        items: items.map((r) => ({
          ...r,
          createdAt: r.createdAt.toISOString(),
          submittedAt: r.submittedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    "/responses",
    {
      schema: {
        tags,
        summary:
          "Open the profile for a school year, or the open assessment (a new time point if none is open)",
        body: StartApiInput,
        response: problemResponses(400, 401, 404),
      },
      config: { access: { action: "measures.write", load: organisationInBody(), refuse: 404 } },
    },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const organisation = loadedOrganisation(request);
      if (!isSchoolYear(request.body.schoolYear))
        throw badRequest("schoolYear must be two consecutive years, e.g. 2025-26.", [
          { pointer: "/body/schoolYear", detail: "is not a school year" },
        ]);
      const result = await startResponse(app.db, {
        actorId: actor.userId,
        organisation,
        instrumentKey: request.body.instrument,
        schoolYear: request.body.schoolYear,
      }).catch(asProblem);
      return reply
        .status(result.created ? 201 : 200)
        .header("location", `/api/v1/responses/${result.id}`)
        .send(result);
    },
  );

  app.get(
    "/responses/:id",
    {
      schema: {
        tags,
        summary: "A response with every section's answers and version (ETag)",
        params: IdParams,
        response: problemResponses(401, 404),
      },
      config: { access: readResponse },
    },
    async (request, reply) => {
      const { response, organisation } = loadedResponse(request);
      const etag = etagOf(response);
      reply.header("etag", etag).header("cache-control", "private, no-cache");
      if (request.headers["if-none-match"] === etag) return reply.status(304).send();
      return presentResponse(response, organisation.id);
    },
  );

  app.put(
    "/responses/:id/sections/:sectionKey",
    {
      schema: {
        tags,
        summary:
          "Replace one section's answers (autosave). Each answer in its item's JSON type (no conversion); null clears it. A wrong one is a 400 naming the item; a stale version gets 409 with both sets of answers.",
        params: SectionParams,
        body: SaveSectionInput,
        response: problemResponses(400, 401, 404, 409),
      },
      config: { access: writeResponse },
    },
    async (request) => {
      const actor = await signedInActor(request);
      const { response } = loadedResponse(request);
      if (!response.instrument.sections.some((s) => s.key === request.params.sectionKey)) throw notFound();
      const result = await saveSection(app.db, {
        actorId: actor.userId,
        responseId: response.id,
        sectionKey: request.params.sectionKey,
        baseVersion: request.body.version,
        answers: request.body.answers,
        source: "json",
      }).catch(asProblem);
      if (result.status === "invalid") {
        throw badRequest(
          "Some answers are not valid for their questions.",
          Object.entries(result.problems).map(([key, p]) => ({
            pointer: `/body/answers/${key}`,
            detail: answerProblemDetail(p),
          })),
        );
      }
      if (result.status === "conflict") {
        throw new HttpProblem(
          409,
          "Conflict",
          "The section changed since the version you started from. Nothing was overwritten.",
          {
            code: "staleVersion",
            current: {
              version: result.current.version,
              answers: result.current.answers,
              updatedBy: result.current.updatedBy,
              updatedByName: result.current.updatedByName,
              updatedAt: result.current.updatedAt?.toISOString() ?? null,
            },
            yours: result.yours,
          },
        );
      }
      return { version: result.version, changed: result.changed };
    },
  );

  app.post(
    "/responses/:id/submission",
    {
      schema: {
        tags,
        summary: "Submit: lock and date the time point, store its scores, update aggregates",
        description: "An assessment with no indicator rated 1–6 is refused (400).",
        params: IdParams,
        response: problemResponses(400, 401, 404, 409),
      },
      config: { access: writeResponse },
    },
    async (request) => {
      const actor = await signedInActor(request);
      const { response, organisation } = loadedResponse(request);
      const submitted = await submitResponse(app.db, {
        actorId: actor.userId,
        responseId: response.id,
      }).catch(asProblem);
      return presentResponse(submitted, organisation.id);
    },
  );

  app.get(
    "/responses/:id/scores",
    {
      schema: {
        tags,
        summary: "Scores of a submitted assessment with comparisons (suppressed below 10) and change",
        params: IdParams,
        response: problemResponses(401, 404, 409),
      },
      config: { access: readResponse },
    },
    async (request) => {
      const { response, organisation } = loadedResponse(request);
      if (response.status !== "submitted" || response.instrument.kind !== "assessment")
        throw conflict("Scores exist once an assessment is submitted.");
      const report = await buildReport(app.db, response, organisation);
      return {
        responseId: response.id,
        schoolYear: response.schoolYear,
        timePoint: response.timePoint,
        submittedAt: response.submittedAt?.toISOString(),
        domains: report.rows.map((r) => ({
          key: r.key,
          score: r.score,
          band: r.band,
          rated: r.rated,
          total: r.total,
          change: r.change,
          changeSinceLastYear: r.changeSinceLastYear,
          comparisons: r.comparisons,
        })),
        strengths: report.strengths,
        priorities: report.priorities,
      };
    },
  );

  app.get(
    "/organisations/:id/aggregates",
    {
      schema: {
        tags,
        summary:
          "Means per domain of the schools under a district, state or the nation (hidden below 10) and participation",
        params: IdParams,
        querystring: YearQuery,
        response: problemResponses(400, 401, 404),
      },
      config: { access: readOrganisation() },
    },
    async (request) => {
      const organisation = loadedOrganisation(request);
      const schoolYear = request.query.schoolYear ?? schoolYearOf(new Date());
      if (!isSchoolYear(schoolYear)) throw badRequest("schoolYear must look like 2025-26.");
      const quality = await getInstrumentKeys(instance);
      const [means] = await scopeMeans(app.db, [organisation.id], "quality", "school", schoolYear, quality);
      const counts = (await participationCounts(app.db, [organisation.id], schoolYear)).get(organisation.id)!;
      return {
        organisationId: organisation.id,
        schoolYear,
        variant: "school",
        participation: { profile: counts.profile, quality: counts.quality },
        means: Object.fromEntries(
          Object.entries(means!.means).map(([k, cell]) => [
            k,
            cell.shown ? { mean: cell.value, n: cell.n } : { hidden: true, reason: "fewer than 10 schools" },
          ]),
        ),
      };
    },
  );
}

/** The domain keys of the school quality assessment (stable across versions). */
async function getInstrumentKeys(app: FastifyInstance): Promise<string[]> {
  const list = await listInstruments(app.db);
  const newest = list
    .filter((i) => i.key === "quality" && i.variant === "school")
    .sort((a, b) => b.version - a.version)[0];
  const instrument = newest ? await getInstrument(app.db, newest.id) : null;
  return instrument?.sections.filter((s) => s.scored).map((s) => s.key) ?? [];
}
