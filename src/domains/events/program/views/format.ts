import { dateTimeFormat } from "../../../../platform/i18n/formats";
import type { Locale } from "../../../../platform/i18n";
import { utcToZoned } from "../../setup/time";

// Times on the program's pages: always in the event's own zone, named, so a reader elsewhere
// knows what "09:00" means.

export const timeOf = (locale: Locale, at: Date, zone: string) =>
  dateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: zone }).format(at);

export const timeRange = (locale: Locale, from: Date, to: Date, zone: string) =>
  `${timeOf(locale, from, zone)} – ${dateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: zone, timeZoneName: "short" }).format(to)}`;

/** A day of the event (YYYY-MM-DD) as a heading: "Wednesday, June 10". */
export const dayHeading = (locale: Locale, day: string) =>
  dateTimeFormat(locale, {
    weekday: "long",
    month: "long",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${day}T12:00:00Z`));

export const dayOf = (at: Date, zone: string) => utcToZoned(at, zone).day;

/** Every calendar day from the first to the last (both YYYY-MM-DD). */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (
    let t = Date.parse(`${first}T00:00:00Z`);
    t <= Date.parse(`${last}T00:00:00Z`) && days.length < 400;
    t += 86_400_000
  )
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
