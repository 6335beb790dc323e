import type { Locale } from "../../../../platform/i18n";
import type { PageContext } from "../../../../platform/ui/context";
import { ActionButton, Alert, Button, Form, SelectField } from "../../../../platform/ui/components";
import { Layout } from "../../../../platform/ui/layout";
import { renderMarkdown } from "../../../communities/service";
import type { ProgramEvent } from "../access";
import { creditHoursOf } from "../conflicts";
import type { ProgramFilters } from "../fields";
import { SESSION_LANGUAGES } from "../fields";
import { type ProgramMessage, tr } from "../messages";
import type { ProgramSession, RoomRow } from "../service";
import { SESSION_FORMATS, SESSION_MODES } from "../schema";
import { dayHeading, dayOf, daysBetween, timeRange } from "./format";
import { agendaPath, eventPath, programPath, schedulePath, sessionPath } from "./paths";

/** What the program's pages are drawn from; the same for every viewer with the same agenda. */
export interface ProgramModel {
  event: ProgramEvent;
  sessions: ProgramSession[];
  rooms: RoomRow[];
  published: boolean;
  mayOrganise: boolean;
  /** The viewer's agenda, when they may keep one (signed in, event published). */
  agenda: string[] | null;
}

export const eventTitle = (locale: Locale, event: ProgramEvent) =>
  locale === "es" && event.titleEs ? event.titleEs : event.titleEn;
const trackName = (locale: Locale, track: ProgramEvent["tracks"][number] | undefined) =>
  track ? (locale === "es" && track.nameEs ? track.nameEs : track.nameEn) : null;

function crumbs(locale: Locale, event: ProgramEvent, here?: string) {
  const t = tr(locale);
  return [
    { label: t("home"), href: "/" },
    { label: t("events"), href: "/events" },
    { label: eventTitle(locale, event), href: eventPath(event.slug) },
    ...(here
      ? [{ label: t("program"), href: programPath(event.slug) }, { label: here }]
      : [{ label: t("program") }]),
  ];
}

/** The sessions the filters let through. */
export function filterSessions(model: ProgramModel, filters: ProgramFilters): ProgramSession[] {
  const zone = model.event.timeZone;
  return model.sessions.filter(
    (s) =>
      (!filters.day || (s.startsAt && dayOf(s.startsAt, zone) === filters.day)) &&
      (!filters.track || s.trackId === filters.track) &&
      (!filters.format || s.format === filters.format) &&
      (!filters.mode || s.mode === filters.mode) &&
      (!filters.language || s.language === filters.language),
  );
}

function SessionFacts(props: { locale: Locale; model: ProgramModel; session: ProgramSession }) {
  const { locale, model, session } = props;
  const t = tr(locale);
  const room = model.rooms.find((r) => r.id === session.roomId);
  const track = trackName(
    locale,
    model.event.tracks.find((tr) => tr.id === session.trackId),
  );
  const facts = [
    t(`format_${session.format}` as ProgramMessage),
    session.mode === "online" ? t("online") : (room?.name ?? t("inPerson")),
    track,
    t(`language_${session.language === "es" ? "es" : "en"}`),
  ].filter(Boolean);
  return <p class="margin-y-05 text-base-dark">{facts.join(" · ")}</p>;
}

function AgendaToggle(props: { ctx: PageContext; model: ProgramModel; session: ProgramSession }) {
  const { ctx, model, session } = props;
  if (!model.agenda || !model.published) return null;
  const t = tr(ctx.locale);
  const inAgenda = model.agenda.includes(session.id);
  const base = `${agendaPath(model.event.slug)}/sessions/${session.id}`;
  return inAgenda ? (
    <ActionButton
      action={`${base}/remove`}
      csrfToken={ctx.csrfToken}
      label={t("removeFromAgenda")}
      context={session.title}
      variant="outline"
    />
  ) : (
    <ActionButton
      action={`${base}/add`}
      csrfToken={ctx.csrfToken}
      label={t("addToAgenda")}
      context={session.title}
      variant="outline"
    />
  );
}

function SessionItem(props: { ctx: PageContext; model: ProgramModel; session: ProgramSession }) {
  const { ctx, model, session } = props;
  const t = tr(ctx.locale);
  const zone = model.event.timeZone;
  return (
    <li class="border-top border-base-lighter padding-y-2">
      <p class="margin-0 text-bold">
        {session.startsAt && session.endsAt
          ? timeRange(ctx.locale, session.startsAt, session.endsAt, zone)
          : t("unscheduled")}
      </p>
      <h3 class="margin-y-05">
        <a href={sessionPath(model.event.slug, session.id)}>{session.title}</a>
      </h3>
      <SessionFacts locale={ctx.locale} model={model} session={session} />
      {session.presenters.length > 0 ? (
        <p class="margin-y-05">
          {session.presenters
            .map((p) => (p.organisation ? `${p.name} (${p.organisation})` : p.name))
            .join("; ")}
        </p>
      ) : null}
      {model.agenda?.includes(session.id) ? <p class="margin-y-05 text-italic">{t("inAgenda")}</p> : null}
      <AgendaToggle ctx={ctx} model={model} session={session} />
    </li>
  );
}

/** Sessions grouped by day in the event's zone; unscheduled ones last. */
function byDay(sessions: ProgramSession[], zone: string): [string | null, ProgramSession[]][] {
  const groups = new Map<string | null, ProgramSession[]>();
  for (const s of sessions) {
    const key = s.startsAt ? dayOf(s.startsAt, zone) : null;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.entries()];
}

function FilterForm(props: {
  ctx: PageContext;
  model: ProgramModel;
  filters: ProgramFilters;
  invalid?: boolean;
}) {
  const { ctx, model } = props;
  const t = tr(ctx.locale);
  const state = { locale: ctx.locale, values: props.filters as Record<string, string> };
  const any = t("filterAny");
  return (
    <Form action={programPath(model.event.slug)} method="get" class="maxw-full">
      <h2>{t("filtersHeading")}</h2>
      {props.invalid ? <Alert kind="error">{t("noSessions")}</Alert> : null}
      <div class="grid-row grid-gap">
        <div class="tablet:grid-col-4">
          <SelectField
            state={state}
            name="day"
            label={t("filterDay")}
            placeholder={any}
            choices={daysBetween(model.event.startsOn, model.event.endsOn).map((d) => ({
              value: d,
              label: dayHeading(ctx.locale, d),
            }))}
          />
        </div>
        {model.event.tracks.length > 0 ? (
          <div class="tablet:grid-col-4">
            <SelectField
              state={state}
              name="track"
              label={t("filterTrack")}
              placeholder={any}
              choices={model.event.tracks.map((tk) => ({ value: tk.id, label: trackName(ctx.locale, tk)! }))}
            />
          </div>
        ) : null}
        <div class="tablet:grid-col-4">
          <SelectField
            state={state}
            name="format"
            label={t("filterFormat")}
            placeholder={any}
            choices={SESSION_FORMATS.map((f) => ({ value: f, label: t(`format_${f}`) }))}
          />
        </div>
        <div class="tablet:grid-col-4">
          <SelectField
            state={state}
            name="mode"
            label={t("filterMode")}
            placeholder={any}
            choices={SESSION_MODES.map((m) => ({ value: m, label: t(`mode_${m}`) }))}
          />
        </div>
        <div class="tablet:grid-col-4">
          <SelectField
            state={state}
            name="language"
            label={t("filterLanguage")}
            placeholder={any}
            choices={SESSION_LANGUAGES.map((l) => ({ value: l, label: t(`language_${l}`) }))}
          />
        </div>
      </div>
      <Button>{t("applyFilters")}</Button> <a href={programPath(model.event.slug)}>{t("clearFilters")}</a>
    </Form>
  );
}

export function ProgramPage(props: {
  ctx: PageContext;
  model: ProgramModel;
  filters: ProgramFilters;
  invalid?: boolean;
}) {
  const { ctx, model } = props;
  const t = tr(ctx.locale);
  const title = t("programOf", { event: eventTitle(ctx.locale, model.event) });
  const shown = filterSessions(model, props.filters);
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(ctx.locale, model.event)}>
      <h1>{title}</h1>
      <p class="usa-intro">{t("programIntro", { zone: model.event.timeZone })}</p>
      {!model.published ? <Alert kind="info">{t("programNotPublished")}</Alert> : null}
      <ul class="usa-list usa-list--unstyled">
        {model.agenda ? (
          <li>
            <a href={agendaPath(model.event.slug)}>{t("myAgenda")}</a>
          </li>
        ) : null}
        {model.mayOrganise ? (
          <li>
            <a href={schedulePath(model.event.slug)}>{t("manageProgram")}</a>
          </li>
        ) : null}
      </ul>
      <FilterForm ctx={ctx} model={model} filters={props.filters} invalid={props.invalid} />
      <p class="margin-top-3" role="status">
        {shown.length === 1 ? t("sessionsCountOne") : t("sessionsCount", { count: shown.length })}
      </p>
      {shown.length === 0 ? <p>{t("noSessions")}</p> : null}
      {byDay(shown, model.event.timeZone).map(([day, sessions]) => (
        <section>
          <h2>{day ? dayHeading(ctx.locale, day) : t("unscheduled")}</h2>
          <ul class="usa-list usa-list--unstyled">
            {sessions.map((s) => (
              <SessionItem ctx={ctx} model={model} session={s} />
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

export function SessionPage(props: {
  ctx: PageContext;
  model: ProgramModel;
  session: ProgramSession;
  showCode: boolean;
}) {
  const { ctx, model, session } = props;
  const t = tr(ctx.locale);
  const zone = model.event.timeZone;
  const hours = creditHoursOf(session);
  const objectives = session.learningObjectives
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const room = model.rooms.find((r) => r.id === session.roomId);
  return (
    <Layout ctx={ctx} title={session.title} breadcrumbs={crumbs(ctx.locale, model.event, session.title)}>
      <h1>{session.title}</h1>
      {!model.published ? <Alert kind="info">{t("programNotPublished")}</Alert> : null}
      <p class="usa-intro">
        {session.startsAt && session.endsAt
          ? `${dayHeading(ctx.locale, dayOf(session.startsAt, zone))}, ${timeRange(ctx.locale, session.startsAt, session.endsAt, zone)}`
          : t("unscheduled")}
      </p>
      <SessionFacts locale={ctx.locale} model={model} session={session} />
      <dl>
        <dt class="text-bold">{t("room")}</dt>
        <dd class="margin-left-0 margin-bottom-1">
          {session.mode === "online" ? t("online") : (room?.name ?? "—")}
        </dd>
        {session.capacity ? (
          <>
            <dt class="text-bold">{t("capacity")}</dt>
            <dd class="margin-left-0 margin-bottom-1">{session.capacity}</dd>
          </>
        ) : null}
        <dt class="text-bold">{t("ceHours")}</dt>
        <dd class="margin-left-0 margin-bottom-1">
          {hours > 0 ? t("ceHoursValue", { hours }) : t("ceNone")}
        </dd>
      </dl>
      {props.showCode && session.attendanceCode ? (
        <Alert kind="info" heading={t("attendanceCode")}>
          <p>
            <strong class="font-mono-lg">{session.attendanceCode}</strong>
          </p>
          <p>{t("attendanceCodeHint")}</p>
        </Alert>
      ) : null}
      {session.presenters.length > 0 ? (
        <>
          <h2>{t("presenters")}</h2>
          <ul class="usa-list">
            {session.presenters.map((p) => (
              <li>{p.organisation ? `${p.name}, ${p.organisation}` : p.name}</li>
            ))}
          </ul>
        </>
      ) : null}
      {session.abstract ? (
        <>
          <h2>{t("abstract")}</h2>
          <div dangerouslySetInnerHTML={{ __html: renderMarkdown(session.abstract) }} />
        </>
      ) : null}
      {objectives.length > 0 ? (
        <>
          <h2>{t("objectives")}</h2>
          <ol class="usa-list">
            {objectives.map((o) => (
              <li>{o}</li>
            ))}
          </ol>
        </>
      ) : null}
      {session.startsAt ? (
        <p>
          <a href={`${sessionPath(model.event.slug, session.id)}/calendar.ics`}>{t("downloadIcs")}</a>
        </p>
      ) : null}
      {model.agenda?.includes(session.id) ? <p class="text-italic">{t("inAgenda")}</p> : null}
      <AgendaToggle ctx={ctx} model={model} session={session} />
      <p>
        <a href={programPath(model.event.slug)}>{t("backToProgram")}</a>
      </p>
    </Layout>
  );
}

export function AgendaPage(props: {
  ctx: PageContext;
  model: ProgramModel;
  hasFeed: boolean;
  newFeedUrl?: string;
}) {
  const { ctx, model } = props;
  const t = tr(ctx.locale);
  const title = t("myAgendaOf", { event: eventTitle(ctx.locale, model.event) });
  const mine = model.sessions.filter((s) => model.agenda?.includes(s.id));
  const base = agendaPath(model.event.slug);
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("events"), href: "/events" },
        { label: eventTitle(ctx.locale, model.event), href: eventPath(model.event.slug) },
        { label: t("myAgenda") },
      ]}
    >
      <h1>{title}</h1>
      <p class="usa-intro">{t("agendaIntro")}</p>
      <p>
        <a href={programPath(model.event.slug)}>{t("program")}</a>
      </p>
      {mine.length === 0 ? <p>{t("agendaEmpty")}</p> : null}
      {byDay(mine, model.event.timeZone).map(([day, sessions]) => (
        <section>
          <h2>{day ? dayHeading(ctx.locale, day) : t("unscheduled")}</h2>
          <ul class="usa-list usa-list--unstyled">
            {sessions.map((s) => (
              <SessionItem ctx={ctx} model={model} session={s} />
            ))}
          </ul>
        </section>
      ))}
      <h2>{t("feedHeading")}</h2>
      <p>{t("feedIntro")}</p>
      {props.newFeedUrl ? (
        <Alert kind="success" headingLevel={3} heading={t("feedCreated")}>
          <p>
            <code class="smh-pre-wrap">{props.newFeedUrl}</code>
          </p>
        </Alert>
      ) : (
        <p>{props.hasFeed ? t("feedActive") : t("feedNone")}</p>
      )}
      <ActionButton
        action={`${base}/feed`}
        csrfToken={ctx.csrfToken}
        label={props.hasFeed ? t("feedReplace") : t("feedCreate")}
      />{" "}
      {props.hasFeed ? (
        <ActionButton
          action={`${base}/feed/revoke`}
          csrfToken={ctx.csrfToken}
          label={t("feedRevoke")}
          variant="outline"
        />
      ) : null}
    </Layout>
  );
}
