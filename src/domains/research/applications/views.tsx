import type { FieldErrors, FormValues } from "../../../platform/http/forms";
import { type Locale, translator } from "../../../platform/i18n";
import {
  Alert,
  Button,
  CheckboxGroup,
  ErrorSummary,
  Form,
  RadioGroup,
  Table,
  TextArea,
  TextField,
} from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { researchCatalog } from "../messages";
import { type ApplicationRow, type ApplicationWithApplicant, accessOpen, filesOf } from "./service";

/** Where a researcher without approval reads the data open to everyone. */
export const PUBLIC_DASHBOARD_HREF = "/insights/national";

const tr = (locale: Locale) => translator(researchCatalog, locale);

export function statusLabel(a: ApplicationRow, locale: Locale): string {
  const t = tr(locale);
  if (a.status === "approved" && !accessOpen(a)) return t("status_expired");
  return t(`status_${a.status}`);
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");

export interface InstrumentChoice {
  key: string;
  title: string;
  titleEs: string;
}
const instrumentName = (choices: InstrumentChoice[], key: string, locale: Locale) => {
  const found = choices.find((c) => c.key === key);
  return found ? (locale === "es" ? found.titleEs : found.title) : key;
};

// --- The researcher's pages ---------------------------------------------------------------------

export function OverviewPage(props: { ctx: PageContext; applications: ApplicationRow[] }) {
  const { ctx } = props;
  const t = tr(ctx.locale);
  const anyOpen = props.applications.some((a) => accessOpen(a));
  return (
    <Layout
      ctx={ctx}
      title={t("research")}
      breadcrumbs={[{ label: t("home"), href: "/" }, { label: t("research") }]}
    >
      <h1>{t("research")}</h1>
      <p class="usa-intro">{t("overviewIntro")}</p>
      {anyOpen ? null : (
        <Alert kind="info" slim>
          <p>
            {t("withoutApproval")} <a href={PUBLIC_DASHBOARD_HREF}>{t("publicDashboard")}</a>
          </p>
        </Alert>
      )}
      <p>
        <a class="usa-button" href="/research/apply">
          {t("applyLink")}
        </a>
      </p>
      <h2>{t("yourApplications")}</h2>
      {props.applications.length === 0 ? (
        <p>{t("noApplications")}</p>
      ) : (
        <Table
          caption={t("yourApplications")}
          captionHidden
          headers={[t("colProject"), t("colStatus"), t("colApplied"), t("colUntil")]}
          rows={props.applications.map((a) => [
            <a href={`/research/applications/${a.id}`}>{a.projectTitle}</a>,
            statusLabel(a, ctx.locale),
            day(a.createdAt),
            a.expiresOn ?? "—",
          ])}
        />
      )}
    </Layout>
  );
}

export function ApplyPage(props: {
  ctx: PageContext;
  instruments: InstrumentChoice[];
  years: string[];
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx } = props;
  const t = tr(ctx.locale);
  const labels = {
    projectTitle: t("projectTitle"),
    institution: t("institution"),
    purpose: t("purpose"),
    irbNumber: t("irbNumber"),
    irbFile: t("irbFile"),
    instrumentKeys: t("instruments"),
    schoolYears: t("schoolYears"),
    dataUseAgreement: t("dataUse"),
  };
  const state = { locale: ctx.locale, values: props.values ?? {}, errors: props.errors, labels };
  const fileError = props.errors?.irbFile;
  return (
    <Layout
      ctx={ctx}
      title={t("applyTitle")}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("research"), href: "/research" },
        { label: t("applyTitle") },
      ]}
    >
      <h1>{t("applyTitle")}</h1>
      <p class="usa-intro">{t("applyIntro")}</p>
      <ErrorSummary state={state} />
      {/* Multipart bodies are read as a stream, so the CSRF token also travels in the address. */}
      <Form
        action={`/research/apply?_csrf=${encodeURIComponent(ctx.csrfToken)}`}
        csrfToken={ctx.csrfToken}
        enctype="multipart/form-data"
      >
        <TextField state={state} name="projectTitle" label={labels.projectTitle} required maxLength={200} />
        <TextField state={state} name="institution" label={labels.institution} required maxLength={200} />
        <TextArea
          state={state}
          name="purpose"
          label={labels.purpose}
          hint={t("purposeHint")}
          required
          maxLength={5000}
        />
        <TextField
          state={state}
          name="irbNumber"
          label={labels.irbNumber}
          required
          maxLength={100}
          width="medium"
        />
        <div class={`usa-form-group${fileError ? " usa-form-group--error" : ""}`}>
          <label class={`usa-label${fileError ? " usa-label--error" : ""}`} for="field-irbFile">
            {labels.irbFile}
          </label>
          <div class="usa-hint" id="irbFile-hint">
            {t("irbFileHint")}
          </div>
          {fileError && "message" in fileError ? (
            <span class="usa-error-message" id="irbFile-error" role="alert">
              {fileError.message}
            </span>
          ) : null}
          <input
            class="usa-file-input"
            id="field-irbFile"
            name="irbFile"
            type="file"
            accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
            aria-describedby={fileError ? "irbFile-hint irbFile-error" : "irbFile-hint"}
            aria-invalid={fileError ? "true" : undefined}
          />
        </div>
        <CheckboxGroup
          state={state}
          name="instrumentKeys"
          label={labels.instrumentKeys}
          hint={t("instrumentsHint")}
          required
          choices={props.instruments.map((i) => ({
            value: i.key,
            label: instrumentName(props.instruments, i.key, ctx.locale),
          }))}
        />
        <CheckboxGroup
          state={state}
          name="schoolYears"
          label={labels.schoolYears}
          required
          choices={props.years.map((y) => ({ value: y, label: y }))}
        />
        <CheckboxGroup
          state={state}
          name="dataUseAgreement"
          label={labels.dataUseAgreement}
          hint={t("dataUseText")}
          required
          choices={[{ value: "accepted", label: t("dataUseAccept") }]}
        />
        <Button>{t("submitApplication")}</Button>
      </Form>
    </Layout>
  );
}

function ApplicationDetails(props: { a: ApplicationRow; locale: Locale; instruments: InstrumentChoice[] }) {
  const { a, locale } = props;
  const t = tr(locale);
  const rows: [string, string][] = [
    [t("projectTitle"), a.projectTitle],
    [t("institution"), a.institution],
    [t("purpose"), a.purpose],
    [t("irbNumber"), a.irbNumber],
    [t("instruments"), a.instrumentKeys.map((k) => instrumentName(props.instruments, k, locale)).join(", ")],
    [t("schoolYears"), [...a.schoolYears].sort().join(", ")],
    [t("colApplied"), day(a.createdAt)],
    [t("colStatus"), statusLabel(a, locale)],
  ];
  return (
    <>
      <h2>{t("details")}</h2>
      <dl class="smh-details">
        {rows.map(([term, value]) => (
          <>
            <dt class="text-bold">{term}</dt>
            <dd class="margin-left-0 margin-bottom-2">{value}</dd>
          </>
        ))}
      </dl>
      {a.irbFileId ? (
        <p>
          <a href={`/research/applications/${a.id}/irb-letter`}>
            {t("downloadIrb", { name: a.irbFileName })}
          </a>
        </p>
      ) : null}
    </>
  );
}

function DecisionNote(props: { a: ApplicationRow; locale: Locale }) {
  const { a } = props;
  const t = tr(props.locale);
  if (a.status === "pending")
    return (
      <Alert kind="info" slim>
        <p>{t("pendingNote")}</p>
      </Alert>
    );
  if (a.status === "declined")
    return (
      <Alert kind="warning" heading={t("status_declined")}>
        <p>{t("declinedBecause", { reason: a.declineReason ?? "" })}</p>
      </Alert>
    );
  if (!accessOpen(a))
    return (
      <Alert kind="warning" heading={t("status_expired")}>
        <p>{t("expiredOn", { date: a.expiresOn ?? "" })}</p>
      </Alert>
    );
  return (
    <Alert kind="success" heading={t("status_approved")}>
      <p>{t("approvedUntil", { date: a.expiresOn ?? "" })}</p>
    </Alert>
  );
}

export function ApplicationPage(props: {
  ctx: PageContext;
  application: ApplicationRow;
  instruments: InstrumentChoice[];
  /** Only the applicant downloads; an admin reading the page sees the list without links. */
  mayDownload: boolean;
}) {
  const { ctx, application: a } = props;
  const t = tr(ctx.locale);
  const title = t("applicationTitle", { title: a.projectTitle });
  const base = `/research/applications/${a.id}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("research"), href: "/research" },
        { label: a.projectTitle },
      ]}
    >
      <h1>{title}</h1>
      <DecisionNote a={a} locale={ctx.locale} />
      {props.mayDownload ? (
        <>
          <h2>{t("filesHeading")}</h2>
          <p>{t("filesIntro")}</p>
          <Table
            caption={t("filesHeading")}
            captionHidden
            headers={[t("colFile"), t("colCodebook")]}
            rows={filesOf(a).map((f) => {
              const params = {
                instrument: instrumentName(props.instruments, f.instrumentKey, ctx.locale),
                year: f.schoolYear,
              };
              return [
                <a href={`${base}/files/${f.instrumentKey}/${f.schoolYear}.csv`} download>
                  {t("downloadCsv", params)}
                </a>,
                <a href={`${base}/codebooks/${f.instrumentKey}/${f.schoolYear}`}>
                  {t("readCodebook", params)}
                </a>,
              ];
            })}
          />
        </>
      ) : (
        <p>
          {t("withoutApproval")} <a href={PUBLIC_DASHBOARD_HREF}>{t("publicDashboard")}</a>
        </p>
      )}
      <ApplicationDetails a={a} locale={ctx.locale} instruments={props.instruments} />
    </Layout>
  );
}

// --- The admin's pages ------------------------------------------------------------------------

function ApplicationsTable(props: { caption: string; items: ApplicationWithApplicant[]; locale: Locale }) {
  const t = tr(props.locale);
  return (
    <Table
      caption={props.caption}
      captionHidden
      headers={[t("colProject"), t("colApplicant"), t("colStatus"), t("colApplied"), t("colUntil")]}
      rows={props.items.map((a) => [
        <a href={`/admin/research/${a.id}`}>{a.projectTitle}</a>,
        `${a.applicantName} (${a.institution})`,
        statusLabel(a, props.locale),
        day(a.createdAt),
        a.expiresOn ?? "—",
      ])}
    />
  );
}

export function ReviewListPage(props: {
  ctx: PageContext;
  pending: ApplicationWithApplicant[];
  decided: ApplicationWithApplicant[];
}) {
  const { ctx } = props;
  const t = tr(ctx.locale);
  return (
    <Layout
      ctx={ctx}
      title={t("reviewTitle")}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("administration"), href: "/admin" },
        { label: t("reviewTitle") },
      ]}
    >
      <h1>{t("reviewTitle")}</h1>
      <p class="usa-intro">{t("reviewIntro")}</p>
      <h2>{t("pendingHeading")}</h2>
      {props.pending.length === 0 ? (
        <p>{t("noPending")}</p>
      ) : (
        <ApplicationsTable caption={t("pendingHeading")} items={props.pending} locale={ctx.locale} />
      )}
      <h2>{t("decidedHeading")}</h2>
      {props.decided.length === 0 ? (
        <p>{t("noDecided")}</p>
      ) : (
        <ApplicationsTable caption={t("decidedHeading")} items={props.decided} locale={ctx.locale} />
      )}
    </Layout>
  );
}

export function ReviewPage(props: {
  ctx: PageContext;
  application: ApplicationWithApplicant;
  instruments: InstrumentChoice[];
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, application: a } = props;
  const t = tr(ctx.locale);
  const title = t("applicationTitle", { title: a.projectTitle });
  const labels = { decision: t("decisionLabel"), expiresOn: t("expiresOn"), reason: t("reason") };
  const state = { locale: ctx.locale, values: props.values ?? {}, errors: props.errors, labels };
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("administration"), href: "/admin" },
        { label: t("reviewTitle"), href: "/admin/research" },
        { label: a.projectTitle },
      ]}
    >
      <h1>{title}</h1>
      <p>
        {t("colApplicant")}: {a.applicantName} ({a.applicantEmail})
      </p>
      <DecisionNote a={a} locale={ctx.locale} />
      <ApplicationDetails a={a} locale={ctx.locale} instruments={props.instruments} />
      <h2>{t("decideHeading")}</h2>
      <ErrorSummary state={state} />
      <Form action={`/admin/research/${a.id}/decision`} csrfToken={ctx.csrfToken}>
        <RadioGroup
          state={state}
          name="decision"
          label={labels.decision}
          required
          choices={[
            { value: "approve", label: t("approve") },
            { value: "decline", label: t("decline") },
          ]}
        />
        <TextField
          state={state}
          name="expiresOn"
          type="date"
          label={labels.expiresOn}
          hint={t("expiresOnHint")}
          width="medium"
        />
        <TextArea
          state={state}
          name="reason"
          label={labels.reason}
          hint={t("reasonHint")}
          maxLength={2000}
          rows={4}
        />
        <Button>{t("saveDecision")}</Button>
      </Form>
    </Layout>
  );
}
