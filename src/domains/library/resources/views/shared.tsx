import { type Locale, translator } from "../../../../platform/i18n";
import { dateTimeFormat } from "../../../../platform/i18n/formats";
import type { Crumb, PageContext } from "../../../../platform/ui/context";
import { type ResourcesMessages, resourcesCatalog } from "../messages";
import type { ResourceRow } from "../repo";

export type T = ReturnType<typeof translator<ResourcesMessages>>;
export const tFor = (ctx: { locale: Locale }): T => translator(resourcesCatalog, ctx.locale);

/** A value's label from the catalog (`type_tool`, `domain_screening`, `tier_1`, …). */
export const labelOf = (t: T, prefix: string, value: string | number) =>
  t(`${prefix}_${value}` as keyof ResourcesMessages);

export function formatDay(locale: Locale, date: Date | string) {
  const d = typeof date === "string" ? new Date(date) : date;
  return dateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(
    d,
  );
}

export function Day({ locale, date }: { locale: Locale; date: Date }) {
  return <time dateTime={date.toISOString().slice(0, 10)}>{formatDay(locale, date)}</time>;
}

export const resourceHref = (slug: string) => `/library/${slug}`;

export function libraryCrumbs(ctx: PageContext, ...rest: Crumb[]): Crumb[] {
  const t = tFor(ctx);
  return [{ label: t("home"), href: "/" }, { label: t("libraryTitle"), href: "/library" }, ...rest];
}

export function shelfName(
  t: T,
  row: Pick<ResourceRow, "communityNameEn" | "communityNameEs">,
  locale: Locale,
) {
  const name = locale === "es" ? row.communityNameEs : row.communityNameEn;
  return name ?? t("nationalShelf");
}

/** Demo resources carry this marker in their licence line, so their pages say they are made up. */
export const DEMO_LICENCE_MARK = "(demo)";
