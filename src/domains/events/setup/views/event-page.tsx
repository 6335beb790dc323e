import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { CreditTypeRow, EventWithOrganiser, TrackRow } from "../repo";
import { Days, eventsCrumbs, labelOf, manageHref, type T, tFor, zoneName } from "./shared";

export interface EventView {
  event: EventWithOrganiser;
  summaryHtml: string;
  tracks: TrackRow[];
  creditTypes: CreditTypeRow[];
  /** Links to the other capabilities' pages for this event that exist (label key and address). */
  links: {
    key: "link_call" | "link_program" | "link_register" | "link_agenda" | "link_certificate";
    href: string;
  }[];
  canOrganise: boolean;
  demo: boolean;
}

const title = (ctx: PageContext, e: { titleEn: string; titleEs: string | null }) =>
  ctx.locale === "es" && e.titleEs ? e.titleEs : e.titleEn;

function Notes({ t, view }: { t: T; view: EventView }) {
  const notes: { kind: "info" | "warning"; text: string }[] = [];
  if (view.event.status === "draft") notes.push({ kind: "info", text: t("draftNote") });
  if (view.event.status === "cancelled") notes.push({ kind: "warning", text: t("cancelledNote") });
  if (view.demo) notes.push({ kind: "info", text: t("demoNote") });
  return (
    <>
      {notes.map((n) => (
        <div class={`usa-alert usa-alert--${n.kind} usa-alert--slim`}>
          <div class="usa-alert__body">
            <p class="usa-alert__text">{n.text}</p>
          </div>
        </div>
      ))}
    </>
  );
}

export function EventPage({ ctx, view }: { ctx: PageContext; view: EventView }) {
  const t = tFor(ctx);
  const { event } = view;
  const heading = title(ctx, event);
  return (
    <Layout ctx={ctx} title={heading} breadcrumbs={eventsCrumbs(ctx, { label: heading })}>
      <h1>{heading}</h1>
      <p class="usa-intro">
        {labelOf(t, "kind", event.kind)} · {t("organisedBy", { name: event.organiser.name })}
      </p>
      <Notes t={t} view={view} />
      {view.canOrganise ? (
        <p>
          <a class="usa-button usa-button--outline" href={manageHref(event.slug)}>
            {t("manageLink")}
          </a>
        </p>
      ) : null}
      {view.summaryHtml ? (
        <div class="usa-prose" dangerouslySetInnerHTML={{ __html: view.summaryHtml }} />
      ) : null}
      {view.links.length > 0 && event.status !== "cancelled" ? (
        <>
          <h2>{t("takePartHeading")}</h2>
          <ul class="usa-button-group">
            {view.links.map((l) => (
              <li class="usa-button-group__item">
                <a class="usa-button" href={l.href}>
                  {t(l.key)}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div class="grid-row grid-gap">
        <div class="tablet:grid-col-6">
          <h2>{t("whenHeading")}</h2>
          <p>
            <Days locale={ctx.locale} startsOn={event.startsOn} endsOn={event.endsOn} />
          </p>
          <p class="text-base-dark">{t("timeZoneNote", { zone: zoneName(ctx.locale, event.timeZone) })}</p>
        </div>
        <div class="tablet:grid-col-6">
          <h2>{t("whereHeading")}</h2>
          <p>{labelOf(t, "mode", event.mode)}</p>
          <dl>
            {event.venue ? (
              <>
                <dt class="text-bold">{t("venue")}</dt>
                <dd class="margin-left-0 margin-bottom-1">{event.venue}</dd>
              </>
            ) : null}
            {event.onlineUrl && event.status === "published" ? (
              <>
                <dt class="text-bold">{t("onlineLink")}</dt>
                <dd class="margin-left-0 margin-bottom-1">
                  <a href={event.onlineUrl} rel="noopener noreferrer">
                    {t("onlineLinkText")}
                  </a>
                </dd>
              </>
            ) : null}
            {event.capacity ? (
              <>
                <dt class="text-bold">{t("capacity")}</dt>
                <dd class="margin-left-0 margin-bottom-1">{t("capacityValue", { count: event.capacity })}</dd>
              </>
            ) : null}
          </dl>
        </div>
      </div>
      {view.tracks.length > 0 ? (
        <>
          <h2>{t("tracksHeading")}</h2>
          <ul class="usa-list">
            {view.tracks.map((track) => (
              <li>{ctx.locale === "es" && track.nameEs ? track.nameEs : track.nameEn}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t("creditHeading")}</h2>
      {view.creditTypes.length === 0 ? (
        <p>{t("creditNone")}</p>
      ) : (
        <>
          <p>{t("creditIntro")}</p>
          {event.ceActivityTitle ? <p>{t("creditActivity", { title: event.ceActivityTitle })}</p> : null}
          {view.creditTypes.map((c) => (
            <div class="border-top border-base-lighter padding-y-1">
              <h3>
                {labelOf(t, "profession", c.profession)}: {c.label}
              </h3>
              <dl>
                <dt class="text-bold">{t("creditProvider")}</dt>
                <dd class="margin-left-0 margin-bottom-1">{c.providerName}</dd>
                <dt class="text-bold">{t("creditStatement")}</dt>
                <dd class="margin-left-0 margin-bottom-1">{c.approvalStatement}</dd>
              </dl>
            </div>
          ))}
        </>
      )}
    </Layout>
  );
}
