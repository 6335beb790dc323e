import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { badRequest } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import { type Locale, translator } from "../../../platform/i18n";
import {
  accessTo,
  loadedMeasure,
  loadedProject,
  measureInPath,
  projectInPath,
  signedInActor,
} from "./access";
import {
  AnnotationFields,
  AstronomicalFields,
  BaselineFields,
  ChartQuery,
  ChartResponse,
  CsvBody,
  DomainScoreFields,
  MeasureFields,
  MeasureListResponse,
  MeasureParams,
  MeasureResponse,
  ProjectParams,
  RecomputeFields,
  SavedResponse,
  ValuesBody,
} from "./contracts";
import { chartsCatalog } from "./messages";
import {
  ChartsError,
  type Measure,
  type MeasureChartData,
  type RowProblem,
  addAnnotation,
  addDomainScoreMeasure,
  createMeasure,
  freezeBaseline,
  getMeasure,
  listMeasures,
  markAstronomical,
  measureChartData,
  recomputeLimits,
  saveValues,
  updateMeasure,
} from "./service";
import { describeSignal } from "./spc";
import { csvColumns, readValuesCsv } from "./values";

const tags = ["improvement"];
const en = translator(chartsCatalog, "en");

export const measureHref = (m: Pick<Measure, "id">) => `/improvement/measures/${m.id}`;

export function presentMeasure(m: Measure): Static<typeof MeasureResponse> {
  return {
    id: m.id,
    projectId: m.projectId,
    name: m.name,
    kind: m.kind,
    type: m.type,
    period: m.period,
    definition: m.definition,
    numeratorLabel: m.numeratorLabel,
    denominatorLabel: m.denominatorLabel,
    perUnits: m.perUnits,
    goal: m.goal,
    countChart: m.countChart,
    ruleSet: m.ruleSet,
    source: m.source,
    domainKey: m.domainKey,
    baselineFrom: m.baselineFrom,
    baselineTo: m.baselineTo,
    chart: measureHref(m),
  };
}

export function presentChart(data: MeasureChartData, locale: Locale): Static<typeof ChartResponse> {
  const { chart } = data;
  return {
    measure: presentMeasure(data.measure),
    chart: chart.kind,
    rules: chart.rules,
    trialLimits: chart.trial,
    points: chart.view.points.map((p, i) => ({
      period: data.series[i].start,
      value: p.value,
      numerator: p.numerator,
      denominator: p.denominator,
      centre: p.centre,
      lower: p.lower,
      upper: p.upper,
      inBaseline: p.inBaseline,
      signals: p.signals,
    })),
    signals: chart.view.signals.map((s) => ({ ...s, text: describeSignal(s, locale) })),
    annotations: data.annotations.map((a) => ({ id: a.id, onDate: a.onDate, text: a.text })),
    phases: data.phases.map((p) => ({
      fromPeriod: p.fromPeriod,
      baselineTo: p.baselineTo,
      reason: p.reason,
      cycleId: p.cycleId,
      annotationId: p.annotationId,
    })),
    astronomical: data.astronomical.map((a) => ({ period: a.periodStart, note: a.note })),
  };
}

/** Row problems as problem+json errors: `/rows/<row>/<column>` (row 0: the whole file). */
export function rowProblemText(problem: RowProblem, type: Measure["type"], locale: Locale): string {
  const t = translator(chartsCatalog, locale);
  const text = t(`p_${problem.code}` as Parameters<typeof t>[0], { columns: csvColumns(type).join(",") });
  return problem.row === 0
    ? t("fileProblem", { problem: text })
    : t("rowProblem", { row: problem.row, column: problem.column, problem: text });
}

function refuseRows(problems: RowProblem[], type: Measure["type"]): never {
  throw badRequest(
    en("uploadProblems", { n: problems.length }),
    problems.map((p) => ({
      pointer: p.row === 0 ? "/csv" : `/rows/${p.row}/${p.column}`,
      detail: rowProblemText(p, type, "en"),
    })),
  );
}

/** A service refusal as a 400 naming the field. */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ChartsError) {
      const key = error.code === "baselineFrozen" ? "alreadyFrozen" : error.code;
      throw badRequest(en(key), [{ pointer: `/${error.field}`, detail: en(key) }]);
    }
    throw error;
  }
}

/** The measures and charts under /api/v1/improvement. */
export async function chartsApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const read = { access: accessTo("improvement.read", measureInPath) };
  const write = { access: accessTo("improvement.write", measureInPath) };

  app.get(
    "/improvement/projects/:projectId/measures",
    {
      config: { access: accessTo("improvement.read", projectInPath) },
      schema: {
        tags,
        summary: "A plan's measures with their operational definitions",
        params: ProjectParams,
        response: { 200: MeasureListResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { project } = loadedProject(request);
      return { items: (await listMeasures(app.db, project.id)).map(presentMeasure) };
    },
  );

  app.post(
    "/improvement/projects/:projectId/measures",
    {
      config: { access: accessTo("improvement.write", projectInPath) },
      schema: {
        tags,
        summary: "Define a measure (outcome, process or balancing; count, proportion, rate or mean)",
        params: ProjectParams,
        body: MeasureFields,
        response: { 201: MeasureResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const { project } = loadedProject(request);
      const measure = await createMeasure(app.db, actor.userId, project, request.body);
      return reply.status(201).send(presentMeasure(measure));
    },
  );

  app.post(
    "/improvement/projects/:projectId/measures/domain-score",
    {
      config: { access: accessTo("improvement.write", projectInPath) },
      schema: {
        tags,
        summary:
          "Add a quality-assessment domain score as an outcome measure (each submitted time point is a point)",
        params: ProjectParams,
        body: DomainScoreFields,
        response: { 201: MeasureResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const { project } = loadedProject(request);
      const measure = await refusing(() =>
        addDomainScoreMeasure(app.db, actor.userId, project, request.body, "en"),
      );
      return reply.status(201).send(presentMeasure(measure));
    },
  );

  app.get(
    "/improvement/measures/:measureId",
    {
      config: read,
      schema: {
        tags,
        summary: "A measure's chart: points, centre line, limits, signals (in words), annotations, phases",
        params: MeasureParams,
        querystring: ChartQuery,
        response: { 200: ChartResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { project, measure } = loadedMeasure(request);
      const data = await measureChartData(
        app.db,
        project,
        measure,
        request.query.chart ?? "auto",
        request.query.rules,
        request.locale,
      );
      return presentChart(data, request.locale);
    },
  );

  app.put(
    "/improvement/measures/:measureId",
    {
      config: write,
      schema: {
        tags,
        summary: "Change a measure's definition (type and period are fixed once values exist)",
        params: MeasureParams,
        body: MeasureFields,
        response: { 200: MeasureResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = await signedInActor(request);
      const { project, measure } = loadedMeasure(request);
      return presentMeasure(
        await refusing(() => updateMeasure(app.db, actor.userId, project, measure, request.body)),
      );
    },
  );

  app.post(
    "/improvement/measures/:measureId/values",
    {
      config: write,
      schema: {
        tags,
        summary: "Enter values per period: every row is checked, and all are saved or none",
        params: MeasureParams,
        body: ValuesBody,
        response: { 200: SavedResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = await signedInActor(request);
      const { project, measure } = loadedMeasure(request);
      const result = await refusing(() =>
        saveValues(app.db, actor.userId, project, measure, request.body.rows),
      );
      if (!result.ok) refuseRows(result.problems, measure.type);
      return { saved: result.saved };
    },
  );

  app.post(
    "/improvement/measures/:measureId/values/csv",
    {
      config: write,
      schema: {
        tags,
        summary: "Upload values as CSV text (period,value or period,numerator,denominator): all rows or none",
        params: MeasureParams,
        body: CsvBody,
        response: { 200: SavedResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = await signedInActor(request);
      const { project, measure } = loadedMeasure(request);
      const read = readValuesCsv(request.body.csv, measure.type);
      if (!read.ok) refuseRows(read.problems, measure.type);
      const result = await refusing(() => saveValues(app.db, actor.userId, project, measure, read.rows));
      if (!result.ok) refuseRows(result.problems, measure.type);
      return { saved: result.saved };
    },
  );

  app.post(
    "/improvement/measures/:measureId/baseline",
    {
      config: write,
      schema: {
        tags,
        summary: "Freeze the baseline (once): the periods the centre line and limits come from",
        params: MeasureParams,
        body: BaselineFields,
        response: { 200: MeasureResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = await signedInActor(request);
      const { project, measure } = loadedMeasure(request);
      return presentMeasure(
        await refusing(() => freezeBaseline(app.db, actor.userId, project, measure, request.body)),
      );
    },
  );

  app.post(
    "/improvement/measures/:measureId/recomputes",
    {
      config: write,
      schema: {
        tags,
        summary:
          "Recompute the limits from a period on, with a reason linked to a PDSA cycle or an annotation",
        params: MeasureParams,
        body: RecomputeFields,
        response: { 201: ChartResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const { project, measure } = loadedMeasure(request);
      await refusing(() => recomputeLimits(app.db, actor.userId, project, measure, request.body));
      const data = await measureChartData(app.db, project, measure, "control", undefined, request.locale);
      return reply.status(201).send(presentChart(data, request.locale));
    },
  );

  app.post(
    "/improvement/measures/:measureId/annotations",
    {
      config: write,
      schema: {
        tags,
        summary: "Add an annotation drawn on the chart at its date",
        params: MeasureParams,
        body: AnnotationFields,
        response: { 201: ChartResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const { project, measure } = loadedMeasure(request);
      await refusing(() => addAnnotation(app.db, actor.userId, project, measure, request.body));
      const data = await measureChartData(app.db, project, measure, "auto", undefined, request.locale);
      return reply.status(201).send(presentChart(data, request.locale));
    },
  );

  app.post(
    "/improvement/measures/:measureId/astronomical",
    {
      config: write,
      schema: {
        tags,
        summary: "Mark a point as astronomical (a person's judgement), or take the mark back",
        params: MeasureParams,
        body: AstronomicalFields,
        response: { 200: ChartResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = await signedInActor(request);
      const { project, measure } = loadedMeasure(request);
      await refusing(() =>
        markAstronomical(app.db, actor.userId, project, measure, {
          period: request.body.period,
          astronomical: request.body.astronomical ?? true,
          note: request.body.note,
        }),
      );
      const fresh = (await getMeasure(app.db, measure.id)) ?? measure;
      const data = await measureChartData(app.db, project, fresh, "auto", undefined, request.locale);
      return presentChart(data, request.locale);
    },
  );
}
