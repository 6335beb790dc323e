import { STAKEHOLDER_ROLES } from "../../../platform/auth/schema";
import { type Locale, translator } from "../../../platform/i18n";
import {
  ActionButton,
  Alert,
  Button,
  CheckboxGroup,
  ErrorSummary,
  Form,
  type FormState,
  Pagination,
  RadioGroup,
  SelectField,
  Table,
  TextField,
} from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { manageCatalog } from "./manage-messages";
import { registrationCatalog } from "./messages";
import {
  type CorrectionCandidate,
  displayCode,
  type QuestionRow,
  type RegistrationCounts,
  type RegistrationEvent,
  type RegistrationFilters,
  type RegistrationListItem,
  REGISTRATIONS_PAGE_SIZE,
  type SessionForAttendance,
  type TicketTypeRow,
} from "./service";
import { eventTime, questionLabel, ticketName, titleIn } from "./views";

// The organisers' pages. Registrations and answers show here and to each person only.

const tFor = (locale: Locale) => translator(manageCatalog, locale);
const statusLabel = (locale: Locale, s: string) =>
  translator(registrationCatalog, locale)(`status_${s}` as "status_registered");

function ManageLayout(props: {
  ctx: PageContext;
  event: RegistrationEvent;
  title: string;
  children: unknown;
}) {
  const { ctx, event } = props;
  return (
    <Layout
      ctx={ctx}
      title={props.title}
      breadcrumbs={[
        { label: translator(registrationCatalog, ctx.locale)("events"), href: "/events" },
        { label: titleIn(event, ctx.locale), href: `/events/${event.slug}` },
        { label: tFor(ctx.locale)("manage") },
      ]}
    >
      <h1>{props.title}</h1>
      {props.children as never}
    </Layout>
  );
}

function answersText(r: RegistrationListItem, questions: QuestionRow[], locale: Locale): string {
  const rt = translator(registrationCatalog, locale);
  const parts: string[] = [];
  if (r.answers.accessibility) parts.push(`${rt("accessibility")}: ${r.answers.accessibility}`);
  if (r.answers.dietary) parts.push(`${rt("dietary")}: ${r.answers.dietary}`);
  for (const q of questions)
    if (r.answers[q.id]) parts.push(`${questionLabel(q, locale)}: ${r.answers[q.id]}`);
  return parts.join("; ");
}

export function RegistrationsPage(props: {
  ctx: PageContext;
  event: RegistrationEvent;
  counts: RegistrationCounts;
  tickets: TicketTypeRow[];
  questions: QuestionRow[];
  filters: RegistrationFilters;
  items: RegistrationListItem[];
  total: number;
  page: number;
}) {
  const { ctx, event, filters } = props;
  const t = tFor(ctx.locale);
  const base = `/events/${event.slug}/manage/registrations`;
  const query = new URLSearchParams(
    Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
  ).toString();
  const state: FormState = { locale: ctx.locale, values: { ...filters } as Record<string, string> };
  const tickets = new Map(props.tickets.map((x) => [x.id, x]));
  return (
    <ManageLayout
      ctx={ctx}
      event={event}
      title={t("registrationsTitle", { title: titleIn(event, ctx.locale) })}
    >
      <p>{t("privacyNote")}</p>
      <Table
        caption={t("countsCaption")}
        headers={[t("status"), "#"]}
        rows={[
          ...(["registered", "waitlisted", "cancelled"] as const).map((s) => [
            statusLabel(ctx.locale, s),
            props.counts.byStatus[s],
          ]),
          [t("checkedIn"), props.counts.checkedIn],
        ]}
      />
      <Form action={base} method="get">
        <fieldset class="usa-fieldset">
          <legend class="usa-legend">{t("filters")}</legend>
          <SelectField
            state={state}
            name="status"
            label={t("status")}
            placeholder={t("anyStatus")}
            choices={(["registered", "waitlisted", "cancelled"] as const).map((s) => ({
              value: s,
              label: statusLabel(ctx.locale, s),
            }))}
          />
          <SelectField
            state={state}
            name="ticketTypeId"
            label={t("ticketTypeId")}
            placeholder={t("anyTicket")}
            choices={props.tickets.map((x) => ({ value: x.id, label: ticketName(x, ctx.locale) }))}
          />
          <TextField state={state} name="q" label={t("q")} type="search" />
          <Button>{t("filter")}</Button>
        </fieldset>
      </Form>
      <p>
        <a href={`${base}.csv${query ? `?${query}` : ""}`}>{t("csv")}</a>
      </p>
      {props.items.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <Table
          caption={t("tableCaption", { total: props.total })}
          stacked
          headers={[t("name"), t("email"), t("ticket"), t("status"), t("answers"), t("actions")]}
          rows={props.items.map((r) => [
            r.name,
            r.email,
            r.ticketTypeId && tickets.get(r.ticketTypeId)
              ? ticketName(tickets.get(r.ticketTypeId)!, ctx.locale)
              : "",
            `${statusLabel(ctx.locale, r.status)}${r.checkedInAt ? ` · ${t("checkedIn")}` : ""}`,
            answersText(r, props.questions, ctx.locale),
            <>
              {r.status === "waitlisted" ? (
                <ActionButton
                  action={`${base}/${r.id}/promote`}
                  csrfToken={ctx.csrfToken}
                  label={t("promote")}
                  context={r.name}
                  variant="outline"
                />
              ) : null}
              {r.status !== "cancelled" ? (
                <ActionButton
                  action={`${base}/${r.id}/cancel`}
                  csrfToken={ctx.csrfToken}
                  label={t("cancel")}
                  context={r.name}
                  variant="secondary"
                />
              ) : null}
            </>,
          ])}
        />
      )}
      <Pagination
        locale={ctx.locale}
        page={props.page}
        pages={Math.ceil(props.total / REGISTRATIONS_PAGE_SIZE)}
        hrefFor={(p) =>
          `${base}?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(query)), page: String(p) })}`
        }
      />
    </ManageLayout>
  );
}

export function TicketsPage(props: {
  ctx: PageContext;
  event: RegistrationEvent;
  tickets: TicketTypeRow[];
  questions: QuestionRow[];
  ticketState: FormState;
  questionState: FormState;
}) {
  const { ctx, event } = props;
  const t = tFor(ctx.locale);
  const base = `/events/${event.slug}/manage/tickets`;
  const roleLabel = (r: string) => r.replace(/_/g, " ");
  return (
    <ManageLayout ctx={ctx} event={event} title={t("ticketsTitle", { title: titleIn(event, ctx.locale) })}>
      <ErrorSummary state={props.ticketState.errors ? props.ticketState : props.questionState} />
      {props.tickets.length > 0 ? (
        <Table
          caption={t("ticketsCaption")}
          headers={[t("name"), t("mode"), t("price"), t("capacity"), t("offeredTo"), t("actions")]}
          rows={props.tickets.map((x) => [
            ticketName(x, ctx.locale),
            t(`mode_${x.mode}`),
            x.priceCents === 0 ? t("free") : `$${(x.priceCents / 100).toFixed(2)}`,
            x.capacity ?? t("shared"),
            x.stakeholderRoles.length === 0 ? t("everyone") : x.stakeholderRoles.map(roleLabel).join(", "),
            <ActionButton
              action={`${base}/${x.id}/remove`}
              csrfToken={ctx.csrfToken}
              label={t("remove")}
              context={ticketName(x, ctx.locale)}
              variant="secondary"
            />,
          ])}
        />
      ) : (
        <Form action={`${base}/defaults`} csrfToken={ctx.csrfToken}>
          <Button>{t("defaultTickets")}</Button>
        </Form>
      )}
      <h2>{t("addTicket")}</h2>
      <Form action={base} csrfToken={ctx.csrfToken}>
        <TextField state={props.ticketState} name="nameEn" label={t("nameEn")} required />
        <TextField state={props.ticketState} name="nameEs" label={t("nameEs")} />
        <RadioGroup
          state={props.ticketState}
          name="mode"
          label={t("mode")}
          required
          choices={[
            { value: "in_person", label: t("mode_in_person") },
            { value: "online", label: t("mode_online") },
          ]}
        />
        <TextField
          state={props.ticketState}
          name="priceDollars"
          label={t("priceDollars")}
          hint={t("priceHint")}
          inputmode="numeric"
          required
          width="small"
        />
        <TextField
          state={props.ticketState}
          name="capacity"
          label={t("capacity")}
          hint={t("capacityHint")}
          inputmode="numeric"
          width="small"
        />
        <CheckboxGroup
          state={props.ticketState}
          name="stakeholderRoles"
          label={t("stakeholderRoles")}
          hint={t("stakeholderRolesHint")}
          choices={STAKEHOLDER_ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
        />
        <Button>{t("addTicketButton")}</Button>
      </Form>
      <h2>{t("questionsTitle")}</h2>
      <p>{t("questionsIntro")}</p>
      {props.questions.length > 0 ? (
        <ul class="usa-list">
          {props.questions.map((q) => (
            <li>{questionLabel(q, ctx.locale)}</li>
          ))}
        </ul>
      ) : null}
      <Form action={`/events/${event.slug}/manage/questions`} csrfToken={ctx.csrfToken}>
        <TextField state={props.questionState} name="labelEn" label={t("labelEn")} required />
        <TextField state={props.questionState} name="labelEs" label={t("labelEs")} />
        <Button>{t("addQuestionButton")}</Button>
      </Form>
    </ManageLayout>
  );
}

export interface CheckInOutcome {
  kind: "checked_in" | "recorded" | "already" | "not_registered" | "unknown_code";
  name?: string;
  ticket?: string;
  accessibility?: string;
  status?: string;
  at?: Date;
}

export function CheckInPage(props: {
  ctx: PageContext;
  event: RegistrationEvent;
  sessions: SessionForAttendance[];
  sessionId?: string;
  state: FormState;
  outcome?: CheckInOutcome;
}) {
  const { ctx, event, outcome } = props;
  const t = tFor(ctx.locale);
  const action = `/events/${event.slug}/manage/check-in`;
  const values = { ...props.state.values, sessionId: props.sessionId ?? "" };
  const session = props.sessions.find((s) => s.id === props.sessionId);
  return (
    <ManageLayout ctx={ctx} event={event} title={t("checkInTitle", { title: titleIn(event, ctx.locale) })}>
      <p>{t("checkInIntro")}</p>
      {outcome ? (
        <CheckInResult locale={ctx.locale} event={event} outcome={outcome} inSession={!!session} />
      ) : null}
      <Form action={action} method="get">
        <SelectField
          state={{ locale: ctx.locale, values }}
          name="sessionId"
          label={t("checkInAt")}
          placeholder={t("door")}
          choices={props.sessions.map((s) => ({ value: s.id, label: s.title }))}
        />
        <Button variant="outline">{t("show")}</Button>
      </Form>
      <ErrorSummary state={props.state} />
      <Form action={action} csrfToken={ctx.csrfToken} id="check-in-form">
        {session ? <input type="hidden" name="sessionId" value={session.id} /> : null}
        <TextField
          state={{ ...props.state, values: outcome ? {} : props.state.values }}
          name="code"
          label={t("code")}
          required
          autocomplete="off"
          width="medium"
        />
        <Button>{t("checkInButton")}</Button>
      </Form>
      {/* The camera scan, where the browser has BarcodeDetector (app.js shows the button). */}
      <div class="smh-qr-scan" data-qr-scan="check-in-form" hidden>
        <p class="usa-hint">{t("scanHelp")}</p>
        <button type="button" class="usa-button usa-button--outline" data-scan-start>
          {t("scanButton")}
        </button>
        <button type="button" class="usa-button usa-button--unstyled" data-scan-stop hidden>
          {t("scanStop")}
        </button>
        <video class="smh-qr-video" data-scan-video muted playsInline hidden />
      </div>
    </ManageLayout>
  );
}

function CheckInResult(props: {
  locale: Locale;
  event: RegistrationEvent;
  outcome: CheckInOutcome;
  inSession: boolean;
}) {
  const t = tFor(props.locale);
  const o = props.outcome;
  const name = o.name ?? "";
  const kind =
    o.kind === "checked_in" || o.kind === "recorded" ? "success" : o.kind === "already" ? "info" : "error";
  const text =
    o.kind === "already"
      ? props.inSession
        ? t("result_already_session", { name })
        : t("result_already", { name, time: o.at ? eventTime(props.locale, o.at, props.event.timeZone) : "" })
      : o.kind === "not_registered"
        ? t("result_not_registered", { name, status: statusLabel(props.locale, o.status ?? "") })
        : t(`result_${o.kind}`, { name });
  return (
    <Alert kind={kind} heading={text}>
      {o.ticket ? <p>{o.ticket}</p> : null}
      {o.accessibility ? (
        <p class="text-bold">{t("accessibilityNeeds", { needs: o.accessibility })}</p>
      ) : null}
    </Alert>
  );
}

/** The correction section: a search for the person (at most 50 listed), then the form for the one chosen. */
export interface CorrectionView {
  q: string;
  matches: CorrectionCandidate[];
  more: boolean;
  /** The person whose attendance is being corrected, once chosen from the matches. */
  chosen: CorrectionCandidate | null;
}

export function AttendancePage(props: {
  ctx: PageContext;
  event: RegistrationEvent;
  sessions: SessionForAttendance[];
  perSession: Map<string, { total: number; room: number; code: number; corrected: number }>;
  session?: SessionForAttendance;
  attendees: { registrationId: string; name: string; source: string; recordedAt: Date }[];
  correction: CorrectionView;
  state: FormState;
}) {
  const { ctx, event, session } = props;
  const t = tFor(ctx.locale);
  const rt = translator(registrationCatalog, ctx.locale);
  const base = `/events/${event.slug}/manage/attendance`;
  if (props.sessions.length === 0 && !props.state.errors)
    return (
      <ManageLayout
        ctx={ctx}
        event={event}
        title={t("attendanceTitle", { title: titleIn(event, ctx.locale) })}
      >
        <p>{t("noSessions")}</p>
      </ManageLayout>
    );
  return (
    <ManageLayout ctx={ctx} event={event} title={t("attendanceTitle", { title: titleIn(event, ctx.locale) })}>
      <Table
        caption={t("sessionsCaption")}
        headers={[t("session"), t("startsAt"), t("attended"), t("byRoom"), t("byCode"), t("corrected")]}
        rows={props.sessions.map((s) => {
          const n = props.perSession.get(s.id);
          return [
            <a href={`${base}?sessionId=${s.id}`}>{s.title}</a>,
            s.startsAt ? eventTime(ctx.locale, s.startsAt, event.timeZone) : "",
            n?.total ?? 0,
            n?.room ?? 0,
            n?.code ?? 0,
            n?.corrected ?? 0,
          ];
        })}
      />
      {session ? (
        <Table
          caption={t("attendeesCaption", { session: session.title })}
          headers={[t("name"), t("source"), t("recordedAt")]}
          rows={props.attendees.map((a) => [
            a.name,
            rt(`source_${a.source}` as "source_correction"),
            eventTime(ctx.locale, a.recordedAt, event.timeZone),
          ])}
        />
      ) : null}
      {session || props.state.errors ? (
        <section aria-labelledby="correction">
          <h2 id="correction">{t("correctionTitle")}</h2>
          <p>{t("correctionIntro")}</p>
          <ErrorSummary state={props.state} />
          {props.correction.chosen ? (
            <CorrectionForm {...props} chosen={props.correction.chosen} base={base} />
          ) : (
            <PersonSearch {...props} base={base} />
          )}
        </section>
      ) : null}
    </ManageLayout>
  );
}

type AttendanceProps = Parameters<typeof AttendancePage>[0] & { base: string };

/** A GET search, so the page never lists every registrant: at most 50 people, each with a link to correct. */
function PersonSearch(props: AttendanceProps) {
  const { ctx, session, correction, base } = props;
  const t = tFor(ctx.locale);
  const here = new Set(props.attendees.map((a) => a.registrationId));
  const linkTo = (id: string) =>
    `${base}?${new URLSearchParams({
      ...(session ? { sessionId: session.id } : {}),
      ...(correction.q ? { q: correction.q } : {}),
      registrationId: id,
    })}#correction`;
  return (
    <>
      <Form action={base} method="get">
        <fieldset class="usa-fieldset">
          <legend class="usa-legend">{t("findPerson")}</legend>
          {session ? <input type="hidden" name="sessionId" value={session.id} /> : null}
          <TextField
            state={{ locale: ctx.locale, values: { q: correction.q } }}
            name="q"
            label={t("findLabel")}
            type="search"
            maxLength={100}
          />
          <Button variant="outline">{t("findButton")}</Button>
        </fieldset>
      </Form>
      {props.state.errors?.registrationId ? (
        // The chosen person no longer has a place (or never had one here): the summary links here.
        <p class="usa-error-message" id="field-registrationId" tabIndex={-1}>
          {t("noLongerRegistered")}
        </p>
      ) : null}
      {correction.matches.length === 0 ? (
        <p>{t("noMatches")}</p>
      ) : (
        <Table
          caption={t("matchesCaption")}
          headers={[t("name"), t("email"), t("code"), t("hereNow"), t("actions")]}
          rows={correction.matches.map((m) => [
            m.name,
            m.email,
            displayCode(m.checkInCode),
            here.has(m.id) ? t("yes") : t("no"),
            <a href={linkTo(m.id)} aria-label={t("correctLinkFor", { name: m.name })}>
              {t("correctLink")}
            </a>,
          ])}
        />
      )}
      {correction.more ? <p>{t("matchesMore", { shown: correction.matches.length })}</p> : null}
    </>
  );
}

/** The correction of one chosen person: session, add or remove, and the reason the audit trail keeps. */
function CorrectionForm(props: AttendanceProps & { chosen: CorrectionCandidate }) {
  const { ctx, session, chosen, base } = props;
  const t = tFor(ctx.locale);
  const recorded = props.attendees.some((a) => a.registrationId === chosen.id);
  const values = {
    present: recorded ? "no" : "yes",
    ...props.state.values,
    sessionId: session?.id ?? "",
  };
  const back = `${base}?${new URLSearchParams({
    ...(session ? { sessionId: session.id } : {}),
    ...(props.correction.q ? { q: props.correction.q } : {}),
  })}#correction`;
  return (
    <>
      <h3>{t("correctionFor", { name: chosen.name })}</h3>
      <p>
        {chosen.email} · {displayCode(chosen.checkInCode)} · {t("hereNow")}: {recorded ? t("yes") : t("no")}
      </p>
      <Form action={base} csrfToken={ctx.csrfToken}>
        <input type="hidden" name="registrationId" value={chosen.id} />
        <SelectField
          state={{ ...props.state, values }}
          name="sessionId"
          label={t("session")}
          required
          choices={props.sessions.map((s) => ({ value: s.id, label: s.title }))}
        />
        <RadioGroup
          state={{ ...props.state, values }}
          name="present"
          label={t("present")}
          required
          choices={[
            { value: "yes", label: t("presentYes") },
            { value: "no", label: t("presentNo") },
          ]}
        />
        <TextField state={props.state} name="reason" label={t("reason")} required maxLength={500} />
        <Button>{t("correctButton")}</Button>
      </Form>
      <p>
        <a href={back}>{t("otherPerson")}</a>
      </p>
    </>
  );
}

export { displayCode };
