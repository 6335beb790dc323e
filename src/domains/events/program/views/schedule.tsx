import type { FieldErrors, FormValues } from "../../../../platform/http/forms";
import type { Locale } from "../../../../platform/i18n";
import type { PageContext } from "../../../../platform/ui/context";
import {
  ActionButton,
  Alert,
  Button,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  SelectField,
  Table,
  TextArea,
  TextField,
} from "../../../../platform/ui/components";
import { Layout } from "../../../../platform/ui/layout";
import type { ProgramEvent } from "../access";
import { type Conflict, sessionsOfConflict } from "../conflicts";
import { SESSION_LANGUAGES } from "../fields";
import { type ProgramMessage, tr } from "../messages";
import { SESSION_FORMATS, SESSION_MODES } from "../schema";
import type { ProgramSession, RoomRow } from "../service";
import { dayHeading, dayOf, timeRange } from "./format";
import { eventPath, programPath, schedulePath, sessionPath } from "./paths";
import { eventTitle } from "./program";

function crumbs(locale: Locale, event: ProgramEvent, here?: string) {
  const t = tr(locale);
  return [
    { label: t("home"), href: "/" },
    { label: t("events"), href: "/events" },
    { label: eventTitle(locale, event), href: eventPath(event.slug) },
    ...(here
      ? [{ label: t("manageProgram"), href: schedulePath(event.slug) }, { label: here }]
      : [{ label: t("manageProgram") }]),
  ];
}

/** A conflict in words, naming the sessions by title. */
export function conflictText(
  locale: Locale,
  c: Conflict,
  sessions: ProgramSession[],
  rooms: RoomRow[],
): string {
  const t = tr(locale);
  const title = (id: string) => sessions.find((s) => s.id === id)?.title ?? id;
  const [a, b] = sessionsOfConflict(c).map(title);
  switch (c.kind) {
    case "presenterTwice":
      return t("conflict_presenterTwice", { presenter: c.presenter, a: a!, b: b! });
    case "roomTwice":
      return t("conflict_roomTwice", {
        room: rooms.find((r) => r.id === c.roomId)?.name ?? "",
        a: a!,
        b: b!,
      });
    case "overRoomCapacity":
      return t("conflict_overRoomCapacity", { a: a!, capacity: c.capacity, roomCapacity: c.roomCapacity });
    case "outsideEvent":
      return t("conflict_outsideEvent", { a: a! });
  }
}

export function SchedulePage(props: {
  ctx: PageContext;
  event: ProgramEvent;
  sessions: ProgramSession[];
  rooms: RoomRow[];
  conflicts: Conflict[];
  publishedAt: Date | null;
}) {
  const { ctx, event, sessions, rooms, conflicts } = props;
  const t = tr(ctx.locale);
  const title = t("manageProgramOf", { event: eventTitle(ctx.locale, event) });
  const flagged = new Set(conflicts.flatMap(sessionsOfConflict));
  const base = schedulePath(event.slug);
  const roomName = (id: string | null) => rooms.find((r) => r.id === id)?.name ?? "—";
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(ctx.locale, event)}>
      <h1>{title}</h1>
      <p class="usa-intro">{t("programIntro", { zone: event.timeZone })}</p>
      <Alert kind={props.publishedAt ? "success" : "info"} slim>
        {props.publishedAt ? t("publishedOn") : t("notPublished")}
      </Alert>
      <p>
        <ActionButton
          action={`${base}/${props.publishedAt ? "unpublish" : "publish"}`}
          csrfToken={ctx.csrfToken}
          label={props.publishedAt ? t("unpublish") : t("publish")}
          variant={props.publishedAt ? "outline" : undefined}
        />{" "}
        <a href={programPath(event.slug)}>{t("program")}</a>
      </p>
      <h2>{t("conflictsHeading")}</h2>
      {conflicts.length === 0 ? (
        <p>{t("conflictsNone")}</p>
      ) : (
        <Alert kind="warning" headingLevel={3} heading={t("conflictsIntro")}>
          <ul class="usa-list">
            {conflicts.map((c) => (
              <li>{conflictText(ctx.locale, c, sessions, rooms)}</li>
            ))}
          </ul>
        </Alert>
      )}
      <h2>{t("sessionsHeading")}</h2>
      <p>
        <a class="usa-button" href={`${base}/sessions/new`}>
          {t("addSession")}
        </a>
      </p>
      <Table
        caption={t("sessionsHeading")}
        captionHidden
        stacked
        headers={[
          t("fieldTitle"),
          t("time"),
          t("room"),
          t("format"),
          t("capacity"),
          t("attendanceCode"),
          t("actions"),
        ]}
        rows={sessions.map((s) => [
          <>
            <a href={sessionPath(event.slug, s.id)}>{s.title}</a>
            {flagged.has(s.id) ? (
              <span class="usa-tag bg-secondary-dark margin-left-1">{t("flagged")}</span>
            ) : null}
          </>,
          s.startsAt && s.endsAt
            ? `${dayHeading(ctx.locale, dayOf(s.startsAt, event.timeZone))}, ${timeRange(ctx.locale, s.startsAt, s.endsAt, event.timeZone)}`
            : t("unscheduled"),
          s.mode === "online" ? t("online") : roomName(s.roomId),
          t(`format_${s.format}` as ProgramMessage),
          s.capacity ?? "—",
          s.attendanceCode ?? "—",
          <a href={`${base}/sessions/${s.id}`}>
            {t("edit")}
            <span class="usa-sr-only">: {s.title}</span>
          </a>,
        ])}
      />
      <h2>{t("roomsHeading")}</h2>
      <p>
        <a class="usa-button usa-button--outline" href={`${base}/rooms/new`}>
          {t("addRoom")}
        </a>
      </p>
      {rooms.length === 0 ? (
        <p>{t("noRooms")}</p>
      ) : (
        <Table
          caption={t("roomsHeading")}
          captionHidden
          stacked
          headers={[t("roomName"), t("roomCapacity"), t("actions")]}
          rows={rooms.map((r) => [
            r.name,
            r.capacity ?? "—",
            <a href={`${base}/rooms/${r.id}`}>
              {t("edit")}
              <span class="usa-sr-only">: {r.name}</span>
            </a>,
          ])}
        />
      )}
    </Layout>
  );
}

export function RoomFormPage(props: {
  ctx: PageContext;
  event: ProgramEvent;
  room?: RoomRow;
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, event, room } = props;
  const t = tr(ctx.locale);
  const title = room ? t("editRoom") : t("addRoom");
  const base = schedulePath(event.slug);
  const state: FormState = {
    locale: ctx.locale,
    values: props.values,
    errors: props.errors,
    labels: { name: t("roomName"), capacity: t("roomCapacity") },
  };
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(ctx.locale, event, title)}>
      <h1>{title}</h1>
      <ErrorSummary state={state} />
      <Form action={room ? `${base}/rooms/${room.id}` : `${base}/rooms/new`} csrfToken={ctx.csrfToken}>
        <TextField state={state} name="name" label={t("roomName")} required maxLength={120} />
        <TextField
          state={state}
          name="capacity"
          label={t("roomCapacity")}
          inputmode="numeric"
          width="small"
        />
        <Button>{t("save")}</Button>
      </Form>
      {room ? (
        <p class="margin-top-4">
          <ActionButton
            action={`${base}/rooms/${room.id}/delete`}
            csrfToken={ctx.csrfToken}
            label={t("deleteRoom")}
            context={room.name}
            variant="secondary"
          />
        </p>
      ) : null}
    </Layout>
  );
}

export function SessionFormPage(props: {
  ctx: PageContext;
  event: ProgramEvent;
  rooms: RoomRow[];
  session?: ProgramSession;
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, event, session } = props;
  const t = tr(ctx.locale);
  const title = session ? t("editSession") : t("addSession");
  const base = schedulePath(event.slug);
  const labels: Record<string, string> = {
    title: t("fieldTitle"),
    abstract: t("fieldAbstract"),
    learningObjectives: t("fieldObjectives"),
    format: t("fieldFormat"),
    mode: t("fieldMode"),
    language: t("fieldLanguage"),
    trackId: t("fieldTrack"),
    roomId: t("fieldRoom"),
    day: t("fieldDay"),
    startTime: t("fieldStart"),
    endTime: t("fieldEnd"),
    capacity: t("fieldCapacity"),
    countsForCredit: t("fieldCounts"),
    creditHours: t("fieldCreditHours"),
    presenters: t("fieldPresenters"),
  };
  const state: FormState = { locale: ctx.locale, values: props.values, errors: props.errors, labels };
  const L = (name: string) => labels[name]!;
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(ctx.locale, event, title)}>
      <h1>{title}</h1>
      <ErrorSummary state={state} />
      <Form
        action={session ? `${base}/sessions/${session.id}` : `${base}/sessions/new`}
        csrfToken={ctx.csrfToken}
      >
        <TextField state={state} name="title" label={L("title")} required maxLength={300} />
        <TextArea
          state={state}
          name="abstract"
          label={L("abstract")}
          hint={t("fieldAbstractHint")}
          rows={6}
        />
        <TextArea
          state={state}
          name="learningObjectives"
          label={L("learningObjectives")}
          hint={t("fieldObjectivesHint")}
          rows={4}
        />
        <TextArea
          state={state}
          name="presenters"
          label={L("presenters")}
          hint={t("fieldPresentersHint")}
          rows={4}
        />
        <SelectField
          state={state}
          name="format"
          label={L("format")}
          required
          placeholder="-"
          choices={SESSION_FORMATS.map((f) => ({ value: f, label: t(`format_${f}`) }))}
        />
        <RadioGroup
          state={state}
          name="mode"
          label={L("mode")}
          required
          choices={SESSION_MODES.map((m) => ({ value: m, label: t(`mode_${m}`) }))}
        />
        <RadioGroup
          state={state}
          name="language"
          label={L("language")}
          required
          choices={SESSION_LANGUAGES.map((l) => ({ value: l, label: t(`language_${l}`) }))}
        />
        {event.tracks.length > 0 ? (
          <SelectField
            state={state}
            name="trackId"
            label={L("trackId")}
            placeholder={t("none")}
            choices={event.tracks.map((tk) => ({
              value: tk.id,
              label: ctx.locale === "es" && tk.nameEs ? tk.nameEs : tk.nameEn,
            }))}
          />
        ) : null}
        <SelectField
          state={state}
          name="roomId"
          label={L("roomId")}
          placeholder={t("none")}
          choices={props.rooms.map((r) => ({
            value: r.id,
            label: r.capacity ? `${r.name} (${r.capacity})` : r.name,
          }))}
        />
        <TextField
          state={state}
          name="day"
          label={L("day")}
          hint={t("fieldDayHint", { zone: event.timeZone })}
          width="medium"
        />
        <TextField
          state={state}
          name="startTime"
          label={L("startTime")}
          hint={t("fieldTimeHint")}
          width="small"
        />
        <TextField
          state={state}
          name="endTime"
          label={L("endTime")}
          hint={t("fieldTimeHint")}
          width="small"
        />
        <TextField
          state={state}
          name="capacity"
          label={L("capacity")}
          hint={t("fieldCapacityHint")}
          inputmode="numeric"
          width="small"
        />
        <RadioGroup
          state={state}
          name="countsForCredit"
          label={L("countsForCredit")}
          required
          choices={[
            { value: "yes", label: t("yes") },
            { value: "no", label: t("no") },
          ]}
        />
        <TextField
          state={state}
          name="creditHours"
          label={L("creditHours")}
          hint={t("fieldCreditHoursHint")}
          inputmode="decimal"
          width="small"
        />
        <Button>{t("save")}</Button>
      </Form>
      {session ? (
        <p class="margin-top-4">
          <ActionButton
            action={`${base}/sessions/${session.id}/delete`}
            csrfToken={ctx.csrfToken}
            label={t("deleteSession")}
            context={session.title}
            variant="secondary"
          />
        </p>
      ) : null}
    </Layout>
  );
}
