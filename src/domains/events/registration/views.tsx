import { type Locale, translator } from "../../../platform/i18n";
import { dateTimeFormat } from "../../../platform/i18n/formats";
import {
  Button,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  SelectField,
  TextField,
} from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { registrationCatalog } from "./messages";
import {
  type AttendanceRow,
  calendarFilePath,
  displayCode,
  type QuestionRow,
  type RegistrationEvent,
  type RegistrationRow,
  SESSION_CODE_GRACE_MINUTES,
  type SessionForAttendance,
  type TicketTypeRow,
} from "./service";

// The attendee's pages: the registration form and "my registration" (status, QR code and short
// code, calendar file, online attendance by session code, cancellation). English and Spanish.

const tFor = (locale: Locale) => translator(registrationCatalog, locale);
export const titleIn = (event: RegistrationEvent, locale: Locale) =>
  locale === "es" && event.titleEs ? event.titleEs : event.titleEn;
export const ticketName = (ticket: Pick<TicketTypeRow, "nameEn" | "nameEs">, locale: Locale) =>
  locale === "es" && ticket.nameEs ? ticket.nameEs : ticket.nameEn;
export const questionLabel = (q: QuestionRow, locale: Locale) =>
  locale === "es" && q.labelEs ? q.labelEs : q.labelEn;

/** A moment in the event's own time zone, written for the reader's language. */
export function eventTime(locale: Locale, at: Date, timeZone: string): string {
  return dateTimeFormat(locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(at);
}

function crumbs(event: RegistrationEvent, locale: Locale) {
  return [
    { label: tFor(locale)("events"), href: "/events" },
    { label: titleIn(event, locale), href: `/events/${event.slug}` },
  ];
}

function ticketChoice(ticket: TicketTypeRow, locale: Locale) {
  const t = tFor(locale);
  const price =
    ticket.priceCents === 0
      ? t("ticketFree")
      : new Intl.NumberFormat(locale === "es" ? "es-US" : "en-US", {
          style: "currency",
          currency: "USD",
        }).format(ticket.priceCents / 100);
  const mode = ticket.mode === "online" ? t("ticketOnline") : t("ticketInPerson");
  return { value: ticket.id, label: `${ticketName(ticket, locale)} — ${mode}, ${price}` };
}

export function RegisterPage(props: {
  ctx: PageContext;
  event: RegistrationEvent;
  tickets: TicketTypeRow[];
  questions: QuestionRow[];
  /** The CE credit types the event offers (credit's list): none, no question. */
  creditTypes: { id: string; label: string; providerName: string }[];
  full: boolean;
  state: FormState;
}) {
  const { ctx, event, state } = props;
  const t = tFor(ctx.locale);
  const title = t("registerTitle", { title: titleIn(event, ctx.locale) });
  const answers = Array.isArray(state.values?.answers) ? state.values.answers : [];
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(event, ctx.locale)}>
      <h1>{title}</h1>
      {props.tickets.length === 0 ? (
        <p>{t("noTickets")}</p>
      ) : (
        <>
          <p class="usa-intro">{t("registerIntro")}</p>
          {props.full ? (
            <div class="usa-alert usa-alert--warning usa-alert--slim">
              <div class="usa-alert__body">
                <p class="usa-alert__text">{t("full")}</p>
              </div>
            </div>
          ) : null}
          <ErrorSummary state={state} />
          <Form action={`/events/${event.slug}/register`} csrfToken={ctx.csrfToken}>
            <RadioGroup
              state={state}
              name="ticketTypeId"
              label={t("ticketTypeId")}
              required
              choices={props.tickets.map((x) => ticketChoice(x, ctx.locale))}
            />
            <TextField
              state={state}
              name="accessibility"
              label={t("accessibility")}
              hint={t("accessibilityHint")}
            />
            <TextField state={state} name="dietary" label={t("dietary")} hint={t("dietaryHint")} />
            {props.questions.map((q, i) => (
              <div class="usa-form-group">
                <label class="usa-label" for={`answer-${i}`}>
                  {questionLabel(q, ctx.locale)}
                </label>
                <div class="usa-hint" id={`answer-${i}-hint`}>
                  {t("questionHint")}
                </div>
                <input
                  class="usa-input"
                  id={`answer-${i}`}
                  name="answers"
                  type="text"
                  maxLength={500}
                  value={answers[i] ?? ""}
                  aria-describedby={`answer-${i}-hint`}
                />
              </div>
            ))}
            {state.errors?.answers && "message" in state.errors.answers ? (
              <p class="usa-error-message" id="field-answers" tabIndex={-1}>
                {state.errors.answers.message}
              </p>
            ) : null}
            <fieldset class="usa-fieldset margin-top-3">
              <legend class="usa-legend usa-legend--large">{t("ceLegend")}</legend>
              <p class="usa-hint">{t("ceHint")}</p>
              <TextField
                state={state}
                name="certificateName"
                label={t("certificateName")}
                autocomplete="name"
              />
              <TextField state={state} name="licenceNumber" label={t("licenceNumber")} />
              {props.creditTypes.length > 0 ? (
                <RadioGroup
                  state={state}
                  name="creditTypeId"
                  label={t("creditTypeId")}
                  hint={t("creditTypeHint")}
                  choices={[
                    ...props.creditTypes.map((c) => ({
                      value: c.id,
                      label: `${c.label} — ${c.providerName}`,
                    })),
                    { value: "", label: t("creditTypeNone") },
                  ]}
                />
              ) : null}
            </fieldset>
            <Button>{t("registerButton")}</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}

export interface MyRegistrationView {
  registration: RegistrationRow | null;
  ticket: TicketTypeRow | null;
  waitlistPosition: number | null;
  qrSvg: string | null;
  attended: (AttendanceRow & { title: string })[];
  onlineSessions: SessionForAttendance[];
  /** The session-code form after a failed post: what was typed and what is wrong. */
  codeState?: FormState;
}

export function MyRegistrationPage(props: {
  ctx: PageContext;
  event: RegistrationEvent;
  view: MyRegistrationView;
}) {
  const { ctx, event, view } = props;
  const t = tFor(ctx.locale);
  const title = t("myTitle", { title: titleIn(event, ctx.locale) });
  const r = view.registration;
  const base = `/events/${event.slug}/registration`;
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(event, ctx.locale)}>
      <h1>{title}</h1>
      {!r || r.status === "cancelled" ? (
        <>
          <p>{r ? t("cancelledNote") : t("notRegistered")}</p>
          <p>
            <a class="usa-button" href={`/events/${event.slug}/register`}>
              {t("registerLink")}
            </a>
          </p>
          {view.codeState ? <SessionCodeForm ctx={ctx} event={event} view={view} base={base} /> : null}
        </>
      ) : (
        <>
          <dl class="smh-registration-summary">
            <dt class="text-bold">{t("status")}</dt>
            <dd class="margin-left-0 margin-bottom-1">{t(`status_${r.status}`)}</dd>
            {view.ticket ? (
              <>
                <dt class="text-bold">{t("ticket")}</dt>
                <dd class="margin-left-0 margin-bottom-1">{ticketName(view.ticket, ctx.locale)}</dd>
              </>
            ) : null}
          </dl>
          {r.status === "waitlisted" ? (
            <p>{t("waitlistedNote", { position: view.waitlistPosition ?? 1 })}</p>
          ) : (
            <section aria-labelledby="code-heading">
              <h2 id="code-heading">{t("checkInCodeTitle")}</h2>
              <p>{t("checkInCodeIntro")}</p>
              {view.qrSvg ? (
                <div
                  class="smh-qr-code"
                  role="img"
                  aria-label={t("qrLabel", { code: displayCode(r.checkInCode) })}
                  dangerouslySetInnerHTML={{ __html: view.qrSvg }}
                />
              ) : null}
              <p class="font-mono-lg text-bold" id="check-in-code">
                {displayCode(r.checkInCode)}
              </p>
              {r.checkedInAt ? (
                <p>{t("checkedInAt", { time: eventTime(ctx.locale, r.checkedInAt, event.timeZone) })}</p>
              ) : null}
            </section>
          )}
          <p>
            <a href={calendarFilePath(event.slug)}>{t("calendarLink")}</a>
          </p>
          {r.status === "registered" ? <Attendance ctx={ctx} view={view} slug={event.slug} /> : null}
          {(r.status === "registered" && view.onlineSessions.length > 0) || view.codeState ? (
            <SessionCodeForm ctx={ctx} event={event} view={view} base={base} />
          ) : null}
          <section aria-labelledby="cancel-heading" class="margin-top-4">
            <h2 id="cancel-heading">{t("cancelTitle")}</h2>
            <p>{t("cancelIntro")}</p>
            <Form action={`${base}/cancel`} csrfToken={ctx.csrfToken}>
              <Button variant="secondary">{t("cancelButton")}</Button>
            </Form>
          </section>
        </>
      )}
    </Layout>
  );
}

function Attendance(props: { ctx: PageContext; view: MyRegistrationView; slug: string }) {
  const { ctx, view } = props;
  const t = tFor(ctx.locale);
  // Attending is the first step to a certificate: the next one (evaluating) is a link away.
  return (
    <section aria-labelledby="attended-heading">
      <h2 id="attended-heading">{t("attendedTitle")}</h2>
      {view.attended.length === 0 ? (
        <p>{t("attendedNone")}</p>
      ) : (
        <ul class="usa-list">
          {view.attended.map((a) => (
            <li>
              {a.title} ({t(`source_${a.source}`)})
            </li>
          ))}
        </ul>
      )}
      {view.attended.length > 0 ? (
        <p>
          <a href={`/events/${props.slug}/certificate`}>{t("attendedNext")}</a>
        </p>
      ) : null}
    </section>
  );
}

/** The online session code form: for registered people, and again (with its messages) after a failed post. */
function SessionCodeForm(props: {
  ctx: PageContext;
  event: RegistrationEvent;
  view: MyRegistrationView;
  base: string;
}) {
  const { ctx, view } = props;
  const t = tFor(ctx.locale);
  const state: FormState = view.codeState ?? { locale: ctx.locale, values: {} };
  return (
    <section aria-labelledby="session-code-heading">
      <h2 id="session-code-heading">{t("sessionCodeTitle")}</h2>
      <p>{t("sessionCodeIntro", { grace: SESSION_CODE_GRACE_MINUTES })}</p>
      <ErrorSummary state={state} />
      <Form action={`${props.base}/attendance`} csrfToken={ctx.csrfToken}>
        <SelectField
          state={state}
          name="sessionId"
          label={t("sessionId")}
          required
          choices={view.onlineSessions.map((s) => ({
            value: s.id,
            label: s.startsAt
              ? `${s.title} — ${eventTime(ctx.locale, s.startsAt, props.event.timeZone)}`
              : s.title,
          }))}
        />
        <TextField
          state={state}
          name="code"
          label={t("sessionCode")}
          required
          autocomplete="off"
          width="medium"
        />
        <Button>{t("sessionCodeButton")}</Button>
      </Form>
    </section>
  );
}
