import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { badRequest, notFound } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import { addMeasureAccess, editMeasureAccess, loadedMeasure } from "./access";
import {
  COMPARE_MAX,
  MeasureFields,
  MeasureFilterQuery,
  MeasureListResponse,
  MeasureParams,
  MeasureResponse,
  MeasureSlug,
} from "./fields";
import { tr } from "./messages";
import {
  compareMeasures,
  createMeasure,
  findMeasure,
  levelsOf,
  listMeasures,
  MeasureCheckError,
  type MeasureRow,
  updateMeasure,
} from "./service";
import { compareProblemText } from "./views";

const tags = ["screening and assessment catalogue"];

/** A measure as the API shows it: codes for its choices, both languages of its texts. */
export function presentMeasure(m: MeasureRow): Static<typeof MeasureResponse> {
  return {
    slug: m.slug,
    shortName: m.shortName,
    name: m.name,
    publisher: m.publisher,
    summary: { en: m.summaryEn, es: m.summaryEs },
    focusAreas: m.focusAreas,
    purposes: m.purposes,
    reporters: m.reporters,
    languages: m.languages,
    ageMin: m.ageMin,
    ageMax: m.ageMax,
    levels: levelsOf(m),
    items: m.items,
    minutes: m.minutes,
    cost: m.cost,
    obtain: { en: m.obtainEn, es: m.obtainEs },
    obtainUrl: m.obtainUrl,
    evidence: { en: m.evidenceEn, es: m.evidenceEs },
    demo: m.demo,
    updatedAt: m.updatedAt.toISOString(),
  };
}

/** Runs a save; what the schema cannot see (a taken address, ages out of order) is a 400 by its field. */
async function checked(save: () => Promise<MeasureRow>): Promise<MeasureRow> {
  try {
    return await save();
  } catch (error) {
    if (!(error instanceof MeasureCheckError)) throw error;
    const t = tr("en");
    const errors = Object.entries(error.problems).map(([field, problem]) => ({
      pointer: `/${field}`,
      detail: t(problem),
    }));
    throw badRequest(errors.map((e) => e.detail).join(" "), errors);
  }
}

const CompareApiQuery = Type.Object({
  m: Type.Array(MeasureSlug(), {
    minItems: 1,
    maxItems: 50,
    description: `Two to ${COMPARE_MAX} measures' addresses (repeat m)`,
  }),
});

/** The screening and assessment catalogue under /api/v1/library/measures. */
export async function catalogueApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/library/measures",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "The catalogue's measures the filters let through (every filter optional), by short name",
        querystring: MeasureFilterQuery,
        response: { 200: MeasureListResponse, ...problemResponses(400) },
      },
    },
    async (request) => {
      const measures = await listMeasures(app.db, request.query);
      return { total: measures.length, items: measures.map(presentMeasure) };
    },
  );

  app.get(
    "/library/measures/compare",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: `Two to ${COMPARE_MAX} measures side by side, in the order asked`,
        querystring: CompareApiQuery,
        response: { 200: MeasureListResponse, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const result = await compareMeasures(app.db, request.query.m);
      if (!result.ok) {
        const detail = compareProblemText(tr("en"), result);
        throw result.problem === "unknown" ? notFound(detail) : badRequest(detail);
      }
      return { total: result.measures.length, items: result.measures.map(presentMeasure) };
    },
  );

  app.get(
    "/library/measures/:measureSlug",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "One measure of the catalogue",
        params: MeasureParams,
        response: { 200: MeasureResponse, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const measure = await findMeasure(app.db, request.params.measureSlug);
      if (!measure) throw notFound();
      return presentMeasure(measure);
    },
  );

  app.post(
    "/library/measures",
    {
      config: { access: addMeasureAccess },
      schema: {
        tags,
        summary: "Add a measure (national editors: the nation team's leads and admins; audited)",
        body: MeasureFields,
        response: { 201: MeasureResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actorId = request.viewer!.id;
      const row = await checked(() => createMeasure(app.db, { actorId, input: request.body }));
      return reply.status(201).send(presentMeasure(row));
    },
  );

  app.put(
    "/library/measures/:measureSlug",
    {
      config: { access: editMeasureAccess },
      schema: {
        tags,
        summary: "Replace a measure's fields, its address included (national editors; audited)",
        params: MeasureParams,
        body: MeasureFields,
        response: { 200: MeasureResponse, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actorId = request.viewer!.id;
      const measure = loadedMeasure(request);
      return presentMeasure(
        await checked(() => updateMeasure(app.db, { actorId, measure, input: request.body })),
      );
    },
  );
}
