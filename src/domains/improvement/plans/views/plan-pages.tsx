import type { FieldErrors, FormValues } from "../../../../platform/http/forms";
import type { Locale } from "../../../../platform/i18n";
import {
  Alert,
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
import { MeasuresLink } from "../../charts/views/measure-views";
import { PROJECT_STATUSES, STEP_STATUSES } from "../schema";
import { type Goal, guidanceHref, isOverdue, type Project, reportHref, type Step } from "../service";
import { day, planCrumbs, projectHref, Tag, tr, teamHref } from "./common";

interface FormProps {
  values?: FormValues;
  errors?: FieldErrors;
}

const statusChoices = (locale: Locale) =>
  PROJECT_STATUSES.map((s) => ({ value: s, label: tr(locale)(`status_${s}`) }));
const stepChoices = (locale: Locale) =>
  STEP_STATUSES.map((s) => ({ value: s, label: tr(locale)(`step_${s}`) }));

// --- The team's plans ---------------------------------------------------------------------------

export function TeamPlansPage(
  props: {
    ctx: PageContext;
    team: Organisation;
    projects: Project[];
    canWrite: boolean;
    domainTitle: (p: Project) => string;
  } & FormProps,
) {
  const { ctx, team } = props;
  const t = tr(ctx.locale);
  const title = t("teamPlansTitle", { team: team.name });
  const state = {
    locale: ctx.locale,
    values: props.values ?? {},
    errors: props.errors,
    labels: { title: t("planTitle") },
  };
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={[{ label: t("home"), href: "/" }, { label: title }]}>
      <h1>{title}</h1>
      <p class="usa-intro">{t("teamPlansIntro")}</p>
      {props.projects.length === 0 ? (
        <p>{t("noPlans")}</p>
      ) : (
        <Table
          caption={t("plansCaption")}
          headers={[t("colPlan"), t("colDomain"), t("colStatus"), t("colStarted"), t("colUpdated")]}
          rows={props.projects.map((p) => [
            <a href={projectHref(p.id)}>{p.title}</a>,
            props.domainTitle(p) || "—",
            t(`status_${p.status}`),
            day(p.createdAt),
            day(p.updatedAt),
          ])}
        />
      )}
      {props.canWrite ? (
        <>
          <h2>{t("fromScratchHeading")}</h2>
          <p>{t("fromScratchIntro")}</p>
          <ErrorSummary state={state} />
          <Form action={`${teamHref(team.id)}/projects`} csrfToken={ctx.csrfToken}>
            <TextField
              state={state}
              name="title"
              label={t("planTitle")}
              hint={t("noStudentInfo")}
              required
              maxLength={200}
            />
            <Button>{t("startPlan")}</Button>
          </Form>
        </>
      ) : (
        <p>{t("readOnlyNote")}</p>
      )}
    </Layout>
  );
}

// --- Start from a report ------------------------------------------------------------------------

export interface DomainChoice {
  key: string;
  title: string;
  score: number | null;
}

export function StartFromReportPage(
  props: {
    ctx: PageContext;
    team: Organisation;
    responseId: string;
    reportTitle: string;
    domains: DomainChoice[];
    canWrite: boolean;
  } & FormProps,
) {
  const { ctx, team } = props;
  const t = tr(ctx.locale);
  const title = t("startFromReportTitle");
  const state = {
    locale: ctx.locale,
    values: props.values ?? {},
    errors: props.errors,
    labels: { domainKey: t("chooseDomain") },
  };
  const report = `/measures/responses/${props.responseId}/report`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: props.reportTitle, href: report },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <p class="usa-intro">{t("startFromReportIntro")}</p>
      <p>
        <a href={report}>{props.reportTitle}</a>
      </p>
      {props.canWrite ? (
        <>
          <ErrorSummary state={state} />
          <Form action={`/improvement/reports/${props.responseId}/start`} csrfToken={ctx.csrfToken}>
            <RadioGroup
              state={state}
              name="domainKey"
              label={t("chooseDomain")}
              hint={t("chooseDomainHint")}
              required
              choices={props.domains.map((d) => ({
                value: d.key,
                label: `${d.title} (${d.score === null ? t("notScored") : t("scoreOf", { score: d.score.toFixed(1) })})`,
              }))}
            />
            <Button>{t("startPlan")}</Button>
          </Form>
        </>
      ) : (
        <Alert kind="info" slim>
          <p>
            {t("onlyTeamStarts", { team: team.name })}{" "}
            <a href={teamHref(team.id)}>{t("seePlans", { team: team.name })}</a>
          </p>
        </Alert>
      )}
    </Layout>
  );
}

// --- One plan -------------------------------------------------------------------------------------

export interface ProjectView {
  team: Organisation;
  project: Project;
  domainTitle: string | null;
  priorities: { key: string; prompt: string }[];
  goals: Goal[];
  steps: Step[];
  members: { userId: string; name: string }[];
  canWrite: boolean;
  today: string;
}

function AimList(props: { project: Project; locale: Locale }) {
  const t = tr(props.locale);
  const p = props.project;
  if (!p.aimWhat && !p.aimHowMuch && !p.aimByWhen && !p.aimForWhom) return <p>{t("aimEmpty")}</p>;
  const rows: [string, string | null][] = [
    [t("aimWhat"), p.aimWhat],
    [t("aimHowMuch"), p.aimHowMuch],
    [t("aimByWhen"), p.aimByWhen],
    [t("aimForWhom"), p.aimForWhom],
  ];
  return (
    <dl>
      {rows.map(([label, value]) => (
        <>
          <dt class="text-bold">{label}</dt>
          <dd class="margin-left-0 margin-bottom-1">{value || "—"}</dd>
        </>
      ))}
    </dl>
  );
}

function StepTable(props: { steps: Step[]; n: number; locale: Locale; canWrite: boolean; today: string }) {
  const t = tr(props.locale);
  if (props.steps.length === 0) return <p>{t("noSteps")}</p>;
  const headers = [t("colStep"), t("colOwner"), t("colDue"), t("colStepStatus")];
  return (
    <Table
      caption={t("stepsCaption", { n: props.n })}
      headers={props.canWrite ? [...headers, t("colEdit")] : headers}
      rows={props.steps.map((s) => {
        const cells = [
          s.title,
          s.ownerName ?? t("noOwner"),
          <>
            {day(s.dueOn)}
            {isOverdue(s, props.today) ? <Tag warn>{t("overdue")}</Tag> : null}
          </>,
          t(`step_${s.status}`),
        ];
        return props.canWrite
          ? [
              ...cells,
              <a href={`/improvement/steps/${s.id}`}>
                {t("editStep")}
                <span class="usa-sr-only">: {s.title}</span>
              </a>,
            ]
          : cells;
      })}
    />
  );
}

export function ProjectPage(props: { ctx: PageContext; view: ProjectView } & FormProps) {
  const { ctx, view } = props;
  const { project, team } = view;
  const t = tr(ctx.locale);
  const title = t("planHeading", { title: project.title });
  const base = projectHref(project.id);
  const report = reportHref(project);
  const guidance = guidanceHref(project);
  const overdue = view.steps.filter((s) => isOverdue(s, view.today)).length;
  const state = {
    locale: ctx.locale,
    values: props.values ?? {},
    errors: props.errors,
    labels: {
      goalId: t("stepGoal"),
      title: t("stepTitle"),
      ownerId: t("stepOwner"),
      dueOn: t("stepDue"),
      status: t("stepStatus"),
    },
  };
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={planCrumbs(ctx.locale, team, project)}>
      <h1>{title}</h1>
      <p>
        {t("teamLabel")}: <a href={teamHref(team.id)}>{team.name}</a>. {t("statusLabel")}:{" "}
        {t(`status_${project.status}`)}
      </p>
      <p>
        <a class="usa-button usa-button--outline" href={`${base}/diagram`}>
          {t("diagramLink")}
        </a>
        <a class="usa-button usa-button--outline" href={`${base}/plan.pdf`}>
          {t("downloadPdf")}
        </a>
        <a class="usa-button usa-button--outline" href={`${base}/plan.csv`}>
          {t("downloadCsv")}
        </a>
      </p>
      <p>
        <a href={`${base}/cycles`}>{t("cyclesLink")}</a>
      </p>
      <MeasuresLink projectId={project.id} locale={ctx.locale} />
      {view.canWrite ? null : <p>{t("readOnlyNote")}</p>}

      <h2>{t("sourceHeading")}</h2>
      {report ? (
        <>
          <ul class="usa-list">
            <li>
              <a href={report}>{t("sourceReport")}</a>
            </li>
            {guidance ? (
              <li>
                <a href={guidance}>{t("sourceGuidance", { domain: view.domainTitle ?? "" })}</a>
              </li>
            ) : null}
          </ul>
          {view.priorities.length > 0 ? (
            <>
              <h3>{t("priorityHeading")}</h3>
              <ol class="usa-list">
                {view.priorities.map((p) => (
                  <li>{p.prompt}</li>
                ))}
              </ol>
            </>
          ) : null}
        </>
      ) : (
        <p>{t("fromScratchNote")}</p>
      )}

      <h2>{t("aimHeading")}</h2>
      <AimList project={project} locale={ctx.locale} />
      {view.canWrite ? (
        <p>
          <a href={`${base}/aim`}>{t("editAim")}</a>
        </p>
      ) : null}

      <h2>{t("actionPlanHeading")}</h2>
      {overdue > 0 ? (
        <Alert kind="warning" slim>
          <p>{t("overdueCount", { n: overdue })}</p>
        </Alert>
      ) : null}
      {view.goals.length === 0 ? <p>{t("noGoals")}</p> : null}
      {view.goals.map((g, i) => (
        <section>
          <h3>{t("goalHeading", { n: i + 1, title: g.title })}</h3>
          {view.canWrite ? (
            <p>
              <a href={`/improvement/goals/${g.id}`}>
                {t("renameGoal")}
                <span class="usa-sr-only">: {g.title}</span>
              </a>
            </p>
          ) : null}
          <StepTable
            steps={view.steps.filter((s) => s.goalId === g.id)}
            n={i + 1}
            locale={ctx.locale}
            canWrite={view.canWrite}
            today={view.today}
          />
        </section>
      ))}
      {view.canWrite ? (
        <>
          <h3>{t("addGoal")}</h3>
          <Form action={`${base}/goals`} csrfToken={ctx.csrfToken}>
            <TextField
              state={{ locale: ctx.locale, values: {} }}
              name="goalTitle"
              label={t("goalTitle")}
              hint={t("noStudentInfo")}
              required
              maxLength={300}
            />
            <Button variant="outline">{t("addGoal")}</Button>
          </Form>
          {view.goals.length > 0 ? (
            <>
              <h3>{t("addStepHeading")}</h3>
              <ErrorSummary state={state} />
              <Form action={`${base}/steps`} csrfToken={ctx.csrfToken}>
                <StepFieldsSet state={state} goals={view.goals} members={view.members} locale={ctx.locale} />
                <Button>{t("addStep")}</Button>
              </Form>
            </>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}

function StepFieldsSet(props: {
  state: { locale: Locale; values: FormValues; errors?: FieldErrors; labels: Record<string, string> };
  goals: Goal[];
  members: { userId: string; name: string }[];
  locale: Locale;
}) {
  const t = tr(props.locale);
  const { state } = props;
  return (
    <>
      <SelectField
        state={state}
        name="goalId"
        label={t("stepGoal")}
        required
        choices={props.goals.map((g, i) => ({ value: g.id, label: `${i + 1}. ${g.title}` }))}
      />
      <TextField
        state={state}
        name="title"
        label={t("stepTitle")}
        hint={t("noStudentInfo")}
        required
        maxLength={300}
      />
      <SelectField
        state={state}
        name="ownerId"
        label={t("stepOwner")}
        hint={t("stepOwnerHint")}
        placeholder={t("noOwner")}
        choices={props.members.map((m) => ({ value: m.userId, label: m.name }))}
      />
      <TextField
        state={state}
        name="dueOn"
        type="date"
        label={t("stepDue")}
        hint={t("stepDueHint")}
        width="medium"
      />
      <SelectField state={state} name="status" label={t("stepStatus")} choices={stepChoices(props.locale)} />
    </>
  );
}

// --- Aim, goal and step forms -------------------------------------------------------------------------

export function AimPage(props: { ctx: PageContext; team: Organisation; project: Project } & FormProps) {
  const { ctx, project } = props;
  const t = tr(ctx.locale);
  const title = t("aimTitle", { title: project.title });
  const labels = {
    title: t("planTitle"),
    aimWhat: t("aimWhat"),
    aimHowMuch: t("aimHowMuch"),
    aimByWhen: t("aimByWhen"),
    aimForWhom: t("aimForWhom"),
    status: t("statusLabel"),
  };
  const values = props.values ?? {
    title: project.title,
    aimWhat: project.aimWhat ?? "",
    aimHowMuch: project.aimHowMuch ?? "",
    aimByWhen: project.aimByWhen ?? "",
    aimForWhom: project.aimForWhom ?? "",
    status: project.status,
  };
  const state = { locale: ctx.locale, values, errors: props.errors, labels };
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={planCrumbs(ctx.locale, props.team, project, t("aimHeading"))}
    >
      <h1>{title}</h1>
      <p>{t("noStudentInfo")}</p>
      <ErrorSummary state={state} />
      <Form action={`${projectHref(project.id)}/aim`} csrfToken={ctx.csrfToken}>
        <TextField state={state} name="title" label={labels.title} required maxLength={200} />
        <TextArea state={state} name="aimWhat" label={labels.aimWhat} maxLength={2000} rows={3} />
        <TextField
          state={state}
          name="aimHowMuch"
          label={labels.aimHowMuch}
          hint={t("aimHowMuchHint")}
          maxLength={300}
        />
        <TextField
          state={state}
          name="aimByWhen"
          type="date"
          label={labels.aimByWhen}
          hint={t("aimByWhenHint")}
          width="medium"
        />
        <TextField state={state} name="aimForWhom" label={labels.aimForWhom} maxLength={300} />
        <SelectField state={state} name="status" label={labels.status} choices={statusChoices(ctx.locale)} />
        <Button>{t("saveAim")}</Button>
      </Form>
    </Layout>
  );
}

export function GoalPage(
  props: { ctx: PageContext; team: Organisation; project: Project; goal: Goal } & FormProps,
) {
  const { ctx, project } = props;
  const t = tr(ctx.locale);
  const title = t("goalEditTitle", { title: project.title });
  const state = {
    locale: ctx.locale,
    values: props.values ?? { title: props.goal.title },
    errors: props.errors,
    labels: { title: t("goalTitle") },
  };
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={planCrumbs(ctx.locale, props.team, project, t("goalTitle"))}>
      <h1>{title}</h1>
      <ErrorSummary state={state} />
      <Form action={`/improvement/goals/${props.goal.id}`} csrfToken={ctx.csrfToken}>
        <TextField
          state={state}
          name="title"
          label={t("goalTitle")}
          hint={t("noStudentInfo")}
          required
          maxLength={300}
        />
        <Button>{t("saveGoal")}</Button>
      </Form>
    </Layout>
  );
}

export function StepPage(
  props: {
    ctx: PageContext;
    team: Organisation;
    project: Project;
    step: Step;
    goals: Goal[];
    members: { userId: string; name: string }[];
  } & FormProps,
) {
  const { ctx, project, step } = props;
  const t = tr(ctx.locale);
  const title = t("stepEditTitle", { title: project.title });
  const state = {
    locale: ctx.locale,
    values: props.values ?? {
      goalId: step.goalId,
      title: step.title,
      ownerId: step.ownerId ?? "",
      dueOn: step.dueOn ?? "",
      status: step.status,
    },
    errors: props.errors,
    labels: {
      goalId: t("stepGoal"),
      title: t("stepTitle"),
      ownerId: t("stepOwner"),
      dueOn: t("stepDue"),
      status: t("stepStatus"),
    },
  };
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={planCrumbs(ctx.locale, props.team, project, t("stepTitle"))}>
      <h1>{title}</h1>
      <ErrorSummary state={state} />
      <Form action={`/improvement/steps/${step.id}`} csrfToken={ctx.csrfToken}>
        <StepFieldsSet state={state} goals={props.goals} members={props.members} locale={ctx.locale} />
        <Button>{t("saveStep")}</Button>
      </Form>
    </Layout>
  );
}
