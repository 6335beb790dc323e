import { type Locale, translator } from "../../../../platform/i18n";
import {
  Alert,
  Button,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  SelectField,
  Table,
  TextArea,
  TextField,
} from "../../../../platform/ui/components";
import type { Crumb, PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { Project } from "../../plans/service";
import { chartsCatalog } from "../messages";
import type { Measure, MeasureChartData } from "../service";
import { COUNT_CHARTS, MEASURE_KINDS, MEASURE_PERIODS, MEASURE_TYPES, RULE_SETS } from "../schema";
import { POINTS_FOR_LIMITS, rulesHelp, spcCatalog } from "../spc";
import { ChartWithTable } from "./chart-svg";
import { formatValue } from "./chart-model";
import { csvColumns } from "../values";

type T = ReturnType<typeof translator<typeof chartsCatalog.en>>;
const tFor = (locale: Locale): T => translator(chartsCatalog, locale);
const KIND_KEY = { outcome: "kindOutcome", process: "kindProcess", balancing: "kindBalancing" } as const;
const TYPE_KEY = {
  count: "typeCount",
  proportion: "typeProportion",
  rate: "typeRate",
  mean: "typeMean",
} as const;
const PERIOD_KEY = { week: "periodWeek", month: "periodMonth" } as const;

export const measureHref = (m: Pick<Measure, "id">) => `/improvement/measures/${m.id}`;
export const projectHref = (p: Pick<Project, "id">) => `/improvement/projects/${p.id}`;

export function crumbs(t: T, project: Project, ...more: Crumb[]): Crumb[] {
  return [
    { label: t("improvement"), href: `/improvement/teams/${project.organisationId}` },
    { label: project.title, href: projectHref(project) },
    { label: t("backToMeasures"), href: `${projectHref(project)}/measures` },
    ...more,
  ];
}

export function measureLabels(t: T): Record<string, string> {
  return {
    name: t("name"),
    kind: t("kind"),
    type: t("type"),
    period: t("period"),
    definition: t("definition"),
    numeratorLabel: t("numeratorLabel"),
    denominatorLabel: t("denominatorLabel"),
    perUnits: t("perUnits"),
    goal: t("goal"),
    countChart: t("countChart"),
    ruleSet: t("ruleSet"),
    domainKey: t("domain"),
  };
}

/** The plan's measures, with forms to add one or a domain score (for those who may write). */
export function MeasuresPage(props: {
  ctx: PageContext;
  project: Project;
  measures: Array<{ measure: Measure; points: number; latest: string | null }>;
  domains: Array<{ key: string; title: { en: string; es: string } }>;
  canWrite: boolean;
  domainState?: FormState;
}) {
  const { ctx, project } = props;
  const t = tFor(ctx.locale);
  const title = t("measuresTitle", { project: project.title });
  const state = props.domainState ?? { locale: ctx.locale, values: {} };
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={crumbs(t, project)
        .slice(0, 2)
        .concat({ label: t("backToMeasures") })}
    >
      <h1>{title}</h1>
      <p class="usa-intro">{t("measuresIntro")}</p>
      {props.measures.length === 0 ? (
        <p>{t("measuresNone")}</p>
      ) : (
        <Table
          caption={t("measuresCaption")}
          headers={[t("colName"), t("colKind"), t("colType"), t("colPeriod"), t("colPoints"), t("colLatest")]}
          rows={props.measures.map(({ measure, points, latest }) => [
            <a href={measureHref(measure)}>{measure.name}</a>,
            t(KIND_KEY[measure.kind]),
            t(TYPE_KEY[measure.type]),
            t(PERIOD_KEY[measure.period]),
            String(points),
            latest ?? "—",
          ])}
        />
      )}
      {props.canWrite ? (
        <>
          <p>
            <a class="usa-button" href={`${projectHref(project)}/measures/new`}>
              {t("addMeasure")}
            </a>
          </p>
          <h2>{t("addDomainScore")}</h2>
          <p>{t("addDomainScoreIntro")}</p>
          {props.domains.length === 0 ? (
            <p>{t("noDomains")}</p>
          ) : (
            <>
              <ErrorSummary state={state} />
              <Form action={`${projectHref(project)}/measures/domain-score`} csrfToken={ctx.csrfToken}>
                <SelectField
                  state={state}
                  name="domainKey"
                  label={t("domain")}
                  required
                  choices={props.domains.map((d) => ({ value: d.key, label: d.title[ctx.locale] }))}
                />
                <TextField
                  state={state}
                  name="goal"
                  label={t("goal")}
                  hint="1–6"
                  inputmode="decimal"
                  width="small"
                />
                <Button>{t("addDomainScore")}</Button>
              </Form>
            </>
          )}
        </>
      ) : null}
    </Layout>
  );
}

/** A measure's definition: new or edited (a domain score keeps its kind, type and period). */
export function MeasureFormPage(props: {
  ctx: PageContext;
  project: Project;
  measure?: Measure;
  state: FormState;
  action: string;
}) {
  const { ctx, project, measure } = props;
  const t = tFor(ctx.locale);
  const title = measure ? t("editMeasureTitle", { name: measure.name }) : t("newMeasureTitle");
  const fixed = measure?.source === "assessment";
  const state = { ...props.state, labels: measureLabels(t) };
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(t, project, { label: title })}>
      <h1>{title}</h1>
      <ErrorSummary state={state} />
      <Form action={props.action} csrfToken={ctx.csrfToken}>
        <TextField state={state} name="name" label={t("name")} required maxLength={200} />
        {fixed ? null : (
          <>
            <RadioGroup
              state={state}
              name="kind"
              label={t("kind")}
              required
              choices={MEASURE_KINDS.map((k) => ({ value: k, label: t(KIND_KEY[k]) }))}
            />
            <RadioGroup
              state={state}
              name="type"
              label={t("type")}
              required
              choices={MEASURE_TYPES.map((k) => ({ value: k, label: t(TYPE_KEY[k]) }))}
            />
            <RadioGroup
              state={state}
              name="period"
              label={t("period")}
              required
              choices={MEASURE_PERIODS.map((k) => ({ value: k, label: t(PERIOD_KEY[k]) }))}
            />
            <TextArea
              state={state}
              name="definition"
              label={t("definition")}
              hint={t("definitionHint")}
              required
              maxLength={4000}
            />
            <TextField state={state} name="numeratorLabel" label={t("numeratorLabel")} maxLength={200} />
            <TextField state={state} name="denominatorLabel" label={t("denominatorLabel")} maxLength={200} />
            <TextField
              state={state}
              name="perUnits"
              label={t("perUnits")}
              inputmode="numeric"
              width="small"
            />
          </>
        )}
        {fixed ? (
          <>
            <input type="hidden" name="kind" value={measure.kind} />
            <input type="hidden" name="type" value={measure.type} />
            <input type="hidden" name="period" value={measure.period} />
            <input type="hidden" name="definition" value={measure.definition} />
          </>
        ) : null}
        <TextField
          state={state}
          name="goal"
          label={t("goal")}
          hint={t("goalHint")}
          inputmode="decimal"
          width="small"
        />
        {fixed ? null : (
          <RadioGroup
            state={state}
            name="countChart"
            label={t("countChart")}
            choices={COUNT_CHARTS.map((k) => ({
              value: k,
              label: t(k === "c" ? "countChartC" : "countChartXmr"),
            }))}
          />
        )}
        <RadioGroup
          state={state}
          name="ruleSet"
          label={t("ruleSet")}
          choices={RULE_SETS.map((k) => ({ value: k, label: t(k === "perla" ? "rulePerla" : "ruleAnhoj") }))}
        />
        <Button>{t("save")}</Button>
      </Form>
    </Layout>
  );
}

export function measureFormValues(m: Measure): Record<string, string> {
  return {
    name: m.name,
    kind: m.kind,
    type: m.type,
    period: m.period,
    definition: m.definition,
    numeratorLabel: m.numeratorLabel ?? "",
    denominatorLabel: m.denominatorLabel ?? "",
    perUnits: String(m.perUnits),
    goal: m.goal === null ? "" : String(m.goal),
    countChart: m.countChart,
    ruleSet: m.ruleSet,
  };
}

/** The chart page: the chart (run or control), the value form and the CSV upload. */
export function ChartPage(props: {
  ctx: PageContext;
  project: Project;
  data: MeasureChartData;
  request: "auto" | "run" | "control";
  canWrite: boolean;
  valueState?: FormState;
  uploadState?: FormState;
  uploadProblems?: string[];
}) {
  const { ctx, project, data } = props;
  const { measure, chart } = data;
  const t = tFor(ctx.locale);
  const base = measureHref(measure);
  const query = `?chart=${props.request}&rules=${chart.rules}`;
  const ratio = measure.type === "proportion" || measure.type === "rate";
  const valueState: FormState = {
    ...(props.valueState ?? { locale: ctx.locale, values: {} }),
    labels: {
      period: t("periodField"),
      value: ratio ? t("numeratorField") : t("valueField"),
      denominator: measure.type === "rate" ? t("exposureField") : t("denominatorField"),
    },
  };
  const uploadState = props.uploadState ?? { locale: ctx.locale, values: {} };
  const spc = translator(spcCatalog, ctx.locale);
  const frozen = measure.baselineFrom && measure.baselineTo;
  return (
    <Layout ctx={ctx} title={measure.name} breadcrumbs={crumbs(t, project, { label: measure.name })}>
      <h1>{measure.name}</h1>
      <p>
        {t(KIND_KEY[measure.kind])} · {t(TYPE_KEY[measure.type])} · {t(PERIOD_KEY[measure.period])}
      </p>
      <h2>{t("definitionHeading")}</h2>
      <p class="smh-pre-wrap">{measure.definition}</p>
      {measure.source === "assessment" ? <p>{t("sourceAssessment")}</p> : null}
      <h2>{t("chartHeading")}</h2>
      <Form action={base} method="get">
        <div class="grid-row grid-gap">
          <div class="tablet:grid-col-6">
            <SelectField
              state={{ locale: ctx.locale, values: { chart: props.request, rules: chart.rules } }}
              name="chart"
              label={t("chooseChart")}
              required
              choices={[
                { value: "auto", label: t("chartAuto", { points: POINTS_FOR_LIMITS }) },
                { value: "run", label: t("chartRun") },
                { value: "control", label: t("chartControl") },
              ]}
            />
          </div>
          <div class="tablet:grid-col-6">
            <SelectField
              state={{ locale: ctx.locale, values: { chart: props.request, rules: chart.rules } }}
              name="rules"
              label={t("ruleSet")}
              required
              choices={RULE_SETS.map((k) => ({
                value: k,
                label: t(k === "perla" ? "rulePerla" : "ruleAnhoj"),
              }))}
            />
          </div>
        </div>
        <Button variant="outline">{t("show")}</Button>
      </Form>
      {data.series.length === 0 ? (
        <Alert kind="info">{t("noPoints")}</Alert>
      ) : (
        <>
          {chart.kind !== "run" && chart.trial ? (
            <Alert kind="info" slim>
              {t("trialLimits")}
            </Alert>
          ) : null}
          {chart.kind !== "run" && !chart.enoughForLimits ? (
            <Alert kind="warning" slim>
              {t("fewPoints", { n: data.series.length, points: POINTS_FOR_LIMITS })}
            </Alert>
          ) : null}
          {frozen ? (
            <p>
              {t("baselineFrozen", {
                from: measure.baselineFrom as string,
                to: measure.baselineTo as string,
              })}
            </p>
          ) : null}
          <ChartWithTable
            id={`chart-${measure.id.slice(0, 8)}`}
            title={measure.name}
            view={chart.view}
            locale={ctx.locale}
            csvHref={`${base}/chart.csv${query}`}
            headingLevel={3}
          />
        </>
      )}
      <details class="margin-y-2">
        <summary>{t("ruleSet")}</summary>
        <p>{rulesHelp(chart.kind === "run" ? "run" : "control", chart.rules, ctx.locale)}</p>
        <p>{spc("runUntil", { points: POINTS_FOR_LIMITS })}</p>
      </details>
      {data.phases.length > 0 ? (
        <>
          <h2>{t("phasesHeading")}</h2>
          <ul class="usa-list">
            {data.phases.map((p) => (
              <li>{t("phaseLine", { period: p.fromPeriod, reason: p.reason })}</li>
            ))}
          </ul>
        </>
      ) : null}
      {props.canWrite ? (
        <>
          <p>
            <a class="usa-link" href={`${base}/limits`}>
              {t("baselineHeading")}, {t("recomputeHeading").toLowerCase()},{" "}
              {t("astronomicalHeading").toLowerCase()}
            </a>
            {" · "}
            <a class="usa-link" href={`${base}/edit`}>
              {t("editDefinition")}
            </a>
          </p>
          {measure.source === "entered" ? (
            <>
              <h2 id="enter">{t("enterHeading")}</h2>
              <p>{t("enterHint")}</p>
              <ErrorSummary state={valueState} />
              <Form action={`${base}/values`} csrfToken={ctx.csrfToken}>
                <TextField
                  state={valueState}
                  name="period"
                  label={valueState.labels?.period ?? ""}
                  required
                  maxLength={10}
                  width="medium"
                />
                <TextField
                  state={valueState}
                  name="value"
                  label={valueState.labels?.value ?? ""}
                  hint={ratio ? (measure.numeratorLabel ?? undefined) : undefined}
                  required
                  inputmode="decimal"
                  width="medium"
                />
                {ratio ? (
                  <TextField
                    state={valueState}
                    name="denominator"
                    label={valueState.labels?.denominator ?? ""}
                    hint={measure.denominatorLabel ?? undefined}
                    required
                    inputmode="decimal"
                    width="medium"
                  />
                ) : null}
                <Button>{t("saveValue")}</Button>
              </Form>
              <h2 id="upload">{t("uploadHeading")}</h2>
              <p>{t("uploadHint", { columns: csvColumns(measure.type).join(",") })}</p>
              {props.uploadProblems && props.uploadProblems.length > 0 ? (
                <Alert kind="error" heading={t("uploadProblems", { n: props.uploadProblems.length })}>
                  <ul class="usa-list">
                    {props.uploadProblems.map((p) => (
                      <li>{p}</li>
                    ))}
                  </ul>
                </Alert>
              ) : null}
              <Form
                action={`${base}/upload?_csrf=${encodeURIComponent(ctx.csrfToken)}`}
                csrfToken={ctx.csrfToken}
                enctype="multipart/form-data"
              >
                <div class="usa-form-group">
                  <label class="usa-label" for="field-file">
                    {t("fileField")}
                  </label>
                  <input
                    class="usa-file-input"
                    id="field-file"
                    name="file"
                    type="file"
                    accept=".csv,text/csv"
                  />
                </div>
                <TextArea
                  state={uploadState}
                  name="csv"
                  label={t("pasteField")}
                  rows={4}
                  maxLength={200000}
                />
                <Button>{t("upload")}</Button>
              </Form>
            </>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}

export const limitsLabels = (t: T) => ({
  from: t("baselineFrom"),
  to: t("baselineTo"),
  fromPeriod: t("fromPeriod"),
  baselineTo: t("phaseBaselineTo"),
  reason: t("reason"),
  cycleId: t("cycle"),
  onDate: t("onDate"),
  text: t("annotationText"),
  period: t("astronomicalPeriod"),
  note: t("astronomicalNote"),
});

/** Baseline, recomputed limits, annotations and astronomical marks: the judgements about a chart. */
export function LimitsPage(props: {
  ctx: PageContext;
  project: Project;
  data: MeasureChartData;
  state?: FormState;
}) {
  const { ctx, project, data } = props;
  const { measure } = data;
  const t = tFor(ctx.locale);
  const base = measureHref(measure);
  const state: FormState = {
    ...(props.state ?? { locale: ctx.locale, values: {} }),
    labels: limitsLabels(t),
  };
  const periods = data.series.map((p, i) => ({ value: p.start, label: data.chart.view.points[i].label }));
  const title = `${measure.name}: ${t("baselineHeading").toLowerCase()}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={crumbs(t, project, { label: measure.name, href: base }, { label: t("baselineHeading") })}
    >
      <h1>{title}</h1>
      <ErrorSummary state={state} />
      <h2>{t("baselineHeading")}</h2>
      <p>{t("baselineIntro")}</p>
      {measure.baselineFrom && measure.baselineTo ? (
        <p>{t("baselineFrozen", { from: measure.baselineFrom, to: measure.baselineTo })}</p>
      ) : (
        <Form action={`${base}/baseline`} csrfToken={ctx.csrfToken}>
          <SelectField state={state} name="from" label={t("baselineFrom")} required choices={periods} />
          <SelectField state={state} name="to" label={t("baselineTo")} required choices={periods} />
          <Button>{t("freeze")}</Button>
        </Form>
      )}
      <h2>{t("recomputeHeading")}</h2>
      <p>{t("recomputeIntro")}</p>
      <Form action={`${base}/recomputes`} csrfToken={ctx.csrfToken}>
        <SelectField
          state={state}
          name="fromPeriod"
          label={t("fromPeriod")}
          required
          choices={periods.slice(1)}
        />
        <SelectField
          state={state}
          name="baselineTo"
          label={t("phaseBaselineTo")}
          choices={periods.slice(1)}
        />
        <TextArea
          state={state}
          name="reason"
          label={t("reason")}
          hint={t("reasonHint")}
          required
          rows={3}
          maxLength={2000}
        />
        <SelectField
          state={state}
          name="cycleId"
          label={t("cycle")}
          placeholder={t("noCycle")}
          choices={data.cycles.map((c) => ({
            value: c.id,
            label: c.startsOn ? `${c.title} (${c.startsOn})` : c.title,
          }))}
        />
        <Button>{t("recompute")}</Button>
      </Form>
      <h2>{t("annotationHeading")}</h2>
      <Form action={`${base}/annotations`} csrfToken={ctx.csrfToken}>
        <TextField
          state={state}
          name="onDate"
          label={t("onDate")}
          type="date"
          required
          maxLength={10}
          width="medium"
        />
        <TextArea
          state={state}
          name="text"
          label={t("annotationText")}
          hint={t("reasonHint")}
          required
          rows={3}
          maxLength={1000}
        />
        <Button>{t("annotate")}</Button>
      </Form>
      <h2>{t("astronomicalHeading")}</h2>
      <p>{t("astronomicalIntro")}</p>
      {data.astronomical.length > 0 ? (
        <ul class="usa-list">
          {data.astronomical.map((a) => (
            <li>{t("markedList", { period: a.periodStart, note: a.note || "—" })}</li>
          ))}
        </ul>
      ) : null}
      <Form action={`${base}/astronomical`} csrfToken={ctx.csrfToken}>
        <SelectField state={state} name="period" label={t("astronomicalPeriod")} required choices={periods} />
        <TextArea
          state={state}
          name="note"
          label={t("astronomicalNote")}
          hint={t("reasonHint")}
          rows={2}
          maxLength={1000}
        />
        <div class="usa-form-group">
          <Button name="astronomical" value="true">
            {t("mark")}
          </Button>
          <Button name="astronomical" value="false" variant="outline">
            {t("unmark")}
          </Button>
        </div>
      </Form>
    </Layout>
  );
}

/** The latest point as a reader sees it (for the list of measures). */
export function latestText(data: Pick<MeasureChartData, "chart">, locale: Locale): string | null {
  const points = data.chart.view.points;
  const last = points[points.length - 1];
  return last ? `${formatValue(data.chart.view, last.value, locale)} (${last.label})` : null;
}

/** The way from a plan to its measures and charts, for the plan's page to show. */
export function MeasuresLink(props: { projectId: string; locale: Locale }) {
  const t = tFor(props.locale);
  return (
    <p>
      <a class="usa-link" href={`/improvement/projects/${props.projectId}/measures`}>
        {t("measuresLink")}
      </a>
    </p>
  );
}
