import type { FieldErrors, FormValues } from "../../../../platform/http/forms";
import {
  ErrorSummary,
  Form,
  Button,
  SelectField,
  TextArea,
  TextField,
} from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import { ChartWithTable } from "../../charts/views/chart-svg";
import { formatValue, periodText, type SeriesChart } from "../dashboard";
import { periodStarts, previousPeriodStart, periodStartOf, today } from "../periods";
import type { MeasureRow, PointRow, TeamRow } from "../repo";
import { CHANGE_RESULTS } from "../schema";
import type { NetworkForViewer } from "../service";
import { measureKind, NetworkNav, networkCrumbs, networkHref, tr } from "./shared";

export interface TeamMeasureChart {
  measure: MeasureRow;
  chart: SeriesChart;
}

function ChartSection(props: { ctx: PageContext; team: string; item: TeamMeasureChart; n: number }) {
  const { ctx, item } = props;
  const { measure, chart } = item;
  const t = tr(ctx.locale);
  return (
    <section aria-labelledby={`measure-${props.n}`}>
      <h2 id={`measure-${props.n}`}>{measure.name}</h2>
      <p>
        {measureKind(measure, ctx.locale)}. <strong>{t("definition")}:</strong> {measure.definition}
      </p>
      {chart.points.length === 0 ? (
        <p>{t("noValues")}</p>
      ) : (
        <>
          <p>{t(`chart_${chart.chart}`)}</p>
          <ChartWithTable
            id={`chart-${props.n}`}
            title={`${t("teamChart", { team: props.team })}: ${measure.name}`}
            view={chart.view}
            locale={ctx.locale}
            headingLevel={3}
          />
        </>
      )}
    </section>
  );
}

export function TeamPage(props: {
  ctx: PageContext;
  view: NetworkForViewer;
  label: string;
  charts: TeamMeasureChart[];
  mayLead: boolean;
}) {
  const { ctx, view } = props;
  return (
    <Layout ctx={ctx} title={props.label} breadcrumbs={networkCrumbs(view, ctx.locale, props.label)}>
      <h1>{props.label}</h1>
      <NetworkNav view={view} locale={ctx.locale} mayLead={props.mayLead} />
      {props.charts.map((item, n) => (
        <ChartSection ctx={ctx} team={props.label} item={item} n={n} />
      ))}
    </Layout>
  );
}

/** Periods a team may report: those that have ended, newest first, back to the measure's start (two years at most). */
export function reportablePeriods(measure: MeasureRow, day = today()): string[] {
  const last = previousPeriodStart(periodStartOf(day, measure.period), measure.period);
  return periodStarts(measure.startsOn, last, measure.period)
    .reverse()
    .slice(0, measure.period === "week" ? 104 : 24);
}

export interface ReportForm {
  measureId: string;
  values: FormValues;
  errors: FieldErrors;
}

function ValueForm(props: {
  ctx: PageContext;
  action: string;
  measure: MeasureRow;
  points: PointRow[];
  failed?: ReportForm;
}) {
  const { ctx, measure } = props;
  const t = tr(ctx.locale);
  const failed = props.failed?.measureId === measure.id ? props.failed : undefined;
  const periods = reportablePeriods(measure);
  const reported = new Map(props.points.map((p) => [p.periodStart, p]));
  // The first period not yet reported is offered first.
  const suggested = periods.find((p) => !reported.has(p)) ?? periods[0] ?? "";
  const labels = {
    periodStart: t("periodStart"),
    numerator: measure.numeratorLabel,
    denominator: measure.denominatorLabel ?? t("denominator"),
    note: t("note"),
  };
  const state = {
    locale: ctx.locale,
    values: failed?.values ?? { periodStart: suggested },
    errors: failed?.errors,
    labels,
  };
  const needsDenominator = measure.type === "proportion" || measure.type === "rate";
  const id = `measure-${measure.id}`;
  return (
    <section aria-labelledby={id} class="margin-bottom-4">
      <h2 id={id}>{measure.name}</h2>
      <p>
        {measureKind(measure, ctx.locale)}. <strong>{t("definition")}:</strong> {measure.definition}
      </p>
      {failed ? <ErrorSummary state={state} /> : null}
      <Form action={props.action} csrfToken={ctx.csrfToken}>
        <input type="hidden" name="measureId" value={measure.id} />
        <SelectField
          state={state}
          name="periodStart"
          label={labels.periodStart}
          required
          choices={periods.map((p) => ({
            value: p,
            label: `${periodText(measure, p, ctx.locale)}${reported.has(p) ? ` (${formatValue(measure, reported.get(p)!.value, ctx.locale)})` : ""}`,
          }))}
        />
        <TextField
          state={state}
          name="numerator"
          label={labels.numerator}
          required
          inputmode="decimal"
          width="small"
        />
        {needsDenominator ? (
          <TextField
            state={state}
            name="denominator"
            label={labels.denominator}
            required
            inputmode="decimal"
            width="small"
          />
        ) : null}
        <TextArea
          state={state}
          name="note"
          label={labels.note}
          hint={t("noStudentInfo")}
          maxLength={1000}
          rows={2}
        />
        <Button>{t("saveValue")}</Button>
      </Form>
    </section>
  );
}

export function ReportPage(props: {
  ctx: PageContext;
  view: NetworkForViewer;
  team: TeamRow;
  label: string;
  measures: { measure: MeasureRow; points: PointRow[] }[];
  /** The measure whose form is shown (one form a page, so every field's id is its own). */
  measureId?: string;
  failed?: ReportForm;
}) {
  const { ctx, view } = props;
  const t = tr(ctx.locale);
  const title = t("reportTitle", { team: props.label });
  const base = `${networkHref(view)}/teams/${props.team.id}`;
  const wanted = props.failed?.measureId ?? props.measureId;
  const shown = props.measures.find((m) => m.measure.id === wanted) ?? props.measures[0];
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={networkCrumbs(view, ctx.locale, title)}>
      <h1>{title}</h1>
      <p class="usa-intro">{t("reportIntro")}</p>
      <p>
        <a href={base}>{t("openTeam", { team: props.label })}</a> ·{" "}
        <a href={`${base}/share`}>{t("shareLink")}</a>
      </p>
      {props.measures.length > 1 ? (
        <nav aria-label={t("measuresHeading")}>
          <ul class="usa-list">
            {props.measures.map((m) => (
              <li>
                <a
                  href={`${base}/report?measure=${m.measure.id}`}
                  aria-current={m.measure.id === shown?.measure.id ? "page" : undefined}
                >
                  {m.measure.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {shown ? (
        <ValueForm
          ctx={ctx}
          action={`${base}/report`}
          measure={shown.measure}
          points={shown.points}
          failed={props.failed}
        />
      ) : (
        <p>{t("noMeasures")}</p>
      )}
    </Layout>
  );
}

export function SharePage(props: {
  ctx: PageContext;
  view: NetworkForViewer;
  team: TeamRow;
  label: string;
  measures: MeasureRow[];
  cycles: { id: string; title: string }[];
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, view } = props;
  const t = tr(ctx.locale);
  const labels = {
    title: t("title"),
    description: t("description"),
    result: t("result"),
    evidence: t("evidence"),
    measureId: t("measureLabel"),
    cycleId: t("cycleLabel"),
  };
  const state = { locale: ctx.locale, values: props.values ?? {}, errors: props.errors, labels };
  const title = t("shareTitle");
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={networkCrumbs(view, ctx.locale, title)}>
      <h1>{title}</h1>
      <p class="usa-intro">{t("shareIntro")}</p>
      <ErrorSummary state={state} />
      <Form action={`${networkHref(view)}/teams/${props.team.id}/share`} csrfToken={ctx.csrfToken}>
        <TextField state={state} name="title" label={labels.title} required maxLength={200} />
        <TextArea
          state={state}
          name="description"
          label={labels.description}
          hint={t("noStudentInfo")}
          required
          maxLength={4000}
        />
        <SelectField
          state={state}
          name="result"
          label={labels.result}
          required
          choices={CHANGE_RESULTS.map((r) => ({ value: r, label: t(`result_${r}`) }))}
        />
        <TextArea
          state={state}
          name="evidence"
          label={labels.evidence}
          hint={`${t("evidenceHint")} ${t("noStudentInfo")}`}
          maxLength={4000}
        />
        {props.measures.length > 0 ? (
          <SelectField
            state={state}
            name="measureId"
            label={labels.measureId}
            placeholder={t("noMeasure")}
            choices={props.measures.map((m) => ({ value: m.id, label: m.name }))}
          />
        ) : null}
        {props.cycles.length > 0 ? (
          <SelectField
            state={state}
            name="cycleId"
            label={labels.cycleId}
            placeholder={t("noCycle")}
            choices={props.cycles.map((c) => ({ value: c.id, label: c.title }))}
          />
        ) : null}
        <Button>{t("shareButton")}</Button>
      </Form>
    </Layout>
  );
}
