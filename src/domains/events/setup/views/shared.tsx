import { type Locale, translator } from "../../../../platform/i18n";
import { dateTimeFormat } from "../../../../platform/i18n/formats";
import type { Crumb, PageContext } from "../../../../platform/ui/context";
import { type EventsSetupMessages, eventsSetupCatalog } from "../messages";

export type T = ReturnType<typeof translator<EventsSetupMessages>>;
export const tFor = (ctx: { locale: Locale }): T => translator(eventsSetupCatalog, ctx.locale);

/** A value's label from the catalog (`kind_webinar`, `mode_online`, `status_draft`, …). */
export const labelOf = (t: T, prefix: string, value: string) =>
  t(`${prefix}_${value}` as keyof EventsSetupMessages);

export const eventHref = (slug: string) => `/events/${slug}`;
export const manageHref = (slug: string) => `/events/${slug}/manage`;

/** A calendar day (YYYY-MM-DD) written out, the same in every time zone. */
export function formatDay(locale: Locale, day: string): string {
  return dateTimeFormat(locale, {
    weekday: "long",
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${day}T12:00:00Z`));
}

export function Days({ locale, startsOn, endsOn }: { locale: Locale; startsOn: string; endsOn: string }) {
  const t = tFor({ locale });
  const start = <time dateTime={startsOn}>{formatDay(locale, startsOn)}</time>;
  if (startsOn === endsOn) return start;
  const [before, after] = t("datesRange").split("{start}");
  const [middle, end] = (after ?? "").split("{end}");
  return (
    <>
      {before}
      {start}
      {middle}
      <time dateTime={endsOn}>{formatDay(locale, endsOn)}</time>
      {end}
    </>
  );
}

/** A time zone as people read it ("Eastern Time (America/New_York)"). */
export function zoneName(locale: Locale, zone: string): string {
  try {
    const part = new Intl.DateTimeFormat(locale === "es" ? "es-US" : "en-US", {
      timeZone: zone,
      timeZoneName: "longGeneric",
    })
      .formatToParts(new Date())
      .find((p) => p.type === "timeZoneName");
    return part ? `${part.value} (${zone})` : zone;
  } catch {
    return zone;
  }
}

export function eventsCrumbs(ctx: PageContext, ...rest: Crumb[]): Crumb[] {
  const t = tFor(ctx);
  return [{ label: t("home"), href: "/" }, { label: t("eventsTitle"), href: "/events" }, ...rest];
}

/** Demo events say so in their English summary's first line. */
export const DEMO_MARK = "(Demo)";
