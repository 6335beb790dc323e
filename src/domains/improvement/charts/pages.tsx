import multipart from "@fastify/multipart";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Static, TObject } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { stringify } from "csv-stringify/sync";
import { type FieldErrors, type FormValues, formFieldsOf, parseForm } from "../../../platform/http/forms";
import { type Locale, translator } from "../../../platform/i18n";
import { badRequest } from "../../../platform/http/problem";
import { can } from "../../../platform/policy";
import type { FormState } from "../../../platform/ui/components";
import {
  accessTo,
  loadedMeasure,
  loadedProject,
  measureInPath,
  projectInPath,
  signedInActor,
} from "./access";
import { rowProblemText } from "./api";
import {
  AnnotationFields,
  AstronomicalFields,
  BaselineFields,
  ChartQuery,
  CsvForm,
  DomainScoreFields,
  MeasureFields,
  MeasureParams,
  ProjectParams,
  RecomputeFields,
  ValueFields,
} from "./contracts";
import { chartsCatalog } from "./messages";
import {
  ChartsError,
  type Measure,
  addAnnotation,
  addDomainScoreMeasure,
  assessmentDomains,
  createMeasure,
  freezeBaseline,
  listMeasures,
  markAstronomical,
  measureChartData,
  recomputeLimits,
  saveValues,
  updateMeasure,
} from "./service";
import { describeSignal } from "./spc";
import { readValuesCsv } from "./values";
import {
  ChartPage,
  LimitsPage,
  MeasureFormPage,
  MeasuresPage,
  latestText,
  measureFormValues,
  measureHref,
  projectHref,
} from "./views/measure-views";
import { RULE_KEY } from "./views/chart-svg";
import { chartViewCatalog } from "./views/chart-messages";

const hide = true;
const MAX_UPLOAD_BYTES = 200_000;

/** A service refusal as a message by its field. */
function fieldErrorOf(error: unknown, locale: Locale): FieldErrors | null {
  if (!(error instanceof ChartsError)) return null;
  const t = translator(chartsCatalog, locale);
  return { [error.field]: { message: t(error.code === "baselineFrozen" ? "alreadyFrozen" : error.code) } };
}

type ChartRequest = "auto" | "run" | "control";

/** The chart page's query; a value it cannot take is read as the default and answered with 400. */
function chartQuery(request: FastifyRequest): {
  chart: ChartRequest;
  rules?: "perla" | "anhoj";
  bad: boolean;
} {
  const parsed = parseForm(ChartQuery, request.query);
  return parsed.ok
    ? { chart: parsed.value.chart ?? "auto", rules: parsed.value.rules, bad: false }
    : { chart: "auto", bad: true };
}

/** A chart's numbers as CSV: the same columns as the table. */
function chartCsv(data: Awaited<ReturnType<typeof measureChartData>>, locale: Locale): string {
  const t = translator(chartViewCatalog, locale);
  const tc = translator(chartsCatalog, locale);
  const view = data.chart.view;
  const header = [
    tc("csvPeriodStart"),
    t("colPeriod"),
    t("colValue"),
    t("colNumerator"),
    t("colDenominator"),
    view.chart === "run" ? t("colMedian") : t("colCentre"),
    t("colLower"),
    t("colUpper"),
    t("colBaseline"),
    t("colSignals"),
  ];
  const rows = view.points.map((p, i) => [
    data.series[i].start,
    p.label,
    p.value,
    p.numerator ?? "",
    p.denominator ?? "",
    p.centre ?? "",
    p.lower ?? "",
    p.upper ?? "",
    p.inBaseline && view.baselineTo !== null ? t("yes") : t("no"),
    p.signals.map((rule) => t(RULE_KEY[rule])).join("; "),
  ]);
  const signals = view.signals.map((s) => ["", "", "", "", "", "", "", "", "", describeSignal(s, locale)]);
  return stringify([header, ...rows, ...signals]);
}

async function readUpload(request: FastifyRequest): Promise<{ csv: string; tooLarge: boolean }> {
  if (!request.isMultipart()) {
    const parsed = parseForm(CsvForm, request.body);
    return { csv: parsed.ok ? (parsed.value.csv ?? "") : "", tooLarge: false };
  }
  let file = "";
  let pasted = "";
  let tooLarge = false;
  for await (const part of request.parts()) {
    if (part.type === "file") {
      if (part.fieldname === "file" && part.filename) {
        const buffer = await part.toBuffer().catch(() => {
          tooLarge = true;
          return Buffer.alloc(0);
        });
        if (part.file.truncated) tooLarge = true;
        file = buffer.toString("utf8");
      } else part.file.resume();
    } else if (part.fieldname === "csv" && typeof part.value === "string") {
      pasted = part.value;
    }
  }
  return { csv: file.trim() !== "" ? file : pasted, tooLarge };
}

/** The measures and chart pages. */
export async function chartsPages(instance: FastifyInstance) {
  // Only the upload takes multipart; the CSRF check reads the token from its action URL.
  await instance.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, fieldSize: MAX_UPLOAD_BYTES, files: 1, fields: 3, parts: 4 },
  });
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const readProject = { access: accessTo("improvement.read", projectInPath) };
  const writeProject = { access: accessTo("improvement.write", projectInPath) };
  const readMeasure = { access: accessTo("improvement.read", measureInPath) };
  const writeMeasure = { access: accessTo("improvement.write", measureInPath) };

  // --- The plan's measures --------------------------------------------------------------------
  const measuresPage = async (request: FastifyRequest, reply: FastifyReply, domainState?: FormState) => {
    const { project, team } = loadedProject(request);
    const actor = await request.actor();
    const measures = await listMeasures(app.db, project.id);
    const rows = await Promise.all(
      measures.map(async (measure) => {
        const data = await measureChartData(app.db, project, measure, "run", undefined, request.locale);
        return { measure, points: data.series.length, latest: latestText(data, request.locale) };
      }),
    );
    const canWrite = can(actor, "improvement.write", team);
    return reply.page(
      <MeasuresPage
        ctx={reply.pageContext()}
        project={project}
        measures={rows}
        domains={canWrite ? await assessmentDomains(app.db, project.organisationId) : []}
        canWrite={canWrite}
        domainState={domainState}
      />,
      domainState?.errors ? 400 : 200,
    );
  };

  app.get(
    "/improvement/projects/:projectId/measures",
    { schema: { hide, params: ProjectParams }, config: readProject },
    (request, reply) => measuresPage(request, reply),
  );

  app.post(
    "/improvement/projects/:projectId/measures/domain-score",
    { schema: { hide, params: ProjectParams, body: formFieldsOf(DomainScoreFields) }, config: writeProject },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const { project } = loadedProject(request);
      const form = parseForm(DomainScoreFields, request.body);
      const t = translator(chartsCatalog, request.locale);
      if (form.ok) {
        try {
          const measure = await addDomainScoreMeasure(
            app.db,
            actor.userId,
            project,
            form.value,
            request.locale,
          );
          reply.flash("success", t("created"));
          return reply.redirect(measureHref(measure), 303);
        } catch (error) {
          const errors = fieldErrorOf(error, request.locale);
          if (!errors) throw error;
          return measuresPage(request, reply, {
            locale: request.locale,
            values: request.body as FormValues,
            errors,
          });
        }
      }
      return measuresPage(request, reply, {
        locale: request.locale,
        values: form.values,
        errors: form.errors,
      });
    },
  );

  // --- Defining a measure ---------------------------------------------------------------------
  const measureForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    measure: Measure | undefined,
    action: string,
    after: (values: typeof MeasureFields.static) => Promise<Measure>,
  ) => {
    const { project } = measure ? loadedMeasure(request) : loadedProject(request);
    const t = translator(chartsCatalog, request.locale);
    let state: FormState = {
      locale: request.locale,
      values: measure
        ? measureFormValues(measure)
        : { kind: "process", period: "month", countChart: "c", ruleSet: "perla" },
    };
    if (request.method === "POST") {
      const form = parseForm(MeasureFields, request.body);
      if (form.ok) {
        try {
          const saved = await after(form.value);
          reply.flash("success", t(measure ? "saved" : "created"));
          return reply.redirect(measureHref(saved), 303);
        } catch (error) {
          const errors = fieldErrorOf(error, request.locale);
          if (!errors) throw error;
          state = { locale: request.locale, values: request.body as FormValues, errors };
        }
      } else state = { locale: request.locale, values: form.values, errors: form.errors };
    }
    return reply.page(
      <MeasureFormPage
        ctx={reply.pageContext()}
        project={project}
        measure={measure}
        state={state}
        action={action}
      />,
      state.errors ? 400 : 200,
    );
  };

  const newMeasure = async (request: FastifyRequest, reply: FastifyReply) => {
    const { project } = loadedProject(request);
    const action = `${projectHref(project)}/measures/new`;
    return measureForm(request, reply, undefined, action, async (values) => {
      const actor = await signedInActor(request);
      return createMeasure(app.db, actor.userId, project, values);
    });
  };
  app.get(
    "/improvement/projects/:projectId/measures/new",
    { schema: { hide, params: ProjectParams }, config: writeProject },
    newMeasure,
  );
  app.post(
    "/improvement/projects/:projectId/measures/new",
    { schema: { hide, params: ProjectParams, body: formFieldsOf(MeasureFields) }, config: writeProject },
    newMeasure,
  );

  const editMeasure = async (request: FastifyRequest, reply: FastifyReply) => {
    const { project, measure } = loadedMeasure(request);
    return measureForm(request, reply, measure, `${measureHref(measure)}/edit`, async (values) => {
      const actor = await signedInActor(request);
      return updateMeasure(app.db, actor.userId, project, measure, values);
    });
  };
  app.get(
    "/improvement/measures/:measureId/edit",
    { schema: { hide, params: MeasureParams }, config: writeMeasure },
    editMeasure,
  );
  app.post(
    "/improvement/measures/:measureId/edit",
    { schema: { hide, params: MeasureParams, body: formFieldsOf(MeasureFields) }, config: writeMeasure },
    editMeasure,
  );

  // --- The chart ------------------------------------------------------------------------------
  const chartPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    forms: { valueState?: FormState; uploadState?: FormState; uploadProblems?: string[] } = {},
  ) => {
    const { project, team, measure } = loadedMeasure(request);
    const actor = await request.actor();
    const query = chartQuery(request);
    const data = await measureChartData(app.db, project, measure, query.chart, query.rules, request.locale);
    const failed =
      query.bad ||
      !!forms.valueState?.errors ||
      !!forms.uploadState?.errors ||
      (forms.uploadProblems?.length ?? 0) > 0;
    return reply.page(
      <ChartPage
        ctx={reply.pageContext()}
        project={project}
        data={data}
        request={query.chart}
        canWrite={can(actor, "improvement.write", team)}
        {...forms}
      />,
      failed ? 400 : 200,
    );
  };

  app.get(
    "/improvement/measures/:measureId",
    { schema: { hide, params: MeasureParams, querystring: formFieldsOf(ChartQuery) }, config: readMeasure },
    (request, reply) => chartPage(request, reply),
  );

  app.get(
    "/improvement/measures/:measureId/chart.csv",
    { schema: { hide, params: MeasureParams, querystring: formFieldsOf(ChartQuery) }, config: readMeasure },
    async (request, reply) => {
      const { project, measure } = loadedMeasure(request);
      const query = chartQuery(request);
      if (query.bad) throw badRequest("chart must be auto, run or control; rules perla or anhoj.");
      const data = await measureChartData(app.db, project, measure, query.chart, query.rules, request.locale);
      return reply
        .header("content-disposition", `attachment; filename="measure-${measure.id.slice(0, 8)}.csv"`)
        .header("cache-control", "private, no-store")
        .type("text/csv; charset=utf-8")
        .send(chartCsv(data, request.locale));
    },
  );

  app.post(
    "/improvement/measures/:measureId/values",
    { schema: { hide, params: MeasureParams, body: formFieldsOf(ValueFields) }, config: writeMeasure },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const { project, measure } = loadedMeasure(request);
      const t = translator(chartsCatalog, request.locale);
      const form = parseForm(ValueFields, request.body);
      if (!form.ok) {
        return chartPage(request, reply, {
          valueState: { locale: request.locale, values: form.values, errors: form.errors },
        });
      }
      const values = request.body as FormValues;
      try {
        const result = await saveValues(app.db, actor.userId, project, measure, [form.value]);
        if (!result.ok) {
          const errors: FieldErrors = {};
          for (const p of result.problems) {
            const field = p.column === "numerator" ? "value" : p.column;
            errors[field] ??= { message: t(`p_${p.code}` as Parameters<typeof t>[0], { columns: "" }) };
          }
          return chartPage(request, reply, { valueState: { locale: request.locale, values, errors } });
        }
      } catch (error) {
        const errors = fieldErrorOf(error, request.locale);
        if (!errors) throw error;
        return chartPage(request, reply, { valueState: { locale: request.locale, values, errors } });
      }
      reply.flash("success", t("valueSaved"));
      return reply.redirect(`${measureHref(measure)}#enter`, 303);
    },
  );

  app.post(
    "/improvement/measures/:measureId/upload",
    {
      config: writeMeasure,
      // Url-encoded posts (pasted text) are described here; a multipart body is a stream read below.
      schema: {
        hide,
        params: MeasureParams,
        body: { content: { "application/x-www-form-urlencoded": { schema: formFieldsOf(CsvForm) } } },
      },
    },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const { project, measure } = loadedMeasure(request);
      const t = translator(chartsCatalog, request.locale);
      const upload = await readUpload(request);
      const uploadState = { locale: request.locale, values: { csv: upload.csv.slice(0, MAX_UPLOAD_BYTES) } };
      if (upload.tooLarge || upload.csv.trim() === "") {
        const message = upload.tooLarge ? t("p_tooManyRows") : t("noFile");
        return chartPage(request, reply, { uploadState: { ...uploadState, errors: { csv: { message } } } });
      }
      const read = readValuesCsv(upload.csv, measure.type);
      const result = read.ok
        ? measure.source === "entered"
          ? await saveValues(app.db, actor.userId, project, measure, read.rows)
          : null
        : read;
      if (result === null) {
        return chartPage(request, reply, {
          uploadState: { ...uploadState, errors: { csv: { message: t("notEntered") } } },
        });
      }
      if (!result.ok) {
        const problems = result.problems.map((p) => rowProblemText(p, measure.type, request.locale));
        const message = t("uploadProblems", { n: problems.length });
        return chartPage(request, reply, {
          uploadState: { ...uploadState, errors: { csv: { message } } },
          uploadProblems: problems,
        });
      }
      reply.flash("success", t("uploaded", { n: result.saved }));
      return reply.redirect(measureHref(measure), 303);
    },
  );

  // --- Baseline, limits, annotations, astronomical points ------------------------------------
  const limitsPage = async (request: FastifyRequest, reply: FastifyReply, state?: FormState) => {
    const { project, measure } = loadedMeasure(request);
    const data = await measureChartData(app.db, project, measure, "auto", undefined, request.locale);
    return reply.page(
      <LimitsPage ctx={reply.pageContext()} project={project} data={data} state={state} />,
      state?.errors ? 400 : 200,
    );
  };
  app.get(
    "/improvement/measures/:measureId/limits",
    { schema: { hide, params: MeasureParams }, config: writeMeasure },
    (request, reply) => limitsPage(request, reply),
  );

  /** One judgement form of the limits page: validate, act, say so, come back. */
  const judgement = <S extends TObject>(
    path: string,
    schema: S,
    act: (actorId: string, request: FastifyRequest, value: Static<S>) => Promise<string>,
  ) =>
    app.post(
      `/improvement/measures/:measureId/${path}`,
      { schema: { hide, params: MeasureParams, body: formFieldsOf(schema) }, config: writeMeasure },
      async (request, reply) => {
        const actor = await signedInActor(request);
        const { measure } = loadedMeasure(request);
        const form = parseForm(schema, request.body);
        if (!form.ok)
          return limitsPage(request, reply, {
            locale: request.locale,
            values: form.values,
            errors: form.errors,
          });
        try {
          reply.flash("success", await act(actor.userId, request, form.value));
        } catch (error) {
          const errors = fieldErrorOf(error, request.locale);
          if (!errors) throw error;
          return limitsPage(request, reply, {
            locale: request.locale,
            values: request.body as FormValues,
            errors,
          });
        }
        return reply.redirect(measureHref(measure), 303);
      },
    );

  judgement("baseline", BaselineFields, async (actorId, request, value) => {
    const { project, measure } = loadedMeasure(request);
    await freezeBaseline(app.db, actorId, project, measure, value);
    return translator(chartsCatalog, request.locale)("frozenFlash");
  });
  judgement("recomputes", RecomputeFields, async (actorId, request, value) => {
    const { project, measure } = loadedMeasure(request);
    await recomputeLimits(app.db, actorId, project, measure, value);
    return translator(chartsCatalog, request.locale)("recomputedFlash", { period: value.fromPeriod });
  });
  judgement("annotations", AnnotationFields, async (actorId, request, value) => {
    const { project, measure } = loadedMeasure(request);
    await addAnnotation(app.db, actorId, project, measure, value);
    return translator(chartsCatalog, request.locale)("annotatedFlash");
  });
  judgement("astronomical", AstronomicalFields, async (actorId, request, value) => {
    const { project, measure } = loadedMeasure(request);
    const astronomical = value.astronomical ?? true;
    await markAstronomical(app.db, actorId, project, measure, {
      period: value.period,
      astronomical,
      note: value.note,
    });
    return translator(chartsCatalog, request.locale)(astronomical ? "markedFlash" : "unmarkedFlash");
  });
}
