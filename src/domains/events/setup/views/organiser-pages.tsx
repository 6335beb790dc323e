import type { FieldErrors, FormValues } from "../../../../platform/http/forms";
import {
  ActionButton,
  Button,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { CreditTypeRow, EventWithOrganiser, Organiser, TrackRow } from "../repo";
import { CREDIT_PROFESSIONS, EVENT_KINDS, EVENT_MODES } from "../schema";
import { type EventListItem, US_TIME_ZONES } from "../service";
import { Days, eventHref, eventsCrumbs, labelOf, manageHref, type T, tFor, zoneName } from "./shared";

const FIELDS = [
  "kind",
  "slug",
  "titleEn",
  "titleEs",
  "summaryEn",
  "summaryEs",
  "startsOn",
  "endsOn",
  "timeZone",
  "mode",
  "venue",
  "onlineUrl",
  "capacity",
  "ceActivityTitle",
  "tracks",
  "profession",
  "label",
  "providerName",
  "approvalStatement",
  "retentionYears",
] as const;

function stateOf(
  ctx: PageContext,
  values: FormValues | undefined,
  errors: FieldErrors | undefined,
): FormState {
  const t = tFor(ctx);
  return {
    locale: ctx.locale,
    values,
    errors,
    labels: Object.fromEntries(FIELDS.map((f) => [f, t(`field_${f}`)])),
  };
}

const eventTitle = (ctx: PageContext, e: { titleEn: string; titleEs: string | null }) =>
  ctx.locale === "es" && e.titleEs ? e.titleEs : e.titleEn;

/** Tracks as the form's lines: "English | Español". */
export const trackLines = (tracks: { nameEn: string; nameEs?: string | null }[]) =>
  tracks.map((t) => (t.nameEs ? `${t.nameEn} | ${t.nameEs}` : t.nameEn)).join("\n");

/** An event's fields as the form shows them (for editing). */
export function formValuesOf(event: EventWithOrganiser, tracks: TrackRow[]): FormValues {
  return {
    kind: event.kind,
    titleEn: event.titleEn,
    titleEs: event.titleEs ?? "",
    summaryEn: event.summaryEn,
    summaryEs: event.summaryEs ?? "",
    startsOn: event.startsOn,
    endsOn: event.endsOn,
    timeZone: event.timeZone,
    mode: event.mode,
    venue: event.venue ?? "",
    onlineUrl: event.onlineUrl ?? "",
    capacity: event.capacity ? String(event.capacity) : "",
    ceActivityTitle: event.ceActivityTitle ?? "",
    tracks: trackLines(tracks),
  };
}

export function OrganisePage(props: { ctx: PageContext; organisers: Organiser[]; events: EventListItem[] }) {
  const { ctx } = props;
  const t = tFor(ctx);
  return (
    <Layout
      ctx={ctx}
      title={t("organiseTitle")}
      breadcrumbs={eventsCrumbs(ctx, { label: t("organiseTitle") })}
    >
      <h1>{t("organiseTitle")}</h1>
      {props.organisers.length === 0 ? <p>{t("organiseNone")}</p> : <p>{t("organiseIntro")}</p>}
      <ul class="usa-list">
        {props.organisers.map((o) => (
          <li>
            <a href={`/events/organise/${o.id}/new`}>{t("organiseFor", { name: o.name })}</a>
          </li>
        ))}
      </ul>
      {props.organisers.length > 0 ? (
        <>
          <h2>{t("yourEvents")}</h2>
          {props.events.length === 0 ? <p>{t("yourEventsNone")}</p> : null}
          <ul class="usa-list usa-list--unstyled">
            {props.events.map((e) => (
              <li class="border-top border-base-lighter padding-y-1">
                <a href={manageHref(e.slug)}>{eventTitle(ctx, e)}</a>{" "}
                <span class="usa-tag">{labelOf(t, "status", e.status)}</span>{" "}
                <span class="text-base-dark">
                  <Days locale={ctx.locale} startsOn={e.startsOn} endsOn={e.endsOn} /> · {e.organiserName}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}

export function EventFormPage(props: {
  ctx: PageContext;
  action: string;
  heading: string;
  /** Editing: the address stays and the event's page is linked. */
  event?: EventWithOrganiser;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx } = props;
  const t = tFor(ctx);
  const state = stateOf(ctx, props.values, props.errors);
  const crumbs = props.event
    ? eventsCrumbs(
        ctx,
        { label: eventTitle(ctx, props.event), href: eventHref(props.event.slug) },
        { label: t("manageLink"), href: manageHref(props.event.slug) },
        { label: props.heading },
      )
    : eventsCrumbs(ctx, { label: t("organiseTitle"), href: "/events/organise" }, { label: props.heading });
  const zones = new Set<string>(US_TIME_ZONES);
  const current = state.values?.timeZone;
  if (typeof current === "string" && current) zones.add(current);
  return (
    <Layout ctx={ctx} title={props.heading} breadcrumbs={crumbs}>
      <h1>{props.heading}</h1>
      <ErrorSummary state={state} />
      <Form action={props.action} csrfToken={ctx.csrfToken}>
        <SelectField
          state={state}
          name="kind"
          label={t("field_kind")}
          required
          choices={EVENT_KINDS.map((v) => ({ value: v, label: labelOf(t, "kind", v) }))}
        />
        <TextField state={state} name="titleEn" label={t("field_titleEn")} required maxLength={200} />
        <TextField state={state} name="titleEs" label={t("field_titleEs")} maxLength={200} />
        {props.event ? null : (
          <TextField
            state={state}
            name="slug"
            label={t("field_slug")}
            hint={t("field_slug_hint")}
            maxLength={80}
          />
        )}
        <TextArea state={state} name="summaryEn" label={t("field_summaryEn")} rows={5} maxLength={4000} />
        <TextArea state={state} name="summaryEs" label={t("field_summaryEs")} rows={5} maxLength={4000} />
        <TextField
          state={state}
          name="startsOn"
          type="date"
          label={t("field_startsOn")}
          hint={t("field_day_hint")}
          required
          width="medium"
        />
        <TextField
          state={state}
          name="endsOn"
          type="date"
          label={t("field_endsOn")}
          hint={t("field_day_hint")}
          required
          width="medium"
        />
        <SelectField
          state={state}
          name="timeZone"
          label={t("field_timeZone")}
          hint={t("field_timeZone_hint")}
          required
          choices={[...zones].map((z) => ({ value: z, label: zoneName(ctx.locale, z) }))}
        />
        <RadioGroup
          state={state}
          name="mode"
          label={t("field_mode")}
          required
          choices={EVENT_MODES.map((v) => ({ value: v, label: labelOf(t, "mode", v) }))}
        />
        <TextField
          state={state}
          name="venue"
          label={t("field_venue")}
          hint={t("field_venue_hint")}
          maxLength={300}
        />
        <TextField
          state={state}
          name="onlineUrl"
          type="url"
          label={t("field_onlineUrl")}
          hint={t("field_onlineUrl_hint")}
          maxLength={2000}
        />
        <TextField
          state={state}
          name="capacity"
          label={t("field_capacity")}
          hint={t("field_capacity_hint")}
          inputmode="numeric"
          width="small"
          maxLength={7}
        />
        <TextField
          state={state}
          name="ceActivityTitle"
          label={t("field_ceActivityTitle")}
          hint={t("field_ceActivityTitle_hint")}
          maxLength={300}
        />
        <TextArea
          state={state}
          name="tracks"
          label={t("field_tracks")}
          hint={t("field_tracks_hint")}
          rows={12}
        />
        <Button>{props.event ? t("save") : t("createDraft")}</Button>
      </Form>
    </Layout>
  );
}

/** A capability's organiser page for the overview: its label and address when the route exists. */
export interface ManageLink {
  key: string;
  href: string | null;
}

export function ManagePage(props: { ctx: PageContext; event: EventWithOrganiser; links: ManageLink[] }) {
  const { ctx, event } = props;
  const t = tFor(ctx);
  const heading = t("manageTitle", { title: eventTitle(ctx, event) });
  const base = manageHref(event.slug);
  return (
    <Layout
      ctx={ctx}
      title={heading}
      breadcrumbs={eventsCrumbs(
        ctx,
        { label: eventTitle(ctx, event), href: eventHref(event.slug) },
        { label: t("manageLink") },
      )}
    >
      <h1>{heading}</h1>
      <p class="usa-intro">{t("manageIntro")}</p>
      <h2>{t("manageDetails")}</h2>
      <p>
        {t("manageStatus", { status: labelOf(t, "status", event.status) })} ·{" "}
        <Days locale={ctx.locale} startsOn={event.startsOn} endsOn={event.endsOn} /> ·{" "}
        {t("organisedBy", { name: event.organiser.name })}
      </p>
      <ul class="usa-list">
        <li>
          <a href={eventHref(event.slug)}>{t("manageView")}</a>
        </li>
        <li>
          <a href={`${base}/edit`}>{t("manageEdit")}</a>
        </li>
        <li>
          <a href={`${base}/credit-types`}>{t("manageCredit")}</a>
        </li>
      </ul>
      <div class="usa-button-group">
        {event.status === "draft" ? (
          <ActionButton action={`${base}/publish`} csrfToken={ctx.csrfToken} label={t("publish")} />
        ) : null}
        {event.status !== "cancelled" ? (
          <ActionButton
            action={`${base}/cancel`}
            csrfToken={ctx.csrfToken}
            label={t("cancel")}
            variant="secondary"
          />
        ) : null}
      </div>
      <h2>{t("organiseTitle")}</h2>
      <ul class="usa-list">
        {props.links.map((l) => (
          <li>
            {l.href ? (
              <a href={l.href}>{t(`cap_${l.key}` as Parameters<T>[0])}</a>
            ) : (
              <>
                {t(`cap_${l.key}` as Parameters<T>[0])} <span class="text-base-dark">({t("capNotYet")})</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function CreditTypesPage(props: {
  ctx: PageContext;
  event: EventWithOrganiser;
  creditTypes: CreditTypeRow[];
  /** The form: adding (no `editing`) or changing one credit type. */
  editing?: CreditTypeRow;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, event } = props;
  const t = tFor(ctx);
  const heading = t("creditTypesTitle", { title: eventTitle(ctx, event) });
  const base = `${manageHref(event.slug)}/credit-types`;
  const state = stateOf(
    ctx,
    props.values ??
      (props.editing
        ? {
            profession: props.editing.profession,
            label: props.editing.label,
            providerName: props.editing.providerName,
            approvalStatement: props.editing.approvalStatement,
            retentionYears: String(props.editing.retentionYears),
          }
        : { retentionYears: "6" }),
    props.errors,
  );
  return (
    <Layout
      ctx={ctx}
      title={heading}
      breadcrumbs={eventsCrumbs(
        ctx,
        { label: eventTitle(ctx, event), href: eventHref(event.slug) },
        { label: t("manageLink"), href: manageHref(event.slug) },
        { label: t("manageCredit") },
      )}
    >
      <h1>{heading}</h1>
      <p>{t("creditTypesIntro")}</p>
      {event.ceActivityTitle ? <p>{t("creditActivity", { title: event.ceActivityTitle })}</p> : null}
      {props.creditTypes.length === 0 ? <p>{t("creditTypesNone")}</p> : null}
      <ul class="usa-list usa-list--unstyled">
        {props.creditTypes.map((c) => (
          <li class="border-top border-base-lighter padding-y-1">
            <h2 class="margin-y-05 font-heading-md">
              {labelOf(t, "profession", c.profession)}: {c.label}
            </h2>
            <p class="margin-y-05">
              {c.providerName} · {t("retentionValue", { years: c.retentionYears })}
            </p>
            <p class="margin-y-05 text-base-dark">{c.approvalStatement}</p>
            <p class="margin-y-05">
              <a href={`${base}/${c.id}`}>
                {t("editCreditType")}
                <span class="usa-sr-only">: {c.label}</span>
              </a>{" "}
              <ActionButton
                action={`${base}/${c.id}/remove`}
                csrfToken={ctx.csrfToken}
                label={t("removeCreditType")}
                context={c.label}
                variant="outline"
              />
            </p>
          </li>
        ))}
      </ul>
      <h2>{props.editing ? `${t("editCreditType")}: ${props.editing.label}` : t("addCreditType")}</h2>
      <ErrorSummary state={state} />
      <Form action={props.editing ? `${base}/${props.editing.id}` : base} csrfToken={ctx.csrfToken}>
        <SelectField
          state={state}
          name="profession"
          label={t("field_profession")}
          required
          choices={CREDIT_PROFESSIONS.map((p) => ({ value: p, label: labelOf(t, "profession", p) }))}
        />
        <TextField
          state={state}
          name="label"
          label={t("field_label")}
          hint={t("field_label_hint")}
          required
          maxLength={200}
        />
        <TextField
          state={state}
          name="providerName"
          label={t("field_providerName")}
          required
          maxLength={300}
        />
        <TextArea
          state={state}
          name="approvalStatement"
          label={t("field_approvalStatement")}
          required
          rows={4}
          maxLength={2000}
        />
        <TextField
          state={state}
          name="retentionYears"
          label={t("field_retentionYears")}
          hint={t("field_retentionYears_hint")}
          required
          inputmode="numeric"
          width="small"
          maxLength={2}
        />
        <Button>{t("save")}</Button>
      </Form>
    </Layout>
  );
}

export type { T };
