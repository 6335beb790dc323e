import type { FieldErrors, FormValues } from "../../../../platform/http/forms";
import { type Locale, translator } from "../../../../platform/i18n";
import {
  Button,
  ErrorSummary,
  Form,
  RadioGroup,
  SelectField,
  Table,
  TextArea,
  TextField,
} from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { Organisation } from "../../../directory/service";
import type { DriverNode } from "../../diagrams/service";
import { diagramHref, nodeHref } from "../../diagrams/views/diagram-pages";
import { plansCatalog } from "../../plans/messages";
import type { Project } from "../../plans/service";
import { day, planCrumbs, projectHref } from "../../plans/views/common";
import { CYCLE_TEXT } from "../contracts";
import { cyclesCatalog } from "../messages";
import { CYCLE_DECISIONS, CYCLE_STAGES, type Cycle, type CycleOnChart } from "../service";

const tr = (locale: Locale) => translator(cyclesCatalog, locale);
export const cycleHref = (id: string) => `/improvement/cycles/${id}`;

const dates = (c: { startsOn: string | null; endsOn: string | null }, locale: Locale) =>
  c.startsOn ? `${day(c.startsOn)} – ${c.endsOn ? day(c.endsOn) : "…"}` : tr(locale)("noDates");

export function CyclesPage(props: {
  ctx: PageContext;
  team: Organisation;
  project: Project;
  cycles: CycleOnChart[];
}) {
  const { ctx, project } = props;
  const t = tr(ctx.locale);
  const title = t("cyclesTitle", { title: project.title });
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={planCrumbs(ctx.locale, props.team, project, t("cyclesCrumb"))}
    >
      <h1>{title}</h1>
      <p class="usa-intro">{t("cyclesIntro")}</p>
      {props.cycles.length === 0 ? (
        <p>
          {t("noCyclesYet")}{" "}
          <a href={diagramHref(project.id)}>{translator(plansCatalog, ctx.locale)("diagramLink")}</a>
        </p>
      ) : (
        <Table
          caption={t("cyclesCaption")}
          headers={[t("colCycle"), t("colIdea"), t("colStage"), t("colDates"), t("colDecision")]}
          rows={props.cycles.map((c) => [
            <a href={c.href}>{c.title}</a>,
            <a href={nodeHref(c.changeIdeaId)}>{c.changeIdeaTitle}</a>,
            t(`stage_${c.stage}`),
            dates(c, ctx.locale),
            c.decision ? t(`decision_${c.decision}`) : "—",
          ])}
        />
      )}
    </Layout>
  );
}

function Part(props: {
  heading: string;
  fields: readonly string[];
  cycle: Cycle;
  locale: Locale;
  extra?: [string, string | null];
}) {
  const t = tr(props.locale);
  const rows = props.fields.map(
    (f) => [t(f as "objective"), props.cycle[f as "objective"]] as [string, string | null],
  );
  if (props.extra) rows.unshift(props.extra);
  const written = rows.filter(([, v]) => v);
  return (
    <>
      <h2>{props.heading}</h2>
      {written.length === 0 ? (
        <p>{t("notWritten")}</p>
      ) : (
        <dl>
          {written.map(([label, value]) => (
            <>
              <dt class="text-bold">{label}</dt>
              <dd class="margin-left-0 margin-bottom-1">{value}</dd>
            </>
          ))}
        </dl>
      )}
    </>
  );
}

export function CyclePage(props: {
  ctx: PageContext;
  team: Organisation;
  project: Project;
  cycle: Cycle;
  idea: DriverNode;
  previous: Cycle | null;
  next: Cycle[];
  canWrite: boolean;
}) {
  const { ctx, cycle } = props;
  const t = tr(ctx.locale);
  const title = t("cycleHeading", { title: cycle.title });
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        ...planCrumbs(ctx.locale, props.team, props.project).map((c, i, all) =>
          i === all.length - 1 ? { ...c, href: projectHref(props.project.id) } : c,
        ),
        { label: t("cyclesCrumb"), href: `${projectHref(props.project.id)}/cycles` },
        { label: cycle.title },
      ]}
    >
      <h1>{title}</h1>
      <p>
        {t("changeIdea")}: <a href={nodeHref(props.idea.id)}>{props.idea.title}</a>. {t("stage")}:{" "}
        {t(`stage_${cycle.stage}`)}. {t("colDates")}: {dates(cycle, ctx.locale)}.
      </p>
      {props.canWrite ? (
        <p>
          <a class="usa-button" href={`${cycleHref(cycle.id)}/edit`}>
            {t("editCycle")}
          </a>
        </p>
      ) : null}
      <Part heading={t("planHeading")} fields={CYCLE_TEXT.plan} cycle={cycle} locale={ctx.locale} />
      <Part heading={t("doHeading")} fields={CYCLE_TEXT.do} cycle={cycle} locale={ctx.locale} />
      <Part heading={t("studyHeading")} fields={CYCLE_TEXT.study} cycle={cycle} locale={ctx.locale} />
      <Part
        heading={t("actHeading")}
        fields={CYCLE_TEXT.act}
        cycle={cycle}
        locale={ctx.locale}
        extra={[t("decision"), cycle.decision ? t(`decision_${cycle.decision}`) : null]}
      />
      <h2>{t("ramp")}</h2>
      <ul class="usa-list">
        <li>
          {t("previousCycle")}:{" "}
          {props.previous ? <a href={cycleHref(props.previous.id)}>{props.previous.title}</a> : "—"}
        </li>
        <li>
          {t("nextCycles")}:{" "}
          {props.next.length === 0
            ? "—"
            : props.next.map((n, i) => (
                <>
                  {i > 0 ? ", " : null}
                  <a href={cycleHref(n.id)}>{n.title}</a>
                </>
              ))}
        </li>
      </ul>
      {props.canWrite ? (
        <Form action={`${cycleHref(cycle.id)}/next`} csrfToken={ctx.csrfToken}>
          <Button variant="outline">{t("startNext")}</Button>
        </Form>
      ) : null}
    </Layout>
  );
}

/** The cycle's form: title, stage and dates, then Plan, Do, Study and Act, each a fieldset. */
export function CycleFormPage(props: {
  ctx: PageContext;
  team: Organisation;
  project: Project;
  idea: DriverNode;
  cycle?: Cycle;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, cycle } = props;
  const t = tr(ctx.locale);
  const noStudent = translator(plansCatalog, ctx.locale)("noStudentInfo");
  const title = cycle
    ? t("editTitle", { title: cycle.title })
    : t("newCycleTitle", { idea: props.idea.title });
  const fromCycle: FormValues = cycle
    ? Object.fromEntries(
        Object.entries({ ...cycle, decision: cycle.decision ?? "" })
          .filter(([, v]) => typeof v === "string")
          .map(([k, v]) => [k, v as string]),
      )
    : { stage: "plan" };
  const labels: Record<string, string> = {
    title: t("title"),
    stage: t("stage"),
    startsOn: t("startsOn"),
    endsOn: t("endsOn"),
    decision: t("decision"),
  };
  for (const f of Object.values(CYCLE_TEXT).flat()) labels[f] = t(f);
  const state = { locale: ctx.locale, values: props.values ?? fromCycle, errors: props.errors, labels };
  const area = (name: string, hint?: string) => (
    <TextArea state={state} name={name} label={labels[name]!} hint={hint} rows={3} maxLength={4000} />
  );
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={planCrumbs(ctx.locale, props.team, props.project, t("cyclesCrumb"))}
    >
      <h1>{title}</h1>
      <p>{noStudent}</p>
      <ErrorSummary state={state} />
      <Form
        action={cycle ? cycleHref(cycle.id) : `${nodeHref(props.idea.id)}/cycles`}
        csrfToken={ctx.csrfToken}
      >
        <TextField state={state} name="title" label={labels.title!} required maxLength={200} />
        <SelectField
          state={state}
          name="stage"
          label={labels.stage!}
          choices={CYCLE_STAGES.map((s) => ({ value: s, label: t(`stage_${s}`) }))}
        />
        <TextField
          state={state}
          name="startsOn"
          type="date"
          label={labels.startsOn!}
          hint={t("dateHint")}
          width="medium"
        />
        <TextField
          state={state}
          name="endsOn"
          type="date"
          label={labels.endsOn!}
          hint={t("dateHint")}
          width="medium"
        />
        <fieldset class="usa-fieldset margin-top-4">
          <legend class="usa-legend usa-legend--large">{t("planHeading")}</legend>
          {CYCLE_TEXT.plan.map((f) => area(f))}
        </fieldset>
        <fieldset class="usa-fieldset margin-top-4">
          <legend class="usa-legend usa-legend--large">{t("doHeading")}</legend>
          {CYCLE_TEXT.do.map((f) => area(f))}
        </fieldset>
        <fieldset class="usa-fieldset margin-top-4">
          <legend class="usa-legend usa-legend--large">{t("studyHeading")}</legend>
          {area("results")}
        </fieldset>
        <fieldset class="usa-fieldset margin-top-4">
          <legend class="usa-legend usa-legend--large">{t("actHeading")}</legend>
          <RadioGroup
            state={state}
            name="decision"
            label={labels.decision!}
            choices={CYCLE_DECISIONS.map((d) => ({ value: d, label: t(`decision_${d}`) }))}
          />
          {area("nextSteps", t("nextStepsHint"))}
        </fieldset>
        <Button>{cycle ? t("saveCycle") : t("startThisCycle")}</Button>
      </Form>
    </Layout>
  );
}
