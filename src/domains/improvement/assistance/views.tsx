import type { FieldErrors, FormValues } from "../../../platform/http/forms";
import { type Locale, translator } from "../../../platform/i18n";
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
} from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { assistanceCatalog } from "./messages";
import type { ReportDimension, ReportFigures } from "./report";
import {
  CONTACT_MODES,
  INTENSITIES,
  OBJECTIVE_STATUSES,
  REFERRAL_KINDS,
  STAKEHOLDER_TYPES,
  URGENCIES,
} from "./schema";
import {
  type ContactRow,
  type EpisodeView,
  type ObjectiveRow,
  type ProviderChoice,
  type ReportTable,
  type SurveyRow,
  type Topic,
  topicTitle,
} from "./service";

export const tr = (locale: Locale) => translator(assistanceCatalog, locale);
type T = ReturnType<typeof tr>;

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");
const hoursText = (n: number) => String(Math.round(n * 100) / 100);

const crumbs = (t: T, ...rest: { label: string; href?: string }[]) => [
  { label: t("home"), href: "/" },
  { label: t("assistance"), href: "/assistance" },
  ...rest,
];

export function EpisodeTable(props: {
  locale: Locale;
  caption: string;
  episodes: EpisodeView[];
  topics: Topic[];
  showTeam?: boolean;
}) {
  const t = tr(props.locale);
  const headers = [
    t("colTopic"),
    ...(props.showTeam ? [t("colTeam")] : []),
    t("colRequested"),
    t("colUrgency"),
    t("colStatus"),
    t("colProvider"),
    t("colHours"),
  ];
  return (
    <Table
      caption={props.caption}
      headers={headers}
      rows={props.episodes.map((e) => [
        <a href={`/assistance/episodes/${e.id}`}>{topicTitle(props.topics, e.topic, props.locale)}</a>,
        ...(props.showTeam ? [e.teamName] : []),
        day(e.requestedAt),
        t(`urgency_${e.urgency}`),
        t(`status_${e.status}`),
        e.providerName ?? "—",
        hoursText(e.hours),
      ])}
    />
  );
}

// --- Overview -------------------------------------------------------------------------------------

export interface OverviewData {
  teams: { id: string; name: string }[];
  coordinates: { id: string; name: string }[];
  providing: EpisodeView[];
  reports: { id: string; name: string }[];
}

export function OverviewPage(props: { ctx: PageContext; data: OverviewData; topics: Topic[] }) {
  const { ctx, data } = props;
  const t = tr(ctx.locale);
  return (
    <Layout
      ctx={ctx}
      title={t("assistance")}
      breadcrumbs={[{ label: t("home"), href: "/" }, { label: t("assistance") }]}
    >
      <h1>{t("assistance")}</h1>
      <p class="usa-intro">{t("overviewIntro")}</p>
      <h2>{t("yourTeams")}</h2>
      {data.teams.length === 0 ? (
        <p>{t("noTeams")}</p>
      ) : (
        <ul class="usa-list">
          {data.teams.map((team) => (
            <li>
              <a href={`/assistance/teams/${team.id}`}>{team.name}</a>
            </li>
          ))}
        </ul>
      )}
      {data.coordinates.length > 0 ? (
        <>
          <h2>{t("coordinating")}</h2>
          <p>{t("coordinatingIntro")}</p>
          <ul class="usa-list">
            {data.coordinates.map((s) => (
              <li>
                <a href={`/assistance/states/${s.id}`}>{t("queueTitle", { state: s.name })}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {data.providing.length > 0 ? (
        <>
          <h2>{t("providing")}</h2>
          <EpisodeTable
            locale={ctx.locale}
            caption={t("providing")}
            episodes={data.providing}
            topics={props.topics}
            showTeam
          />
        </>
      ) : null}
      {data.reports.length > 0 ? (
        <>
          <h2>{t("reports")}</h2>
          <ul class="usa-list">
            {data.reports.map((s) => (
              <li>
                <a href={`/assistance/reports/${s.id}`}>{t("reportTitle", { scope: s.name })}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}

// --- A team's episodes and its request ---------------------------------------------------------

export function TeamPage(props: {
  ctx: PageContext;
  team: { id: string; name: string };
  episodes: EpisodeView[];
  topics: Topic[];
  mayAsk: boolean;
}) {
  const { ctx, team } = props;
  const t = tr(ctx.locale);
  const title = t("teamTitle", { team: team.name });
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(t, { label: team.name })}>
      <h1>{title}</h1>
      {props.mayAsk ? (
        <p>
          <a class="usa-button" href={`/assistance/teams/${team.id}/request`}>
            {t("askForHelp")}
          </a>
        </p>
      ) : null}
      <h2>{t("teamEpisodes")}</h2>
      {props.episodes.length === 0 ? (
        <p>{t("noEpisodes")}</p>
      ) : (
        <EpisodeTable
          locale={ctx.locale}
          caption={t("teamEpisodes")}
          episodes={props.episodes}
          topics={props.topics}
        />
      )}
    </Layout>
  );
}

export function RequestPage(props: {
  ctx: PageContext;
  team: { id: string; name: string };
  topics: Topic[];
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, team } = props;
  const t = tr(ctx.locale);
  const labels = { topic: t("topic"), need: t("need"), urgency: t("urgency") };
  const state = { locale: ctx.locale, values: props.values ?? {}, errors: props.errors, labels };
  const title = t("requestTitle", { team: team.name });
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={crumbs(
        t,
        { label: team.name, href: `/assistance/teams/${team.id}` },
        { label: t("askForHelp") },
      )}
    >
      <h1>{title}</h1>
      <p class="usa-intro">{t("requestIntro")}</p>
      <ErrorSummary state={state} />
      <Form action={`/assistance/teams/${team.id}/request`} csrfToken={ctx.csrfToken}>
        <SelectField
          state={state}
          name="topic"
          label={labels.topic}
          hint={t("topicHint")}
          required
          choices={props.topics.map((topic) => ({
            value: topic.key,
            label: `${topic.title[ctx.locale]} (${topic.domain ? t("domainsGroup") : t("otherGroup")})`,
          }))}
        />
        <TextArea
          state={state}
          name="need"
          label={labels.need}
          hint={t("noStudentInfo")}
          required
          maxLength={4000}
        />
        <RadioGroup
          state={state}
          name="urgency"
          label={labels.urgency}
          required
          choices={URGENCIES.map((u) => ({ value: u, label: t(`urgency_${u}`) }))}
        />
        <Button>{t("sendRequest")}</Button>
      </Form>
    </Layout>
  );
}

// --- An episode ---------------------------------------------------------------------------------

export type EpisodeForm = "triage" | "contact" | "objective" | "close" | "survey";

export interface EpisodePageProps {
  ctx: PageContext;
  episode: EpisodeView;
  topics: Topic[];
  contacts: ContactRow[];
  objectives: ObjectiveRow[];
  survey: SurveyRow | null;
  may: { triage: boolean; provide: boolean; answer: boolean };
  providers: ProviderChoice[];
  /** The form that came back with problems, with what was typed. */
  failed?: { form: EpisodeForm; values: FormValues; errors: FieldErrors };
}

export function EpisodePage(props: EpisodePageProps) {
  const { ctx, episode: e } = props;
  const t = tr(ctx.locale);
  const topic = topicTitle(props.topics, e.topic, ctx.locale);
  const title = t("episodeTitle", { topic, team: e.teamName });
  const stateFor = (form: EpisodeForm, labels: Record<string, string>) => ({
    locale: ctx.locale,
    values: props.failed?.form === form ? props.failed.values : {},
    errors: props.failed?.form === form ? props.failed.errors : undefined,
    labels,
  });
  const action = (path: string) => `/assistance/episodes/${e.id}${path}`;
  const inProgress = e.status === "accepted";
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={crumbs(
        t,
        { label: e.teamName, href: `/assistance/teams/${e.organisationId}` },
        { label: topic },
      )}
    >
      <h1>{title}</h1>
      <p>
        <span class="usa-tag">{t(`status_${e.status}`)}</span> {t("askedBy", { date: day(e.requestedAt) })} ·{" "}
        {t(`urgency_${e.urgency}`)}
      </p>
      <h2>{t("details")}</h2>
      <p class="smh-pre-wrap">{e.need}</p>
      <StatusNote e={e} t={t} />
      {props.may.triage && e.status !== "closed" ? (
        <TriageForm
          {...props}
          state={stateFor("triage", {
            decision: t("decision"),
            intensity: t("intensity"),
            providerId: t("provider"),
            referralKind: t("referralKind"),
            referralTo: t("referralTo"),
            referralUrl: t("referralUrl"),
            declineReason: t("declineReason"),
          })}
        />
      ) : null}
      {e.status === "accepted" || e.status === "closed" ? (
        <>
          <h2>{t("objectivesHeading")}</h2>
          <Objectives {...props} editable={props.may.provide && inProgress} />
          {props.may.provide && inProgress ? (
            <Form action={action("/objectives")} csrfToken={ctx.csrfToken}>
              <ErrorSummary state={stateFor("objective", { text: t("objective") })} />
              <TextArea
                state={stateFor("objective", { text: t("objective") })}
                name="text"
                label={t("objective")}
                hint={t("noStudentInfo")}
                required
                rows={2}
                maxLength={1000}
              />
              <Button variant="outline">{t("addObjective")}</Button>
            </Form>
          ) : null}
          <h2>{t("contactsHeading")}</h2>
          <p>{t("totalHours", { hours: hoursText(e.hours), contacts: e.contactCount })}</p>
          <Contacts {...props} />
          {props.may.provide && inProgress ? (
            <ContactForm {...props} state={stateFor("contact", contactLabels(t))} />
          ) : null}
        </>
      ) : null}
      {props.may.provide && inProgress ? (
        <>
          <h2>{t("closeHeading")}</h2>
          <Form action={action("/close")} csrfToken={ctx.csrfToken}>
            <ErrorSummary state={stateFor("close", { outcomeNote: t("outcomeNote") })} />
            <TextArea
              state={stateFor("close", { outcomeNote: t("outcomeNote") })}
              name="outcomeNote"
              label={t("outcomeNote")}
              hint={`${t("outcomeNoteHint")} ${t("noStudentInfo")}`}
              required
              maxLength={4000}
            />
            <Button>{t("closeEpisode")}</Button>
          </Form>
        </>
      ) : null}
      {e.status === "closed" ? <Outcome {...props} /> : null}
      {/* A survey post that came back with problems shows its form again, whatever the status. */}
      {e.status === "closed" || props.failed?.form === "survey" ? (
        <Survey {...props} state={stateFor("survey", surveyLabels(t))} />
      ) : null}
    </Layout>
  );
}

function StatusNote({ e, t }: { e: EpisodeView; t: T }) {
  if (e.status === "requested")
    return (
      <Alert kind="info" slim>
        <p>{t("waitingTriage")}</p>
      </Alert>
    );
  if (e.status === "referred")
    return (
      <Alert kind="info" slim>
        <p>
          {t("referredTo", { kind: t(`referral_${e.referralKind ?? "resource"}`), to: e.referralTo ?? "" })}
          {e.referralUrl ? (
            <>
              {" "}
              <a href={e.referralUrl} rel="noopener noreferrer">
                {e.referralUrl}
              </a>
            </>
          ) : null}
        </p>
      </Alert>
    );
  if (e.status === "declined")
    return (
      <Alert kind="warning" slim>
        <p>{t("declinedBecause", { reason: e.declineReason ?? "" })}</p>
      </Alert>
    );
  return (
    <p>
      {t("acceptedAs", {
        intensity: t(`intensity_${e.intensity ?? "none"}`).toLowerCase(),
        provider: e.providerName ?? "—",
      })}
    </p>
  );
}

type FormStateOf = {
  locale: Locale;
  values: FormValues;
  errors?: FieldErrors;
  labels: Record<string, string>;
};

function TriageForm(props: EpisodePageProps & { state: FormStateOf }) {
  const { ctx, state } = props;
  const t = tr(ctx.locale);
  return (
    <>
      <h2>{t("triageHeading")}</h2>
      <p>{t("triageIntro")}</p>
      <ErrorSummary state={state} />
      <Form action={`/assistance/episodes/${props.episode.id}/triage`} csrfToken={ctx.csrfToken}>
        <RadioGroup
          state={state}
          name="decision"
          label={t("decision")}
          required
          choices={(["accept", "refer", "decline"] as const).map((d) => ({
            value: d,
            label: t(`decision_${d}`),
          }))}
        />
        <RadioGroup
          state={state}
          name="intensity"
          label={t("intensity")}
          choices={INTENSITIES.map((i) => ({ value: i, label: t(`intensity_${i}`) }))}
        />
        <SelectField
          state={state}
          name="providerId"
          label={t("provider")}
          hint={t("providerHint")}
          placeholder={t("chooseProvider")}
          choices={props.providers.map((p) => ({ value: p.userId, label: `${p.name} (${p.teamName})` }))}
        />
        <RadioGroup
          state={state}
          name="referralKind"
          label={t("referralKind")}
          choices={REFERRAL_KINDS.map((k) => ({ value: k, label: t(`referral_${k}`) }))}
        />
        <TextField state={state} name="referralTo" label={t("referralTo")} maxLength={200} />
        <TextField state={state} name="referralUrl" label={t("referralUrl")} type="url" maxLength={500} />
        <TextArea
          state={state}
          name="declineReason"
          label={t("declineReason")}
          hint={t("declineReasonHint")}
          rows={3}
          maxLength={2000}
        />
        <Button>{t("saveTriage")}</Button>
      </Form>
    </>
  );
}

const contactLabels = (t: T) => ({
  contactDate: t("contactDate"),
  mode: t("mode"),
  hours: t("hours"),
  ...Object.fromEntries(STAKEHOLDER_TYPES.map((s) => [s, t(s)])),
  summary: t("summary"),
});

function participantsText(t: T, participants: ContactRow["participants"]) {
  const parts = STAKEHOLDER_TYPES.filter((s) => (participants[s] ?? 0) > 0).map(
    (s) => `${t(s)}: ${participants[s]}`,
  );
  return parts.length ? parts.join(", ") : "—";
}

function Contacts(props: EpisodePageProps) {
  const t = tr(props.ctx.locale);
  if (props.contacts.length === 0) return <p>{t("noContacts")}</p>;
  return (
    <Table
      caption={t("contactsHeading")}
      captionHidden
      headers={[t("colDate"), t("colMode"), t("colHours"), t("colParticipants"), t("colWhatWasDone")]}
      rows={props.contacts.map((c) => [
        c.contactDate,
        t(`mode_${c.mode}`),
        hoursText(c.hours),
        participantsText(t, c.participants),
        c.summary,
      ])}
    />
  );
}

function ContactForm(props: EpisodePageProps & { state: FormStateOf }) {
  const { ctx, state } = props;
  const t = tr(ctx.locale);
  return (
    <>
      <h3>{t("logContact")}</h3>
      <ErrorSummary state={state} />
      <Form action={`/assistance/episodes/${props.episode.id}/contacts`} csrfToken={ctx.csrfToken}>
        <TextField
          state={state}
          name="contactDate"
          label={t("contactDate")}
          hint={t("contactDateHint")}
          type="date"
          required
          width="medium"
        />
        <RadioGroup
          state={state}
          name="mode"
          label={t("mode")}
          required
          choices={CONTACT_MODES.map((m) => ({ value: m, label: t(`mode_${m}`) }))}
        />
        <TextField
          state={state}
          name="hours"
          label={t("hours")}
          hint={t("hoursHint")}
          required
          inputmode="decimal"
          width="small"
        />
        <fieldset class="usa-fieldset">
          <legend class="usa-legend">{t("participantsLegend")}</legend>
          {STAKEHOLDER_TYPES.map((s) => (
            <TextField state={state} name={s} label={t(s)} inputmode="numeric" width="small" />
          ))}
        </fieldset>
        <TextArea
          state={state}
          name="summary"
          label={t("summary")}
          hint={t("noStudentInfo")}
          required
          rows={3}
          maxLength={4000}
        />
        <Button>{t("saveContact")}</Button>
      </Form>
    </>
  );
}

function Objectives(props: EpisodePageProps & { editable: boolean }) {
  const { ctx } = props;
  const t = tr(ctx.locale);
  if (props.objectives.length === 0) return <p>{t("noObjectives")}</p>;
  return (
    <Table
      caption={t("objectivesHeading")}
      captionHidden
      headers={[t("objective"), t("objectiveStatus")]}
      rows={props.objectives.map((o) => [
        o.text,
        props.editable ? (
          <form
            method="post"
            action={`/assistance/episodes/${props.episode.id}/objectives/${o.id}`}
            class="smh-inline-form"
          >
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <label class="usa-sr-only" for={`objective-${o.id}`}>
              {`${t("objectiveStatus")}: ${o.text}`}
            </label>
            <select class="usa-select" id={`objective-${o.id}`} name="status">
              {OBJECTIVE_STATUSES.map((s) => (
                <option value={s} selected={s === o.status}>
                  {t(`objective_${s}`)}
                </option>
              ))}
            </select>{" "}
            <button type="submit" class="usa-button usa-button--outline">
              {t("setStatus")}
              <span class="usa-sr-only">: {o.text}</span>
            </button>
          </form>
        ) : (
          t(`objective_${o.status}`)
        ),
      ])}
    />
  );
}

function Outcome(props: EpisodePageProps) {
  const { episode: e } = props;
  const t = tr(props.ctx.locale);
  const score = (n: number) => n.toFixed(2);
  return (
    <>
      <h2>{t("outcomeHeading")}</h2>
      <p>{t("closedOn", { date: day(e.closedAt) })}</p>
      <p class="smh-pre-wrap">{e.outcomeNote}</p>
      {e.scoreBefore !== null && e.scoreAfter !== null ? (
        <p>{t("scoreChange", { before: score(e.scoreBefore), after: score(e.scoreAfter) })}</p>
      ) : e.scoreBefore !== null ? (
        <p>{t("scoreBeforeOnly", { before: score(e.scoreBefore) })}</p>
      ) : null}
    </>
  );
}

const SURVEY_ITEMS = ["useful", "timely", "knowledgeable", "wouldRecommend"] as const;
const surveyLabels = (t: T) => ({
  ...Object.fromEntries(SURVEY_ITEMS.map((i) => [i, t(i)])),
  comment: t("comment"),
});

function Survey(props: EpisodePageProps & { state: FormStateOf }) {
  const { ctx, state, survey } = props;
  const t = tr(ctx.locale);
  if (survey)
    return (
      <>
        <h2>{t("surveyHeading")}</h2>
        <Table
          caption={t("surveyAnswers")}
          headers={[t("surveyHeading"), "1–5"]}
          rows={[
            ...SURVEY_ITEMS.map((i) => [t(i), String(survey[i])]),
            ...(survey.comment ? [[t("comment"), survey.comment]] : []),
          ]}
        />
      </>
    );
  if (!props.may.answer) return null;
  const ratings = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t(`rating_${n}` as "rating_1") }));
  return (
    <>
      <h2>{t("surveyHeading")}</h2>
      <p>{t("surveyIntro")}</p>
      <ErrorSummary state={state} />
      <Form action={`/assistance/episodes/${props.episode.id}/survey`} csrfToken={ctx.csrfToken}>
        {SURVEY_ITEMS.map((item) => (
          <RadioGroup state={state} name={item} label={t(item)} required choices={ratings} />
        ))}
        <TextArea
          state={state}
          name="comment"
          label={t("comment")}
          hint={t("noStudentInfo")}
          rows={3}
          maxLength={2000}
        />
        <Button>{t("sendSurvey")}</Button>
      </Form>
    </>
  );
}

// --- A state's queue ----------------------------------------------------------------------------

export function QueuePage(props: {
  ctx: PageContext;
  state: { id: string; name: string };
  waiting: EpisodeView[];
  inProgress: EpisodeView[];
  topics: Topic[];
}) {
  const { ctx } = props;
  const t = tr(ctx.locale);
  const title = t("queueTitle", { state: props.state.name });
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(t, { label: props.state.name })}>
      <h1>{title}</h1>
      <p>
        <a href={`/assistance/reports/${props.state.id}`}>{t("reportTitle", { scope: props.state.name })}</a>
      </p>
      <h2>{t("waitingHeading")}</h2>
      {props.waiting.length === 0 ? (
        <p>{t("noneWaiting")}</p>
      ) : (
        <EpisodeTable
          locale={ctx.locale}
          caption={t("waitingHeading")}
          episodes={props.waiting}
          topics={props.topics}
          showTeam
        />
      )}
      <h2>{t("inProgressHeading")}</h2>
      {props.inProgress.length === 0 ? (
        <p>{t("noneInProgress")}</p>
      ) : (
        <EpisodeTable
          locale={ctx.locale}
          caption={t("inProgressHeading")}
          episodes={props.inProgress}
          topics={props.topics}
          showTeam
        />
      )}
    </Layout>
  );
}

// --- The report ---------------------------------------------------------------------------------

export interface ReportView {
  scope: { id: string; name: string; kind: string };
  by: ReportDimension;
  from: string;
  to: string;
  topic?: string;
  intensity?: string;
  table: ReportTable;
}

/** A row's label in the viewer's language. */
export function rowLabel(
  t: T,
  topics: Topic[],
  locale: Locale,
  by: ReportDimension,
  row: { key: string; name?: string | null },
) {
  if (by === "state") return row.name ?? row.key;
  if (by === "topic") return topicTitle(topics, row.key, locale);
  if (by === "intensity") return t(`intensity_${row.key as "none"}`);
  return row.key;
}

export function reportCells(f: ReportFigures, t: T): string[] {
  const show = (n: number | null, digits = 0) =>
    n === null ? t("hidden") : digits ? n.toFixed(digits) : String(n);
  const change =
    f.meanScoreChange === null
      ? t("hidden")
      : `${f.meanScoreChange > 0 ? "+" : ""}${f.meanScoreChange.toFixed(2)}`;
  return [
    show(f.episodes),
    f.hours === null ? t("hidden") : hoursText(f.hours),
    show(f.teamsServed),
    show(f.scorePairs),
    change,
  ];
}

export const reportHeaders = (t: T, by: ReportDimension) => [
  t(`by_${by}`),
  t("colEpisodes"),
  t("colHours"),
  t("colTeams"),
  t("colPairs"),
  t("colChange"),
];

export function ReportPage(props: { ctx: PageContext; report: ReportView; topics: Topic[]; query: string }) {
  const { ctx, report } = props;
  const t = tr(ctx.locale);
  const title = t("reportTitle", {
    scope: report.scope.kind === "nation" ? t("nationReport") : report.scope.name,
  });
  const state = {
    locale: ctx.locale,
    values: {
      by: report.by,
      from: report.from,
      to: report.to,
      topic: report.topic ?? "",
      intensity: report.intensity ?? "",
    },
  };
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(t, { label: title })}>
      <h1>{title}</h1>
      <p class="usa-intro">{t("reportIntro")}</p>
      <Form action={`/assistance/reports/${report.scope.id}`} method="get">
        <SelectField
          state={state}
          name="by"
          label={t("by")}
          required
          choices={(["state", "topic", "intensity", "month"] as const).map((b) => ({
            value: b,
            label: t(`by_${b}`),
          }))}
        />
        <TextField state={state} name="from" label={t("from")} width="small" />
        <TextField state={state} name="to" label={t("to")} width="small" />
        <SelectField
          state={state}
          name="topic"
          label={t("topic")}
          placeholder={t("allTopics")}
          choices={props.topics.map((tp) => ({ value: tp.key, label: tp.title[ctx.locale] }))}
        />
        <SelectField
          state={state}
          name="intensity"
          label={t("intensity")}
          placeholder={t("allIntensities")}
          choices={INTENSITIES.map((i) => ({ value: i, label: t(`intensity_${i}`) }))}
        />
        <Button variant="outline">{t("show")}</Button>
      </Form>
      <Table
        caption={`${title}, ${report.from} – ${report.to}`}
        headers={reportHeaders(t, report.by)}
        rows={[
          ...report.table.rows.map((r) => [
            rowLabel(t, props.topics, ctx.locale, report.by, r),
            ...reportCells(r, t),
          ]),
          [t("total"), ...reportCells(report.table.total, t)],
        ]}
      />
      <p class="usa-hint">{t("suppressionNote")}</p>
      <p>
        <a href={`/assistance/reports/${report.scope.id}.csv?${props.query}`}>{t("downloadCsv")}</a>
      </p>
    </Layout>
  );
}
