import type {
  InstrumentDefinition,
  ItemDefinition,
  ScoreBand,
  SectionDefinition,
} from "../../../seed/instruments/types";

/**
 * Scoring rules of the assessments, as pure functions. A domain's score is the mean of its rated
 * items; "don't know" and "not applicable" are not ratings. A domain with fewer than half of its
 * items rated has "not enough answers". Scores are shown and banded at one decimal.
 */
export type Answers = Record<string, unknown>;

export const DONT_KNOW = "dk";
export const NOT_APPLICABLE = "na";

export type DomainResult =
  | {
      key: string;
      status: "scored";
      score: number;
      mean: number;
      rated: number;
      total: number;
      band: ScoreBand | null;
    }
  | { key: string; status: "notEnough"; rated: number; total: number };

export type CompositeResult =
  | { status: "scored"; score: number; mean: number; band: ScoreBand | null; domains: number; total: number }
  | { status: "notEnough"; domains: number; total: number };

export interface AssessmentScore {
  domains: DomainResult[];
  composite: CompositeResult;
}

/** A rating 1–6, or null for "don't know", "not applicable", blank or anything else. */
export function ratingOf(value: unknown): number | null {
  const n = typeof value === "string" && /^[1-6]$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 6 ? n : null;
}

/** One decimal, half up, without binary-fraction surprises (2.95 → 3.0). */
export function roundScore(x: number): number {
  return Math.round(Number((x * 10).toFixed(6))) / 10;
}

export function bandFor(score: number, bands: ScoreBand[]): ScoreBand | null {
  const rounded = roundScore(score);
  return bands.find((b) => rounded >= b.min && rounded <= b.max) ?? null;
}

const ratingItems = (section: SectionDefinition): ItemDefinition[] =>
  section.items.filter((i) => i.type === "rating");

export function domainScore(section: SectionDefinition, answers: Answers, bands: ScoreBand[]): DomainResult {
  const items = ratingItems(section);
  const ratings = items.map((i) => ratingOf(answers[i.key])).filter((r): r is number => r !== null);
  const total = items.length;
  if (total === 0 || ratings.length < total / 2) {
    return { key: section.key, status: "notEnough", rated: ratings.length, total };
  }
  const mean = ratings.reduce((a, b) => a + b, 0) / ratings.length;
  const score = roundScore(mean);
  return {
    key: section.key,
    status: "scored",
    score,
    mean,
    rated: ratings.length,
    total,
    band: bandFor(mean, bands),
  };
}

/** Every domain's score and the composite: the mean of the scored domains, when at least half are scored. */
export function scoreAssessment(instrument: InstrumentDefinition, answers: Answers): AssessmentScore {
  const domains = instrument.sections
    .filter((s) => s.scored)
    .map((s) => domainScore(s, answers, instrument.bands));
  const scored = domains.filter((d) => d.status === "scored");
  const total = domains.length;
  if (total === 0 || scored.length < total / 2) {
    return { domains, composite: { status: "notEnough", domains: scored.length, total } };
  }
  const mean = scored.reduce((a, d) => a + d.mean, 0) / scored.length;
  return {
    domains,
    composite: {
      status: "scored",
      score: roundScore(mean),
      mean,
      band: bandFor(mean, instrument.bands),
      domains: scored.length,
      total,
    },
  };
}

/** Domain key → score (null when not enough answers), plus the composite: the stored shape. */
export function scoreSummary(score: AssessmentScore): {
  domainScores: Record<string, number | null>;
  composite: number | null;
} {
  return {
    domainScores: Object.fromEntries(
      score.domains.map((d) => [d.key, d.status === "scored" ? d.score : null]),
    ),
    composite: score.composite.status === "scored" ? score.composite.score : null,
  };
}

export interface RatedItem {
  sectionKey: string;
  itemKey: string;
  rating: number;
}

/** Items rated 5–6 are strengths; items rated 1–2 are priorities for improvement. */
export function strengthsAndPriorities(
  instrument: InstrumentDefinition,
  answers: Answers,
): { strengths: RatedItem[]; priorities: RatedItem[] } {
  const strengths: RatedItem[] = [];
  const priorities: RatedItem[] = [];
  for (const section of instrument.sections.filter((s) => s.scored)) {
    for (const item of ratingItems(section)) {
      const rating = ratingOf(answers[item.key]);
      if (rating === null) continue;
      if (rating >= 5) strengths.push({ sectionKey: section.key, itemKey: item.key, rating });
      if (rating <= 2) priorities.push({ sectionKey: section.key, itemKey: item.key, rating });
    }
  }
  return { strengths, priorities };
}

/** Change per domain between two stored score sets (keys join across versions). */
export function scoreChanges(
  current: Record<string, number | null>,
  previous: Record<string, number | null> | null,
): Record<string, number | null> {
  return Object.fromEntries(
    Object.entries(current).map(([key, now]) => {
      const before = previous?.[key];
      return [key, now !== null && before !== null && before !== undefined ? roundScore(now - before) : null];
    }),
  );
}

/** Figures built from fewer than this many organisations are never shown. */
export const MIN_CELL_SIZE = 10;

export type Cell<T> = { shown: true; value: T; n: number } | { shown: false; reason: "smallCell" };

/** Small-cell suppression: below the minimum neither the value nor the exact n is shown. */
export function suppress<T>(value: T, n: number, minimum = MIN_CELL_SIZE): Cell<T> {
  return n >= minimum ? { shown: true, value, n } : { shown: false, reason: "smallCell" };
}

/** A mean from a running sum and count, suppressed below the minimum. */
export function meanCell(sum: number, n: number, minimum = MIN_CELL_SIZE): Cell<number> {
  return n > 0 ? suppress(roundScore(sum / n), n, minimum) : { shown: false, reason: "smallCell" };
}
