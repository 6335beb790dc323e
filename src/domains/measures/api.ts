import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { badRequest, conflict, HttpProblem, notFound } from "../../platform/http/problem";
import { IdParams, problemResponses } from "../../platform/http/schemas";
import { can } from "../../platform/policy";
import { getNation } from "../directory/service";
import { organisationFor, requireActor, responseFor } from "./access";
import { districtDashboard, nationalView } from "./dashboard-data";
import { participationCounts } from "./aggregates";
import { ImportInput, SaveSectionInput, SectionParams, StartApiInput, YearQuery } from "./api-schemas";
import { hasControlCharacters, ImportFileTooLarge, importProfiles, MAX_IMPORT_BYTES, readImportFile } from "./import";
import { getInstrument, listInstruments } from "./instruments";
import { buildReport } from "./report-data";
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
import { scopeMeans } from "./aggregates";

const tags = ["measures"];

function presentResponse(response: ResponseView, organisationId: string) {
  return {
    id: response.id,
    organisationId,
    instrument: { id: response.instrument.id, key: response.instrument.key, variant: response.instrument.variant, version: response.instrument.version },
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
    .update(`${response.status}|${Object.entries(response.sections).map(([k, s]) => `${k}:${s.version}`).sort().join(",")}`)
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

export async function measuresApi(app: FastifyInstance) {
  app.get("/instruments", { schema: { tags, summary: "Published instrument versions" } }, async () => {
    const list = await listInstruments(app.db);
    return { items: list.map((i) => ({ ...i, publishedAt: i.publishedAt.toISOString() })) };
  });

  app.get<{ Params: { id: string } }>(
    "/instruments/:id",
    { schema: { tags, summary: "One instrument version: sections, items, scale, bands, guidance (English and Spanish)", params: IdParams, response: problemResponses(404) } },
    async (request) => {
      const instrument = await getInstrument(app.db, request.params.id);
      if (!instrument) throw notFound();
      return instrument;
    },
  );

  app.get<{ Params: { id: string } }>(
    "/organisations/:id/responses",
    { schema: { tags, summary: "An organisation's profiles and assessments", params: IdParams, response: problemResponses(401, 404) } },
    async (request) => {
      const { organisation } = await organisationFor(request, request.params.id);
      const items = await listResponses(app.db, organisation.id);
      return { items: items.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), submittedAt: r.submittedAt?.toISOString() ?? null })) };
    },
  );

  app.post<{ Body: typeof StartApiInput.static }>(
    "/responses",
    {
      schema: {
        tags,
        summary: "Open the profile for a school year, or the open assessment (a new time point if none is open)",
        body: StartApiInput,
        response: problemResponses(400, 401, 404),
      },
    },
    async (request, reply) => {
      const { actor, organisation } = await organisationFor(request, request.body.organisationId, "measures.write");
      if (!isSchoolYear(request.body.schoolYear)) throw badRequest("schoolYear must be two consecutive years, e.g. 2025-26.", [{ pointer: "/body/schoolYear", detail: "is not a school year" }]);
      const result = await startResponse(app.db, {
        actorId: actor.userId,
        organisation,
        instrumentKey: request.body.instrument,
        schoolYear: request.body.schoolYear,
      }).catch(asProblem);
      return reply.status(result.created ? 201 : 200).header("location", `/api/v1/responses/${result.id}`).send(result);
    },
  );

  app.get<{ Params: { id: string } }>(
    "/responses/:id",
    { schema: { tags, summary: "A response with every section's answers and version (ETag)", params: IdParams, response: problemResponses(401, 404) } },
    async (request, reply) => {
      const { response, organisation } = await responseFor(request, request.params.id);
      const etag = etagOf(response);
      reply.header("etag", etag).header("cache-control", "private, no-cache");
      if (request.headers["if-none-match"] === etag) return reply.status(304).send();
      return presentResponse(response, organisation.id);
    },
  );

  app.put<{ Params: { id: string; sectionKey: string }; Body: typeof SaveSectionInput.static }>(
    "/responses/:id/sections/:sectionKey",
    {
      schema: {
        tags,
        summary: "Replace one section's answers (autosave). A stale version gets 409 with both sets of answers.",
        params: SectionParams,
        body: SaveSectionInput,
        response: problemResponses(400, 401, 404, 409),
      },
    },
    async (request) => {
      const { actor, response } = await responseFor(request, request.params.id, "measures.write");
      if (!response.instrument.sections.some((s) => s.key === request.params.sectionKey)) throw notFound();
      const result = await saveSection(app.db, {
        actorId: actor.userId,
        responseId: response.id,
        sectionKey: request.params.sectionKey,
        baseVersion: request.body.version,
        answers: request.body.answers,
      }).catch(asProblem);
      if (result.status === "invalid") {
        throw badRequest(
          "Some answers are not valid for their questions.",
          Object.entries(result.problems).map(([key, p]) => ({
            pointer: `/body/answers/${key}`,
            detail: p.code === "enrollment" ? `is more than the ${p.enrollment} students enrolled` : `is not a valid ${p.code} answer`,
          })),
        );
      }
      if (result.status === "conflict") {
        throw new HttpProblem(409, "Conflict", "The section changed since the version you started from. Nothing was overwritten.", {
          code: "staleVersion",
          current: {
            version: result.current.version,
            answers: result.current.answers,
            updatedBy: result.current.updatedBy,
            updatedByName: result.current.updatedByName,
            updatedAt: result.current.updatedAt?.toISOString() ?? null,
          },
          yours: result.yours,
        });
      }
      return { version: result.version, changed: result.changed };
    },
  );

  app.post<{ Params: { id: string } }>(
    "/responses/:id/submission",
    { schema: { tags, summary: "Submit: lock and date the time point, store its scores, update aggregates", params: IdParams, response: problemResponses(401, 404, 409) } },
    async (request) => {
      const { actor, response, organisation } = await responseFor(request, request.params.id, "measures.write");
      const submitted = await submitResponse(app.db, { actorId: actor.userId, responseId: response.id }).catch(asProblem);
      return presentResponse(submitted, organisation.id);
    },
  );

  app.get<{ Params: { id: string } }>(
    "/responses/:id/scores",
    { schema: { tags, summary: "Scores of a submitted assessment with comparisons (suppressed below 10) and change", params: IdParams, response: problemResponses(401, 404, 409) } },
    async (request) => {
      const { response, organisation } = await responseFor(request, request.params.id);
      if (response.status !== "submitted" || response.instrument.kind !== "assessment") throw conflict("Scores exist once an assessment is submitted.");
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
          comparisons: r.comparisons,
        })),
        strengths: report.strengths,
        priorities: report.priorities,
      };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { schoolYear?: string } }>(
    "/organisations/:id/aggregates",
    {
      schema: {
        tags,
        summary: "Means per domain of the schools under a district, state or the nation (hidden below 10) and participation",
        params: IdParams,
        querystring: YearQuery,
        response: problemResponses(400, 401, 404),
      },
    },
    async (request) => {
      const { organisation } = await organisationFor(request, request.params.id);
      const schoolYear = request.query.schoolYear ?? schoolYearOf(new Date());
      if (!isSchoolYear(schoolYear)) throw badRequest("schoolYear must look like 2025-26.");
      const quality = await getInstrumentKeys(app);
      const [means] = await scopeMeans(app.db, [organisation.id], "quality", "school", schoolYear, quality);
      const counts = (await participationCounts(app.db, [organisation.id], schoolYear)).get(organisation.id)!;
      return {
        organisationId: organisation.id,
        schoolYear,
        variant: "school",
        participation: { profile: counts.profile, quality: counts.quality },
        means: Object.fromEntries(
          Object.entries(means!.means).map(([k, cell]) => [k, cell.shown ? { mean: cell.value, n: cell.n } : { hidden: true, reason: "fewer than 10 schools" }]),
        ),
      };
    },
  );
}

/** The CSV and school year of an import request: JSON, a text/csv body, or multipart (`file`). */
async function importRequestInput(request: FastifyRequest): Promise<{ schoolYear: string; csv: string }> {
  const yearInQuery = (request.query as { schoolYear?: string }).schoolYear ?? "";
  let csv: string | null;
  let schoolYear = yearInQuery;
  if (request.isMultipart()) {
    csv = null;
    for await (const part of request.parts()) {
      if (part.type === "file") {
        if (part.fieldname === "file" && csv === null) csv = await readImportFile(part.file);
        else part.file.resume();
      } else if (part.fieldname === "schoolYear") schoolYear = String(part.value ?? "");
    }
    if (csv === null) throw badRequest("Send the CSV in the multipart field `file` (UTF-8 text).");
  } else if (request.body && typeof (request.body as Readable).pipe === "function") {
    csv = await readImportFile(request.body as Readable);
    if (csv === null) throw badRequest("The CSV must be UTF-8 text.");
  } else {
    const body = request.body as typeof ImportInput.static;
    return { schoolYear: body.schoolYear, csv: body.csv };
  }
  if (hasControlCharacters(csv)) throw badRequest("The CSV contains control characters.");
  return { schoolYear, csv };
}

export async function measuresImportApi(app: FastifyInstance) {
  await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, fieldSize: 100, files: 1, fields: 1, parts: 2 } });
  // A text/csv body is handed over as a stream and read only up to MAX_IMPORT_BYTES.
  app.addContentTypeParser("text/csv", (_request, payload, done) => done(null, payload));
  // Multipart is a form a browser can send cross-site: with a session cookie it needs the CSRF token.
  const csrfForCookieMultipart = (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    if (request.isMultipart() && !request.headers.authorization) app.csrfProtection(request, reply, done);
    else done();
  };

  app.post<{ Params: { id: string }; Querystring: { schoolYear?: string } }>(
    "/organisations/:id/profile-imports",
    {
      preHandler: csrfForCookieMultipart,
      schema: {
        tags,
        summary:
          "Bulk census import for a state: every row checked; all profiles written and submitted, or none. JSON { schoolYear, csv }, a text/csv body with ?schoolYear=, or multipart (field `file`, up to 20 MB, and `schoolYear`)",
        consumes: ["application/json", "text/csv", "multipart/form-data"],
        params: IdParams,
        querystring: YearQuery,
        body: { content: { "application/json": { schema: ImportInput } } },
        response: problemResponses(400, 401, 403, 404, 413),
      },
    },
    async (request, reply) => {
      const { actor, organisation } = await organisationFor(request, request.params.id, "measures.importProfiles");
      if (organisation.kind !== "state") throw notFound();
      let input: { schoolYear: string; csv: string };
      try {
        input = await importRequestInput(request);
      } catch (error) {
        if (error instanceof ImportFileTooLarge || (error as { code?: string })?.code === "FST_REQ_FILE_TOO_LARGE") {
          throw new HttpProblem(413, "Content Too Large", "The CSV is larger than 20 MB; nothing was imported.");
        }
        throw error;
      }
      if (!isSchoolYear(input.schoolYear)) throw badRequest("schoolYear must look like 2025-26.");
      if (input.csv.trim() === "") throw badRequest("The CSV is empty.");
      const result = await importProfiles(app.db, { actorId: actor.userId, state: organisation, ...input });
      if (!result.ok) {
        throw badRequest(
          `Nothing was imported: ${result.problems.length} problems.`,
          result.problems.slice(0, 1000).map((p) => ({ pointer: `/body/csv/line/${p.line}/${p.column}`, detail: p.problem })),
        );
      }
      return reply.status(201).send({ imported: result.imported });
    },
  );
}

export async function measuresDashboardApi(app: FastifyInstance) {
  app.get<{ Params: { id: string }; Querystring: { schoolYear?: string } }>(
    "/organisations/:id/school-scores",
    {
      schema: {
        tags,
        summary: "District dashboard: every school with its profile status, last assessment and latest domain scores",
        params: IdParams,
        querystring: YearQuery,
        response: problemResponses(400, 401, 404),
      },
    },
    async (request) => {
      const { organisation } = await organisationFor(request, request.params.id);
      if (organisation.kind !== "district") throw notFound();
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

  app.get<{ Querystring: { schoolYear?: string } }>(
    "/measures/national",
    { schema: { tags, summary: "National view: participation and composite mean by state (hidden below 10)", querystring: YearQuery, response: problemResponses(400, 401, 404) } },
    async (request) => {
      const actor = await requireActor(request);
      const nation = await getNation(app.db);
      if (!nation || !can(actor, "measures.viewNational", nation)) throw notFound();
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
          composite: s.composite.shown ? { mean: s.composite.value, n: s.composite.n } : { hidden: true, reason: "fewer than 10 schools" },
        })),
      };
    },
  );
}

/** The domain keys of the school quality assessment (stable across versions). */
async function getInstrumentKeys(app: FastifyInstance): Promise<string[]> {
  const list = await listInstruments(app.db);
  const newest = list.filter((i) => i.key === "quality" && i.variant === "school").sort((a, b) => b.version - a.version)[0];
  const instrument = newest ? await getInstrument(app.db, newest.id) : null;
  return instrument?.sections.filter((s) => s.scored).map((s) => s.key) ?? [];
}

