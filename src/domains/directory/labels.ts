import type { Locale } from "../../platform/i18n";
import type { OrgKind } from "./schema";

/** NCES grade codes of the grades themselves, lowest to highest, as the Common Core of Data writes them. */
export const ORDERED_GRADES = [
  "PK",
  "KG",
  "01",
  "02",
  "03",
  "04",
  "05",
  "06",
  "07",
  "08",
  "09",
  "10",
  "11",
  "12",
  "13",
] as const;
/** Every NCES grade code: the ordered grades, then ungraded and adult education. */
export const GRADES = [...ORDERED_GRADES, "UG", "AE"] as const;
export type Grade = (typeof GRADES)[number];

/** NCES urban-centric locale codes: the first digit is the type of place, the second its size or distance. */
export const LOCALE_CODES = ["11", "12", "13", "21", "22", "23", "31", "32", "33", "41", "42", "43"] as const;
export type LocaleCode = (typeof LOCALE_CODES)[number];

const PLACE = {
  en: { "1": "City", "2": "Suburb", "3": "Town", "4": "Rural" },
  es: { "1": "Ciudad", "2": "Suburbio", "3": "Pueblo", "4": "Zona rural" },
} as const;

// Cities and suburbs are graded by size; towns and rural areas by distance from an urbanised area.
const SIZE = {
  en: { "1": "large", "2": "midsize", "3": "small" },
  es: { "1": "grande", "2": "mediano", "3": "pequeño" },
} as const;
const DISTANCE = {
  en: { "1": "fringe", "2": "distant", "3": "remote" },
  es: { "1": "periférico", "2": "distante", "3": "remoto" },
} as const;

/** "21" → "Suburb: large". Unknown codes come back as they are. */
export function describeLocale(code: string | null | undefined, locale: Locale): string {
  if (!code || !(LOCALE_CODES as readonly string[]).includes(code)) return code ?? "";
  const place = code[0] as "1" | "2" | "3" | "4";
  const second = code[1] as "1" | "2" | "3";
  const detail = place === "1" || place === "2" ? SIZE[locale][second] : DISTANCE[locale][second];
  return `${PLACE[locale][place]}: ${detail}`;
}

const GRADE_WORDS = {
  en: {
    PK: "Pre-kindergarten",
    KG: "Kindergarten",
    UG: "Ungraded",
    AE: "Adult education",
    "13": "Grade 13",
    grade: "Grade",
  },
  es: {
    PK: "Prekínder",
    KG: "Kínder",
    UG: "Sin grado",
    AE: "Educación de adultos",
    "13": "Grado 13",
    grade: "Grado",
  },
} as const;

export function gradeLabel(grade: string | null | undefined, locale: Locale): string {
  if (!grade) return "";
  const words = GRADE_WORDS[locale];
  if (grade in words) return words[grade as keyof typeof words];
  return /^\d{2}$/.test(grade) ? `${words.grade} ${Number(grade)}` : grade;
}

/** "Kindergarten – Grade 5", or "" when neither end is known. */
export function gradeSpan(
  low: string | null | undefined,
  high: string | null | undefined,
  locale: Locale,
): string {
  if (!low && !high) return "";
  if (low === high || !high) return gradeLabel(low, locale);
  if (!low) return gradeLabel(high, locale);
  return `${gradeLabel(low, locale)} – ${gradeLabel(high, locale)}`;
}

const KIND_WORDS: Record<Locale, Record<OrgKind, string>> = {
  en: {
    nation: "Nation",
    state: "State or territory",
    district: "School district",
    school: "School",
    partner: "National partner organisation",
    state_initiative: "State initiative",
  },
  es: {
    nation: "País",
    state: "Estado o territorio",
    district: "Distrito escolar",
    school: "Escuela",
    partner: "Organización nacional asociada",
    state_initiative: "Iniciativa estatal",
  },
};

export function kindLabel(kind: OrgKind, locale: Locale): string {
  return KIND_WORDS[locale][kind] ?? kind;
}

/** Normalises a grade as NCES files write it ("K", "KG", "1", "01", "PK") or null when missing. */
export function normaliseGrade(raw: string | undefined): Grade | null {
  const v = (raw ?? "").trim().toUpperCase();
  if (!v) return null;
  if (v === "K") return "KG";
  const padded = /^\d{1,2}$/.test(v) ? v.padStart(2, "0") : v;
  return (GRADES as readonly string[]).includes(padded) ? (padded as Grade) : null;
}

/** Takes "21", "21-Suburb: Large" or "21 - Suburb" and returns "21", or null. */
export function normaliseLocaleCode(raw: string | undefined): LocaleCode | null {
  const match = (raw ?? "").trim().match(/^(\d{2})/);
  return match && (LOCALE_CODES as readonly string[]).includes(match[1]!) ? (match[1] as LocaleCode) : null;
}
