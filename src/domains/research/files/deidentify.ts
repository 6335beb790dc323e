import { createHmac, randomBytes } from "node:crypto";

/**
 * De-identification of research files, as plain functions (no I/O): which descriptors a school's
 * row may carry, its pseudonym, and how answers are written. Tested with hand-worked tables in
 * deidentify.test.ts.
 */

/** No combination of descriptors printed in a file is shared by fewer schools than this. */
export const MIN_SCHOOLS_PER_COMBINATION = 10;

/** Upper bounds of the enrolment bands but the last: under 300, 300–599, 600–999, 1,000 or more. */
export const ENROLMENT_BAND_EDGES = [300, 600, 1000];
export const ENROLMENT_BANDS = ["under 300", "300-599", "600-999", "1000 or more"];

/** What an unknown descriptor (no locale or enrolment on record) prints as; a coarsened one is blank. */
export const UNKNOWN = "unknown";

export const enrolmentBandLabel = (band: number | null): string =>
  band === null ? UNKNOWN : (ENROLMENT_BANDS[band] ?? UNKNOWN);

/** The descriptors a row may carry, as printed ("" when coarsened away). */
export interface Descriptors {
  state: string;
  locale: string;
  band: string;
}

export interface CountedDescriptors extends Descriptors {
  schools: number;
}

/**
 * The order descriptors are dropped in when a combination is shared by too few schools: the
 * finest first. Enrolment band splits a locale of a state most finely, then the locale (12 NCES
 * codes) splits a state, and the state goes last.
 */
export const COARSENING_ORDER = ["enrolment band", "locale", "state"] as const;

/** How many of the file's schools print at each level, and how many are left out. */
export interface CoarseningSummary {
  /** Schools with state, locale and enrolment band. */
  full: number;
  /** Schools with state and locale (enrolment band dropped). */
  withoutBand: number;
  /** Schools with the state only. */
  stateOnly: number;
  /** Schools with no descriptor at all. */
  none: number;
  /** Schools left out: even with every descriptor dropped, fewer than the minimum were left. */
  leftOut: number;
}

export interface CoarseningPlan {
  /** Full combination (see `combinationKey`) → what its rows print, or null when they are left out. */
  printed: Map<string, Descriptors | null>;
  summary: CoarseningSummary;
  /** Rows the file will hold. */
  rows: number;
}

export const combinationKey = (d: Descriptors) => JSON.stringify([d.state, d.locale, d.band]);

const LEVELS: ((d: Descriptors) => Descriptors)[] = [
  (d) => ({ state: d.state, locale: d.locale, band: d.band }),
  (d) => ({ state: d.state, locale: d.locale, band: "" }),
  (d) => ({ state: d.state, locale: "", band: "" }),
  () => ({ state: "", locale: "", band: "" }),
];
const SUMMARY_KEYS: (keyof CoarseningSummary)[] = ["full", "withoutBand", "stateOnly", "none"];

/**
 * Decides what each full combination prints. At each level, the schools still unplaced are
 * grouped by that level's descriptors; a group of at least `min` schools prints at that level,
 * the rest move on to the next (one more descriptor dropped). Because a group counts only the
 * schools that print exactly that way, every combination the file shows is shared by at least
 * `min` of its rows. What is still unplaced at the end (fewer than `min` schools) is left out.
 */
export function planCoarsening(
  counts: CountedDescriptors[],
  min = MIN_SCHOOLS_PER_COMBINATION,
): CoarseningPlan {
  const printed = new Map<string, Descriptors | null>();
  const summary: CoarseningSummary = { full: 0, withoutBand: 0, stateOnly: 0, none: 0, leftOut: 0 };
  let unplaced = counts.filter((c) => c.schools > 0);
  LEVELS.forEach((coarsen, level) => {
    const groups = new Map<string, { shown: Descriptors; members: CountedDescriptors[]; schools: number }>();
    for (const c of unplaced) {
      const shown = coarsen(c);
      const key = combinationKey(shown);
      const group = groups.get(key) ?? { shown, members: [], schools: 0 };
      group.members.push(c);
      group.schools += c.schools;
      groups.set(key, group);
    }
    const next: CountedDescriptors[] = [];
    for (const group of groups.values()) {
      if (group.schools < min) {
        next.push(...group.members);
        continue;
      }
      for (const member of group.members) printed.set(combinationKey(member), group.shown);
      summary[SUMMARY_KEYS[level]!] += group.schools;
    }
    unplaced = next;
  });
  for (const c of unplaced) {
    printed.set(combinationKey(c), null);
    summary.leftOut += c.schools;
  }
  return { printed, summary, rows: summary.full + summary.withoutBand + summary.stateOnly + summary.none };
}

/**
 * A school's name in one file: a keyed hash of its id under a key made for this file alone and
 * then forgotten, so the same school has a different name in every file and no file joins back
 * to the directory or to another file.
 */
export function pseudonymizer(): (organisationId: string) => string {
  const key = randomBytes(32);
  return (organisationId) =>
    `S${createHmac("sha256", key).update(organisationId).digest("hex").slice(0, 16)}`;
}

/** Kinds of item a file carries; free text is never exported (it could name someone). */
export type ExportedItemType = "rating" | "count" | "fte" | "yesno" | "choice" | "multi";
export const isExportedItemType = (type: string): type is ExportedItemType => type !== "text";

/** Counts of students from 1 to 9 print as this, like small cells in public tables. */
export const SMALL_COUNT = "1-9";

/** An answer as the file writes it. */
export function answerCell(type: ExportedItemType, value: unknown): string {
  if (value === null || value === undefined || value === "") return "";
  if (type === "multi") return Array.isArray(value) ? value.map(String).sort().join("|") : "";
  if (type === "count" && typeof value === "number" && value >= 1 && value <= 9) return SMALL_COUNT;
  if (type === "yesno" && typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object") return "";
  return String(value);
}

/** A score as the file writes it: two decimals. */
export const scoreCell = (value: number | null | undefined): string =>
  typeof value === "number" && Number.isFinite(value) ? value.toFixed(2) : "";
