/**
 * A typed message catalog. Each room of the code keeps its own English catalog and a Spanish one
 * typed against it, so a missing translation is a compile error rather than a blank on a page.
 */
export const LOCALES = ["en", "es"] as const;
export type Locale = (typeof LOCALES)[number];

export type Messages = Record<string, string>;
export type Catalog<M extends Messages> = { en: M; es: { [K in keyof M]: string } };
export type Translate<M extends Messages> = (
  key: keyof M,
  params?: Record<string, string | number>,
) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function translator<M extends Messages>(catalog: Catalog<M>, locale: Locale): Translate<M> {
  const messages = catalog[locale] as Messages;
  return (key, params) => {
    const template = messages[key as string] ?? (catalog.en as Messages)[key as string] ?? String(key);
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in params ? String(params[name]) : match,
    );
  };
}

/** Picks the language from an explicit choice (cookie), then the browser's Accept-Language. */
export function negotiateLocale(cookieValue: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  const first = acceptLanguage?.split(",")[0]?.trim().slice(0, 2).toLowerCase();
  return isLocale(first) ? first : "en";
}
