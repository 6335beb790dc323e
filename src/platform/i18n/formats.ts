import type { Locale } from "./index";

/**
 * Intl formatters, made once per language and options. Building one costs tens of microseconds
 * (more than formatting with it a hundred times), and a topic page formats a date per post.
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

/** The BCP 47 tag the site's languages format with (United States conventions). */
export function intlLocale(locale: Locale | string): string {
  return locale === "es" ? "es-US" : "en-US";
}

export function dateTimeFormat(
  locale: Locale | string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${intlLocale(locale)} ${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(locale), options);
    // Time zones are the only open-ended option; a bound keeps a stream of zones from growing it.
    if (dateTimeFormats.size > 1000) dateTimeFormats.clear();
    dateTimeFormats.set(key, format);
  }
  return format;
}

export function numberFormat(
  locale: Locale | string,
  options: Intl.NumberFormatOptions = {},
): Intl.NumberFormat {
  const key = `${intlLocale(locale)} ${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(locale), options);
    numberFormats.set(key, format);
  }
  return format;
}

/** A whole number with the language's grouping (1,234 / 1234 in Spanish as es-US writes it). */
export function formatNumber(locale: Locale | string, n: number): string {
  return numberFormat(locale).format(n);
}
