import { translator } from "../../../platform/i18n";
import {
  ActionButton,
  Alert,
  Button,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  Table,
  TextArea,
} from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { formatHours } from "./hours";
import { creditCatalog } from "./messages";
import type { Certificate, CreditStanding, EventRow, LockReason, Results, SessionRow } from "./service";
import { objectivesOf, verificationOf } from "./service";

type T = ReturnType<typeof translator<typeof creditCatalog.en>>;
const tOf = (ctx: PageContext) => translator(creditCatalog, ctx.locale);
const titleOf = (e: EventRow, ctx: PageContext) =>
  ctx.locale === "es" ? (e.titleEs ?? e.titleEn) : e.titleEn;
const eventCrumbs = (e: EventRow, ctx: PageContext) => [
  { label: tOf(ctx)("events"), href: "/events" },
  { label: titleOf(e, ctx), href: `/events/${e.slug}` },
];

function reasonText(t: T, r: LockReason): string {
  if (r.code === "sessionNotEvaluated") return t("sessionNotEvaluated", { title: r.title });
  return t(r.code);
}

const statusText = (t: T, c: Certificate) => {
  const s = verificationOf(c).status;
  return s === "valid" ? t("statusValid") : s === "reissued" ? t("statusReissued") : t("statusRevoked");
};

/** An attendee's evaluations and certificate for one event: what is done, what is left, the PDF. */
export function CertificatePage(props: {
  ctx: PageContext;
  event: EventRow;
  standing: CreditStanding;
  state: FormState;
}) {
  const { ctx, event, standing } = props;
  const t = tOf(ctx);
  const base = `/events/${event.slug}`;
  const valid = standing.certificates.filter((c) => c.status === "valid");
  return (
    <Layout ctx={ctx} title={t("certificateTitle")} breadcrumbs={eventCrumbs(event, ctx)}>
      <h1>{t("certificateTitle")}</h1>
      <p class="usa-intro">{t("certificateIntro")}</p>
      <ErrorSummary state={props.state} />
      {standing.registration ? null : <Alert kind="info">{t("notRegistered")}</Alert>}
      {valid.length > 0 ? (
        <section aria-labelledby="your-certificate">
          <h2 id="your-certificate">{t("yourCertificate")}</h2>
          {valid.map((c) => (
            <p>
              {c.creditLabel}: {formatHours(Number(c.hours))} {t("hours").toLowerCase()} — {t("code")}{" "}
              <a href={`/certificates/${c.code}`}>{c.code}</a>
            </p>
          ))}
          <p>
            <a class="usa-button" href={`${base}/certificate.pdf`}>
              {t("downloadPdf")}
            </a>
          </p>
        </section>
      ) : standing.unlocked ? (
        standing.released ? (
          <Alert kind="success" heading={t("unlocked")}>
            <form method="post" action={`${base}/certificate/claim`}>
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <button type="submit" class="usa-button">
                {t("getCertificate")}
              </button>
            </form>
          </Alert>
        ) : (
          <Alert kind="success">{t("unlockedNotReleased")}</Alert>
        )
      ) : standing.registration ? (
        <section aria-labelledby="to-do">
          <h2 id="to-do">{t("stillToDo")}</h2>
          <ul class="usa-list">
            {standing.reasons.map((r) => (
              <li>
                {r.code === "sessionNotEvaluated" ? (
                  <a href={`${base}/evaluations/${r.sessionId}`}>{reasonText(t, r)}</a>
                ) : r.code === "eventNotEvaluated" ? (
                  <a href={`${base}/evaluations/event`}>{reasonText(t, r)}</a>
                ) : (
                  reasonText(t, r)
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {standing.registration && standing.creditTypes.length > 0 ? (
        <section aria-labelledby="credit-type">
          <h2 id="credit-type">{t("creditTypeLegend")}</h2>
          <Form action={`${base}/certificate/credit-type`} csrfToken={ctx.csrfToken}>
            <RadioGroup
              state={props.state}
              name="creditTypeId"
              label={t("creditTypeLegend")}
              hint={t("creditTypeHint")}
              required
              choices={standing.creditTypes.map((c) => ({
                value: c.id,
                label: `${c.label} — ${c.providerName}`,
              }))}
            />
            <Button variant="outline">{t("saveCreditType")}</Button>
          </Form>
        </section>
      ) : null}
      {standing.registration ? (
        <section aria-labelledby="attended">
          <h2 id="attended">{t("sessionsAttended")}</h2>
          <p>{t("hoursEarned", { hours: formatHours(standing.hours) })}</p>
          {standing.attended.length === 0 ? (
            <p>{t("noAttendance")}</p>
          ) : (
            <Table
              caption={t("sessionsAttended")}
              captionHidden
              stacked
              headers={[t("session"), t("countsForCredit"), t("hours"), t("evaluation")]}
              rows={standing.attended.map((a) => [
                a.session.title,
                a.session.countsForCredit ? t("yes") : t("no"),
                a.session.countsForCredit ? formatHours(a.hours) : "—",
                a.evaluated ? (
                  t("done")
                ) : (
                  <a href={`${base}/evaluations/${a.session.id}`}>
                    {t("evaluate")}
                    <span class="usa-sr-only">: {a.session.title}</span>
                  </a>
                ),
              ])}
            />
          )}
          <p>
            {t("eventEvaluation")}:{" "}
            {standing.eventEvaluated ? t("done") : <a href={`${base}/evaluations/event`}>{t("evaluate")}</a>}
          </p>
        </section>
      ) : null}
    </Layout>
  );
}

const ratingChoices = (t: T) =>
  ([1, 2, 3, 4, 5] as const).map((n) => ({ value: String(n), label: t(`rating${n}`) }));

/** The evaluation form of a session (or of the event when `session` is null). */
export function EvaluationPage(props: {
  ctx: PageContext;
  event: EventRow;
  session: SessionRow | null;
  state: FormState;
  /** Why no form is shown: attendance not recorded, or already evaluated. */
  closed?: "notAttended" | "alreadyEvaluated" | "notRegistered";
}) {
  const { ctx, event, session, state } = props;
  const t = tOf(ctx);
  const base = `/events/${event.slug}`;
  const title = session
    ? t("evaluationTitle", { title: session.title })
    : t("evaluationEventTitle", { title: titleOf(event, ctx) });
  const action = `${base}/evaluations/${session ? session.id : "event"}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        ...eventCrumbs(event, ctx),
        { label: t("certificateTitle"), href: `${base}/certificate` },
      ]}
    >
      <h1>{title}</h1>
      {props.closed ? <ErrorSummary state={state} /> : null}
      {props.closed ? (
        <Alert kind={props.closed === "alreadyEvaluated" ? "success" : "warning"}>
          {t(props.closed === "notAttended" ? "notAttendedSession" : props.closed)}
        </Alert>
      ) : (
        <>
          <p class="usa-intro">{t("evaluationIntro")}</p>
          <ErrorSummary state={state} />
          <Form action={action} csrfToken={ctx.csrfToken}>
            <RadioGroup
              state={state}
              name="overall"
              label={t("overall")}
              required
              choices={ratingChoices(t)}
            />
            {session ? (
              <RadioGroup
                state={state}
                name="presenter"
                label={t("presenter")}
                required
                choices={ratingChoices(t)}
              />
            ) : null}
            <RadioGroup
              state={state}
              name="relevance"
              label={t("relevance")}
              required
              choices={ratingChoices(t)}
            />
            {session
              ? objectivesOf(session).map((objective, i) => (
                  <RadioGroup
                    state={state}
                    name={`objective${i + 1}`}
                    label={t("objectiveMet", { objective })}
                    required
                    choices={ratingChoices(t)}
                  />
                ))
              : null}
            <TextArea
              state={state}
              name="comment"
              label={t("comment")}
              hint={t("commentHint")}
              maxLength={4000}
            />
            <Button>{t("sendEvaluation")}</Button>
          </Form>
        </>
      )}
      <p class="margin-top-4">
        <a href={`${base}/certificate`}>{t("backToCertificate")}</a>
      </p>
    </Layout>
  );
}

/** Aggregated results with anonymous comments; below 3 evaluations only their number. */
export function ResultsBlock(props: {
  ctx: PageContext;
  results: Results;
  headingLevel: 2 | 3;
  idPrefix: string;
}) {
  const { results } = props;
  const t = tOf(props.ctx);
  const H = props.headingLevel === 2 ? "h2" : "h3";
  return (
    <div>
      <p>
        {t("responses")}: <strong>{results.responses}</strong>
      </p>
      {!results.shown ? (
        <Alert kind="info" slim>
          {t("suppressed")}
        </Alert>
      ) : (
        <>
          <Table
            caption={t("responses")}
            captionHidden
            headers={[t("objective"), t("mean")]}
            rows={[
              [t("meanOverall"), String(results.overall ?? "—")],
              ...(results.presenter !== null ? [[t("meanPresenter"), String(results.presenter)]] : []),
              [t("meanRelevance"), String(results.relevance ?? "—")],
            ]}
          />
          {results.objectives.length > 0 ? (
            <Table
              caption={t("objectivesCaption")}
              headers={[t("objective"), t("mean"), t("responses")]}
              rows={results.objectives.map((o) => [o.objective, String(o.mean ?? "—"), String(o.n)])}
            />
          ) : null}
          <Table
            caption={t("ratingsCaption")}
            headers={[t("rating"), t("count")]}
            rows={results.overallCounts.map((n, i) => [String(i + 1), String(n)])}
          />
          <H id={`${props.idPrefix}-comments`}>{t("comments")}</H>
          {results.comments.length === 0 ? (
            <p>{t("noComments")}</p>
          ) : (
            <ul class="usa-list">
              {results.comments.map((c) => (
                <li>{c}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

export function SessionResultsPage(props: {
  ctx: PageContext;
  event: EventRow;
  session: SessionRow;
  results: Results;
}) {
  const t = tOf(props.ctx);
  const title = t("resultsTitle", { title: props.session.title });
  return (
    <Layout ctx={props.ctx} title={title} breadcrumbs={eventCrumbs(props.event, props.ctx)}>
      <h1>{title}</h1>
      <ResultsBlock ctx={props.ctx} results={props.results} headingLevel={2} idPrefix="session" />
    </Layout>
  );
}

export function EventResultsPage(props: {
  ctx: PageContext;
  event: EventRow;
  overall: Results;
  sessions: { session: SessionRow; results: Results }[];
}) {
  const { ctx, event } = props;
  const t = tOf(ctx);
  const base = `/events/${event.slug}`;
  return (
    <Layout ctx={ctx} title={t("eventResultsTitle")} breadcrumbs={eventCrumbs(event, ctx)}>
      <h1>{t("eventResultsTitle")}</h1>
      <p>
        <a href={`${base}/manage/evaluations.csv`}>{t("csv")}</a>
      </p>
      <h2>{t("eventEvaluation")}</h2>
      <ResultsBlock ctx={ctx} results={props.overall} headingLevel={3} idPrefix="event" />
      <h2>{t("sessionsHeading")}</h2>
      <Table
        caption={t("session")}
        captionHidden
        headers={[t("session"), t("responses"), t("meanOverall"), t("sessionResultsLink")]}
        rows={props.sessions.map(({ session, results }) => [
          session.title,
          String(results.responses),
          results.shown ? String(results.overall) : "—",
          <a href={`${base}/results/${session.id}`}>
            {t("sessionResultsLink")}
            <span class="usa-sr-only">: {session.title}</span>
          </a>,
        ])}
      />
    </Layout>
  );
}

export function ManageCertificatesPage(props: {
  ctx: PageContext;
  event: EventRow;
  certificates: Certificate[];
  credits: { creditLabel: string; certificates: number; hours: string }[];
  lastRun: { requestedAt: Date; finishedAt: Date | null; issuedCount: number } | null;
  /** A refused reissue or revocation: the reason's message, at the top. */
  state?: FormState;
}) {
  const { ctx, event } = props;
  const t = tOf(ctx);
  const base = `/events/${event.slug}/manage/certificates`;
  return (
    <Layout ctx={ctx} title={t("manageCertificatesTitle")} breadcrumbs={eventCrumbs(event, ctx)}>
      <h1>{t("manageCertificatesTitle")}</h1>
      {props.state ? <ErrorSummary state={props.state} /> : null}
      <p>{t("issueIntro")}</p>
      {props.lastRun ? (
        <p>
          {props.lastRun.finishedAt
            ? t("lastRun", {
                date: props.lastRun.finishedAt.toISOString().slice(0, 16).replace("T", " "),
                count: props.lastRun.issuedCount,
              })
            : t("runPending")}
        </p>
      ) : null}
      <ActionButton action={`${base}/issue`} csrfToken={ctx.csrfToken} label={t("issueButton")} />
      <h2>{t("creditsIssued")}</h2>
      <Table
        caption={t("creditsIssued")}
        captionHidden
        headers={[t("creditType"), t("certificates"), t("hours")]}
        rows={props.credits.map((c) => [c.creditLabel, String(c.certificates), c.hours])}
      />
      <h2>{t("certificates")}</h2>
      {props.certificates.length === 0 ? (
        <p>{t("noCertificates")}</p>
      ) : (
        props.certificates.map((c) => (
          <div class="border-top border-base-lighter padding-y-2">
            <h3 class="margin-y-1">
              {c.attendeeName} — {c.code}
            </h3>
            <p class="margin-y-1">
              {c.creditLabel}: {formatHours(Number(c.hours))} · {t("status")}: {statusText(t, c)}
              {c.revokedReason ? ` (${c.revokedReason})` : ""}
            </p>
            {c.status === "valid" ? (
              <div class="grid-row grid-gap">
                {(["reissue", "revoke"] as const).map((verb) => (
                  <div class="tablet:grid-col-6">
                    <Form action={`${base}/${c.id}/${verb}`} csrfToken={ctx.csrfToken} id={`${verb}-${c.id}`}>
                      <div class="usa-form-group">
                        <label class="usa-label" for={`reason-${verb}-${c.id}`}>
                          {t("reason")} ({t(verb)}: {c.attendeeName})
                        </label>
                        <input
                          class="usa-input"
                          id={`reason-${verb}-${c.id}`}
                          name="reason"
                          maxLength={500}
                        />
                      </div>
                      <Button variant={verb === "revoke" ? "secondary" : "outline"}>
                        {t(verb)}
                        <span class="usa-sr-only">: {c.attendeeName}</span>
                      </Button>
                    </Form>
                  </div>
                ))}
              </div>
            ) : null}
          </div>
        ))
      )}
    </Layout>
  );
}

export function MyCertificatesPage(props: {
  ctx: PageContext;
  certificates: (Certificate & { eventSlug: string | null })[];
}) {
  const { ctx } = props;
  const t = tOf(ctx);
  return (
    <Layout ctx={ctx} title={t("myCertificatesTitle")}>
      <h1>{t("myCertificatesTitle")}</h1>
      {props.certificates.length === 0 ? (
        <p>{t("myCertificatesEmpty")}</p>
      ) : (
        <Table
          caption={t("myCertificatesTitle")}
          captionHidden
          stacked
          headers={[t("activity"), t("dates"), t("creditType"), t("hours"), t("status"), t("code")]}
          rows={props.certificates.map((c) => [
            c.eventSlug ? (
              <a href={`/events/${c.eventSlug}/certificate`}>{c.activityTitle}</a>
            ) : (
              c.activityTitle
            ),
            c.startsOn === c.endsOn ? c.startsOn : `${c.startsOn} – ${c.endsOn}`,
            c.creditLabel,
            formatHours(Number(c.hours)),
            statusText(t, c),
            <a href={`/certificates/${c.code}`}>{c.code}</a>,
          ])}
        />
      )}
    </Layout>
  );
}

/** The public verification page: name, activity, dates, hours and status — nothing else. */
export function VerifyPage(props: { ctx: PageContext; certificate: Certificate | null }) {
  const { ctx, certificate } = props;
  const t = tOf(ctx);
  if (!certificate)
    return (
      <Layout ctx={ctx} title={t("verifyTitle")}>
        <h1>{t("verifyTitle")}</h1>
        <Alert kind="error">{t("verifyNotFound")}</Alert>
      </Layout>
    );
  const v = verificationOf(certificate);
  const kind = v.status === "valid" ? "success" : v.status === "reissued" ? "warning" : "error";
  return (
    <Layout ctx={ctx} title={t("verifyTitle")}>
      <h1>{t("verifyTitle")}</h1>
      <p>{t("verifyIntro")}</p>
      <Alert kind={kind} slim>
        {t("status")}: <strong>{statusText(t, certificate)}</strong>
      </Alert>
      <Table
        caption={t("verifyTitle")}
        captionHidden
        stackedOnly
        headers={[t("code"), v.code]}
        rows={[
          [t("attendee"), v.attendeeName],
          [t("activity"), v.activityTitle],
          [t("dates"), v.startsOn === v.endsOn ? v.startsOn : `${v.startsOn} – ${v.endsOn}`],
          [t("creditType"), v.creditLabel],
          [t("hours"), v.hours],
        ]}
      />
    </Layout>
  );
}
