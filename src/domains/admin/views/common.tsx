import type { Crumb } from "../../../platform/ui/context";
import { type Locale, translator } from "../../../platform/i18n";
import { adminCatalog } from "../messages";
import { dateTimeFormat } from "../../../platform/i18n/formats";

export const adminT = (locale: Locale) => translator(adminCatalog, locale);

/** Breadcrumbs from the home page through Administration to the current page. */
export function adminCrumbs(locale: Locale, ...trail: Crumb[]): Crumb[] {
  const t = adminT(locale);
  return [{ label: t("home"), href: "/" }, { label: t("admin"), href: "/admin" }, ...trail];
}

/** Times are shown in UTC, so every admin reads the same moment the same way. */
export function formatTime(value: Date | string | null | undefined, locale: Locale): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  const format = dateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return `${format.format(date)} UTC`;
}

/** A link to another page of a filtered list, keeping the filters. */
export function pageLink(path: string, filters: Record<string, unknown>, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (key === "page" || value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}
