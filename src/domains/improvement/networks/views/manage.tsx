import type { FieldErrors, FormValues } from "../../../../platform/http/forms";
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
import { periodText } from "../dashboard";
import { teamLetters } from "../periods";
import type { MeasureRow, TeamRow } from "../repo";
import { MEASURE_PERIODS, MEASURE_TYPES, TEAM_NAMINGS } from "../schema";
import type { LateTeam, NetworkForViewer } from "../service";
import { measureKind, NetworkNav, networkCrumbs, networkHref, tr } from "./shared";

export type ManageForm = { form: "settings" | "invite"; values: FormValues; errors: FieldErrors };

export function ManagePage(props: {
  ctx: PageContext;
  view: NetworkForViewer;
  teams: TeamRow[];
  measures: MeasureRow[];
  late: LateTeam[];
  failed?: ManageForm;
}) {
  const { ctx, view } = props;
  const t = tr(ctx.locale);
  const base = networkHref(view);
  const failed = props.failed;
  const settingsLabels = {
    teamNaming: t("teamNaming"),
    reportingDays: t("reportingDays"),
    reminderDaysBefore: t("reminderDaysBefore"),
  };
  const settings = {
    locale: ctx.locale,
    labels: settingsLabels,
    values:
      failed?.form === "settings"
        ? failed.values
        : {
            teamNaming: view.network.teamNaming,
            reportingDays: String(view.network.reportingDays),
            reminderDaysBefore: String(view.network.reminderDaysBefore),
          },
    errors: failed?.form === "settings" ? failed.errors : undefined,
  };
  const invite = {
    locale: ctx.locale,
    labels: { organisation: t("organisation") },
    values: failed?.form === "invite" ? failed.values : {},
    errors: failed?.form === "invite" ? failed.errors : undefined,
  };
  const title = t("manage");
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={networkCrumbs(view, ctx.locale, title)}>
      <h1>{title}</h1>
      <p class="usa-intro">{t("manageIntro")}</p>
      <NetworkNav view={view} locale={ctx.locale} mayLead />

      <h2>{t("lateHeading")}</h2>
      <p>{t("lateIntro")}</p>
      {props.late.length === 0 ? (
        <p>{t("noLate")}</p>
      ) : (
        <Table
          caption={t("lateHeading")}
          captionHidden
          headers={[t("colTeam"), t("colPeriod"), t("colClosed"), t("colMissing")]}
          rows={props.late.map((l) => [
            l.team.organisationName,
            periodText({ period: l.period }, l.periodStart, ctx.locale),
            l.closedOn,
            l.missing.join(", "),
          ])}
        />
      )}

      <h2>{t("measuresHeading")}</h2>
      {props.measures.length === 0 ? (
        <p>{t("noMeasures")}</p>
      ) : (
        <Table
          caption={t("measuresHeading")}
          captionHidden
          headers={[t("colMeasure"), t("measureType"), t("definition")]}
          rows={props.measures.map((m) => [m.name, measureKind(m, ctx.locale), m.definition])}
        />
      )}
      <p>
        <a class="usa-button usa-button--outline" href={`${base}/measures/new`}>
          {t("newMeasure")}
        </a>
      </p>

      <h2>{t("teamsManageHeading")}</h2>
      {props.teams.length === 0 ? (
        <p>{t("noTeams")}</p>
      ) : (
        <Table
          caption={t("teamsManageHeading")}
          captionHidden
          headers={[t("colTeam"), t("colLetter"), t("colStatus")]}
          rows={props.teams.map((team) => [
            team.organisationName,
            t("teamLetter", { letter: teamLetters(team.letterIndex) }),
            t(`status_${team.status}`),
          ])}
        />
      )}
      <h3>{t("inviteHeading")}</h3>
      <ErrorSummary state={invite} />
      <Form action={`${base}/teams`} csrfToken={ctx.csrfToken}>
        <TextField
          state={invite}
          name="organisation"
          label={t("organisation")}
          hint={t("organisationHint")}
          required
          maxLength={40}
        />
        <Button>{t("inviteButton")}</Button>
      </Form>

      <h2>{t("settingsHeading")}</h2>
      <ErrorSummary state={settings} />
      <Form action={`${base}/settings`} csrfToken={ctx.csrfToken}>
        <RadioGroup
          state={settings}
          name="teamNaming"
          label={settingsLabels.teamNaming}
          required
          choices={TEAM_NAMINGS.map((n) => ({ value: n, label: t(`naming_${n}`) }))}
        />
        <TextField
          state={settings}
          name="reportingDays"
          label={settingsLabels.reportingDays}
          required
          inputmode="numeric"
          width="small"
        />
        <TextField
          state={settings}
          name="reminderDaysBefore"
          label={settingsLabels.reminderDaysBefore}
          hint={t("reminderHint")}
          required
          inputmode="numeric"
          width="small"
        />
        <Button>{t("saveSettings")}</Button>
      </Form>
    </Layout>
  );
}

export function NewMeasurePage(props: {
  ctx: PageContext;
  view: NetworkForViewer;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, view } = props;
  const t = tr(ctx.locale);
  const labels = {
    name: t("name"),
    definition: t("definition"),
    type: t("measureType"),
    period: t("measurePeriod"),
    numeratorLabel: t("numeratorLabel"),
    denominatorLabel: t("denominatorLabel"),
    rateUnit: t("rateUnit"),
    goal: t("goalLabel"),
    startsOn: t("startsOn"),
  };
  const state = { locale: ctx.locale, values: props.values ?? {}, errors: props.errors, labels };
  const title = t("newMeasure");
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={networkCrumbs(view, ctx.locale, title)}>
      <h1>{title}</h1>
      <p class="usa-intro">{t("newMeasureIntro")}</p>
      <ErrorSummary state={state} />
      <Form action={`${networkHref(view)}/measures`} csrfToken={ctx.csrfToken}>
        <TextField state={state} name="name" label={labels.name} required maxLength={200} />
        <TextArea
          state={state}
          name="definition"
          label={labels.definition}
          hint={t("noStudentInfo")}
          required
          maxLength={4000}
        />
        <SelectField
          state={state}
          name="type"
          label={labels.type}
          required
          choices={MEASURE_TYPES.map((v) => ({ value: v, label: t(`type_${v}`) }))}
        />
        <SelectField
          state={state}
          name="period"
          label={labels.period}
          required
          choices={MEASURE_PERIODS.map((v) => ({ value: v, label: t(`period_${v}`) }))}
        />
        <TextField
          state={state}
          name="numeratorLabel"
          label={labels.numeratorLabel}
          required
          maxLength={200}
        />
        <TextField state={state} name="denominatorLabel" label={labels.denominatorLabel} maxLength={200} />
        <TextField state={state} name="rateUnit" label={labels.rateUnit} inputmode="numeric" width="small" />
        <TextField
          state={state}
          name="goal"
          label={labels.goal}
          hint={t("goalHint")}
          inputmode="decimal"
          width="small"
        />
        <TextField
          state={state}
          name="startsOn"
          label={labels.startsOn}
          type="date"
          required
          width="medium"
        />
        <Button>{t("saveMeasure")}</Button>
      </Form>
    </Layout>
  );
}
