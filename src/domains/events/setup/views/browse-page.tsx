import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import { EVENT_KINDS, EVENT_MODES } from "../schema";
import type { EventFilters, EventListItem } from "../service";
import { Days, eventHref, eventsCrumbs, labelOf, tFor } from "./shared";

export interface BrowseView {
  filters: EventFilters;
  invalid: boolean;
  upcoming: EventListItem[];
  past: EventListItem[];
  states: { code: string; name: string }[];
  canOrganise: boolean;
}

function EventCard({ ctx, event }: { ctx: PageContext; event: EventListItem }) {
  const t = tFor(ctx);
  const title = ctx.locale === "es" && event.titleEs ? event.titleEs : event.titleEn;
  return (
    <li class="border-top border-base-lighter padding-y-2">
      <h3 class="margin-0">
        <a href={eventHref(event.slug)}>{title}</a>
      </h3>
      <p class="margin-y-05">
        <Days locale={ctx.locale} startsOn={event.startsOn} endsOn={event.endsOn} />
      </p>
      <p class="margin-y-05 text-base-dark">
        {labelOf(t, "kind", event.kind)} · {labelOf(t, "mode", event.mode)} ·{" "}
        {t("organisedBy", { name: event.organiserName })}
        {event.status !== "published" ? (
          <>
            {" "}
            <span class="usa-tag">{labelOf(t, "status", event.status)}</span>
          </>
        ) : null}
      </p>
    </li>
  );
}

function Select(props: {
  name: string;
  label: string;
  value: string | undefined;
  choices: { value: string; label: string }[];
  any: string;
}) {
  return (
    <div class="usa-form-group">
      <label class="usa-label" for={`filter-${props.name}`}>
        {props.label}
      </label>
      <select class="usa-select" id={`filter-${props.name}`} name={props.name}>
        <option value="">{props.any}</option>
        {props.choices.map((c) => (
          <option value={c.value} selected={c.value === props.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function BrowsePage({ ctx, view }: { ctx: PageContext; view: BrowseView }) {
  const t = tFor(ctx);
  return (
    <Layout ctx={ctx} title={t("eventsTitle")} breadcrumbs={eventsCrumbs(ctx).slice(0, 1)}>
      <h1>{t("eventsTitle")}</h1>
      <p class="usa-intro">{t("eventsIntro")}</p>
      {view.canOrganise ? (
        <p>
          <a class="usa-button usa-button--outline" href="/events/organise">
            {t("organiseLink")}
          </a>
        </p>
      ) : null}
      <div class="grid-row grid-gap">
        <div class="tablet:grid-col-4">
          <h2>{t("filtersHeading")}</h2>
          <form method="get" action="/events" class="usa-form">
            <Select
              name="kind"
              label={t("filterKind")}
              value={view.filters.kind}
              any={t("filterAny")}
              choices={EVENT_KINDS.map((k) => ({ value: k, label: labelOf(t, "kind", k) }))}
            />
            <Select
              name="state"
              label={t("filterState")}
              value={view.filters.state}
              any={t("filterAny")}
              choices={[
                { value: "national", label: t("national") },
                ...view.states.map((s) => ({ value: s.code, label: s.name })),
              ]}
            />
            <Select
              name="mode"
              label={t("filterMode")}
              value={view.filters.mode}
              any={t("filterAny")}
              choices={EVENT_MODES.map((m) => ({ value: m, label: labelOf(t, "mode", m) }))}
            />
            <button type="submit" class="usa-button">
              {t("applyFilters")}
            </button>
            <p>
              <a href="/events">{t("clearFilters")}</a>
            </p>
          </form>
        </div>
        <div class="tablet:grid-col-8">
          {view.invalid ? (
            <div class="usa-alert usa-alert--error usa-alert--slim" role="alert">
              <div class="usa-alert__body">
                <p class="usa-alert__text">{t("badQuery")}</p>
              </div>
            </div>
          ) : null}
          <h2>{t("upcomingHeading")}</h2>
          {view.upcoming.length === 0 ? <p>{t("noUpcoming")}</p> : null}
          <ul class="usa-list usa-list--unstyled">
            {view.upcoming.map((event) => (
              <EventCard ctx={ctx} event={event} />
            ))}
          </ul>
          <h2>{t("pastHeading")}</h2>
          {view.past.length === 0 ? <p>{t("noPast")}</p> : null}
          <ul class="usa-list usa-list--unstyled">
            {view.past.map((event) => (
              <EventCard ctx={ctx} event={event} />
            ))}
          </ul>
        </div>
      </div>
    </Layout>
  );
}
