import type { MeasurePeriod } from "./schema";

/*
 * Reporting periods, as dates (YYYY-MM-DD, UTC). A month runs from its first day; a week from
 * Monday. A period is reported once it is over: its reporting window opens the day after it ends
 * and stays open `reportingDays` days (a week's window at most 7 days, so windows never overlap).
 * A team is late for a period when its window has closed with no value.
 */

const DAY_MS = 86_400_000;
const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);
export const addDays = (day: string, days: number) => toDay(new Date(toDate(day).getTime() + days * DAY_MS));
export const today = (now = new Date()) => toDay(now);

/** The first day of the period that `day` falls in. */
export function periodStartOf(day: string, period: MeasurePeriod): string {
  if (period === "month") return `${day.slice(0, 7)}-01`;
  const weekday = (toDate(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

export function nextPeriodStart(start: string, period: MeasurePeriod): string {
  if (period === "week") return addDays(start, 7);
  const d = toDate(start);
  return toDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)));
}

export function previousPeriodStart(start: string, period: MeasurePeriod): string {
  if (period === "week") return addDays(start, -7);
  const d = toDate(start);
  return toDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)));
}

/** Is `day` the first day of a period (what a value's period must be)? */
export const isPeriodStart = (day: string, period: MeasurePeriod) => periodStartOf(day, period) === day;

export interface ReportingWindow {
  periodStart: string;
  /** First day values may be entered for the period (the day after it ends). */
  opensOn: string;
  /** Last day of the window (inclusive); the day after, missing teams are late. */
  closesOn: string;
}

export function reportingWindow(
  periodStart: string,
  period: MeasurePeriod,
  reportingDays: number,
): ReportingWindow {
  const opensOn = nextPeriodStart(periodStart, period);
  const days = Math.max(1, period === "week" ? Math.min(reportingDays, 7) : reportingDays);
  return { periodStart, opensOn, closesOn: addDays(opensOn, days - 1) };
}

/** The period being reported now: the last one that has ended (its window opened most recently). */
export function currentReportingPeriod(
  day: string,
  period: MeasurePeriod,
  reportingDays: number,
): ReportingWindow & { closed: boolean } {
  const window = reportingWindow(
    previousPeriodStart(periodStartOf(day, period), period),
    period,
    reportingDays,
  );
  return { ...window, closed: window.closesOn < day };
}

/** The latest period whose reporting window has closed: teams without its value are late. */
export function lastClosedPeriod(day: string, period: MeasurePeriod, reportingDays: number): ReportingWindow {
  const current = currentReportingPeriod(day, period, reportingDays);
  if (current.closed) return current;
  return reportingWindow(previousPeriodStart(current.periodStart, period), period, reportingDays);
}

/** Period starts from `first` through `last`, in order (nothing if `last` is before `first`). */
export function periodStarts(first: string, last: string, period: MeasurePeriod, limit = 520): string[] {
  const out: string[] = [];
  for (let p = periodStartOf(first, period); p <= last && out.length < limit; p = nextPeriodStart(p, period))
    out.push(p);
  return out;
}

const MONTHS = {
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  es: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
};

/** "Oct 2026" / "oct 2026"; a week by its Monday: "Week of 2026-10-05" / "Semana del 2026-10-05". */
export function periodLabel(start: string, period: MeasurePeriod, locale: "en" | "es"): string {
  if (period === "week") return locale === "es" ? `Semana del ${start}` : `Week of ${start}`;
  const month = MONTHS[locale][Number(start.slice(5, 7)) - 1];
  return `${month} ${start.slice(0, 4)}`;
}

/** "Team A" … "Team Z", "Team AA"…: the letters a network shows instead of names. */
export function teamLetters(index: number): string {
  let n = index;
  let out = "";
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}
