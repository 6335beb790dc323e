import { type Locale, translator } from "../../../platform/i18n";
import { numberFormat } from "../../../platform/i18n/formats";
import type { CensusFigure, FigureSection } from "./figures";
import { censusCatalog, FUNDING_NAMES, gradeName, ROLE_NAMES } from "./messages";

/** A figure's name in the viewer's language, from its stable key. */
export function figureLabel(key: string, locale: Locale): string {
  const t = translator(censusCatalog, locale);
  const parts = key.split(".");
  switch (parts[0]) {
    case "schools":
      return t("figSchools");
    case "enrolment":
      return t("figEnrolment");
    case "staff": {
      const role = ROLE_NAMES[parts[1]!]?.[locale] ?? parts[1]!;
      const what = parts.slice(2).join(".");
      if (what === "fte.school") return t("figFteSchool", { role });
      if (what === "fte.community") return t("figFteCommunity", { role });
      if (what === "perFte.school") return t("figPerFteSchool", { role });
      if (what === "perFte.community") return t("figPerFteCommunity", { role });
      if (what === "fullTime") return t("figNurseFullTime");
      return t("figPerFteTotal", { role });
    }
    case "tier1":
    case "tier2":
    case "tier3":
      return t("figTier", { tier: parts[0].slice(4) });
    case "screening":
      return parts[1] === "schools"
        ? t("figScreens")
        : parts[1] === "students"
          ? t("figScreenedShare")
          : t("figScreenedCount");
    case "grade":
      return t("figGrade", { grade: gradeName(parts[1]!, locale) });
    case "served": {
      const tier = parts[1]!.slice(4);
      return parts[2] === "count" ? t("figServedCount", { tier }) : t("figServedShare", { tier });
    }
    case "funding":
      return t("figFunding", { source: FUNDING_NAMES[parts[1]!]?.[locale] ?? parts[1]! });
    case "partners":
      return parts[1] === "total"
        ? t("figPartnersTotal")
        : parts[1] === "schools"
          ? t("figPartnerSchools")
          : t("figAgreements");
    default:
      return key;
  }
}

export function sectionLabel(section: FigureSection | "domains", locale: Locale): string {
  const t = translator(censusCatalog, locale);
  const names = {
    overview: t("sectionOverview"),
    staffing: t("sectionStaffing"),
    tiers: t("sectionTiers"),
    screening: t("sectionScreening"),
    grades: t("sectionGrades"),
    served: t("sectionServed"),
    funding: t("sectionFunding"),
    partnerships: t("sectionPartnerships"),
    domains: t("sectionDomains"),
  } satisfies Record<FigureSection | "domains", string>;
  return names[section];
}

/** A figure's value as text: a percentage with one decimal, a ratio or count whole, FTE with two decimals. */
export function valueText(format: CensusFigure["format"] | "mean", value: number, locale: Locale): string {
  switch (format) {
    case "percent":
      return `${numberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(value)}%`;
    case "fte":
      return numberFormat(locale, { maximumFractionDigits: 2 }).format(value);
    case "mean":
      return numberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(value);
    default:
      return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
  }
}

/** What a cell of a figure says: its value, "hidden", or "no answers". */
export function cellText(
  figure: Pick<CensusFigure, "format" | "value" | "suppressed">,
  locale: Locale,
): string {
  const t = translator(censusCatalog, locale);
  if (figure.suppressed) return t("hidden");
  if (figure.value === null) return t("none");
  return valueText(figure.format, figure.value, locale);
}

export function schoolsText(n: number | null, locale: Locale): string {
  const t = translator(censusCatalog, locale);
  if (n === null) return "";
  return n === 1 ? t("oneSchool") : t("nSchools", { n: numberFormat(locale).format(n) });
}
