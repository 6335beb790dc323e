import { dateTimeFormat, numberFormat } from "../../../../platform/i18n/formats";
import { type Locale, translator } from "../../../../platform/i18n";
import type { CallEvent } from "../event-access";
import { callsCatalog } from "../messages";

export const tFor = (locale: Locale) => translator(callsCatalog, locale);

export const eventTitleOf = (event: Pick<CallEvent, "titleEn" | "titleEs">, locale: Locale) =>
  (locale === "es" ? event.titleEs : null) || event.titleEn;

/** An instant as the event's wall clock reads it, with the zone named. */
export function inEventZone(locale: Locale, instant: Date, zone: string) {
  return dateTimeFormat(locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: zone,
    timeZoneName: "short",
  }).format(instant);
}

export function formatLabel(locale: Locale, format: string) {
  const t = tFor(locale);
  return t(`format_${format}` as "format_presentation");
}

export function levelLabel(locale: Locale, level: string) {
  return tFor(locale)(`level_${level}` as "level_introductory");
}

export function decisionLabel(locale: Locale, decision: string | null) {
  return tFor(locale)(`decision_${decision ?? "none"}` as "decision_none");
}

export const eventHome = (slug: string) => `/events/${slug}`;
export const callHref = (slug: string) => `/events/${slug}/call`;
export const manageHref = (slug: string, rest = "") => `/events/${slug}/manage${rest}`;
export const MY_PROPOSALS = "/events/my/proposals";
export const REVIEWS = "/events/reviews";

export function crumbs(
  locale: Locale,
  event: Pick<CallEvent, "slug" | "titleEn" | "titleEs"> | null,
  ...more: { label: string; href?: string }[]
) {
  const t = tFor(locale);
  return [
    { label: t("home"), href: "/" },
    { label: t("events"), href: "/events" },
    ...(event ? [{ label: eventTitleOf(event, locale), href: eventHome(event.slug) }] : []),
    ...more,
  ];
}

/** A score to two decimals, or a dash when there is none yet. */
export const score = (locale: Locale, v: number | null) =>
  v === null ? "—" : numberFormat(locale, { maximumFractionDigits: 2 }).format(v);
