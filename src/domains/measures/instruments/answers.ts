import { isSafeMultiLine } from "../../../platform/http/schemas";
import type { ItemDefinition, SectionDefinition } from "../../../seed/instruments/types";
import { DONT_KNOW, NOT_APPLICABLE } from "./scoring";

/**
 * Checks one section's answers against its items. Shared by the page, the census import and the
 * API, which differ in what they send:
 * - `"text"` (forms, CSV): every answer is text; a blank field means "not answered".
 * - `"json"` (the API, stored answers): every answer must already have its item's JSON type —
 *   numbers as numbers, choices as strings, several choices as an array — and only `null` (or `[]`
 *   for several choices) clears an answer. Nothing is converted: `true` is not a rating, `"4"` is
 *   not a count, and `""` or `false` do not quietly clear what was there.
 */
export type AnswerSource = "text" | "json";

/** The JSON type of a value sent for an item whose type it does not have. */
export type ReceivedKind = "boolean" | "number" | "string" | "empty string" | "array" | "object";

export type AnswerProblem =
  | {
      code: "rating" | "count" | "fte" | "yesno" | "choice" | "text" | "unknownItem";
      received?: ReceivedKind;
    }
  | { code: "enrollment"; enrollment: number };

export type AnswerCheck =
  | { ok: true; answers: Record<string, unknown> }
  | { ok: false; problems: Record<string, AnswerProblem>; submitted: Record<string, unknown> };

export const MAX_COUNT = 10_000_000;
export const MAX_FTE = 1000;
export const MAX_TEXT = 1000;

const blank = (v: unknown) =>
  v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

// Decimal numbers are checked as written, never through floating point: 0.29 * 100 is not 29.
const WHOLE = /^\d{1,12}$/;
const AT_MOST_TWO_DECIMALS = /^(\d{1,12}(\.\d{1,2})?|\.\d{1,2})$/;
const DECIMAL = /^\d{1,12}(\.\d{1,20})?$/;

/**
 * A JSON number as the shortest decimal text that reads back as the same number (how JavaScript
 * prints it): 1.1 → "1.1", 0.29 → "0.29", 1e-7 → "1e-7", so its decimals can be counted.
 */
const numberText = (n: number) => (Number.isFinite(n) ? String(n) : "NaN");

function receivedKind(v: unknown): ReceivedKind {
  if (typeof v === "string" && v.trim() === "") return "empty string";
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number") return "number";
  return typeof v === "string" ? "string" : "object";
}

/** The number an answer stands for, as text: form text as typed (trimmed), a JSON number as printed. */
function numeral(raw: unknown, source: AnswerSource): string | null {
  if (source === "json") return typeof raw === "number" ? numberText(raw) : null;
  return typeof raw === "string" ? raw.trim() : null;
}

function checkItem(
  item: ItemDefinition,
  raw: unknown,
  enrollment: number | null,
  source: AnswerSource,
): { value: unknown } | AnswerProblem {
  const optionKeys = new Set(item.options?.map((o) => o.key) ?? []);
  switch (item.type) {
    case "rating": {
      if (raw === DONT_KNOW || raw === NOT_APPLICABLE) return { value: raw };
      const text = numeral(raw, source);
      const n = text !== null && DECIMAL.test(text) ? Number(text) : Number.NaN;
      return Number.isInteger(n) && n >= 1 && n <= 6 ? { value: n } : { code: "rating" };
    }
    case "count": {
      const text = numeral(raw, source);
      // A form may say "12.0"; a JSON 12.0 is the number 12 already.
      const n =
        text !== null && (WHOLE.test(text) || /^\d{1,12}\.0+$/.test(text)) ? Number(text) : Number.NaN;
      if (!Number.isInteger(n) || n < 0 || n > MAX_COUNT) return { code: "count" };
      if (item.withinEnrollment && enrollment !== null && n > enrollment)
        return { code: "enrollment", enrollment };
      return { value: n };
    }
    case "fte": {
      const text = numeral(raw, source);
      const n = text !== null && AT_MOST_TWO_DECIMALS.test(text) ? Number(text) : Number.NaN;
      return n >= 0 && n <= MAX_FTE ? { value: n } : { code: "fte" };
    }
    case "yesno":
      return raw === "yes" || raw === "no" ? { value: raw } : { code: "yesno" };
    case "choice":
      return typeof raw === "string" && optionKeys.has(raw) ? { value: raw } : { code: "choice" };
    case "multi": {
      // A form with one box ticked posts a single value; JSON always sends a list.
      const list = Array.isArray(raw) ? raw : source === "text" ? [raw] : null;
      if (!list?.every((v) => typeof v === "string" && optionKeys.has(v))) return { code: "choice" };
      // Kept in the instrument's order, once each, so equal answers compare equal.
      return { value: item.options!.map((o) => o.key).filter((k) => list.includes(k)) };
    }
    case "text": {
      if (typeof raw !== "string" || raw.length > MAX_TEXT || !isSafeMultiLine(raw)) return { code: "text" };
      // In JSON an empty text (or spaces only) is not a way to clear an answer: null is.
      if (source === "json" && raw.trim() === "") return { code: "text" };
      return { value: raw.trim() };
    }
  }
}

/** Which answers clear an item: a blank form field; in JSON only null, or [] for several choices. */
function clears(item: ItemDefinition, raw: unknown, source: AnswerSource): boolean {
  if (raw === undefined || raw === null) return true;
  if (source === "json") return item.type === "multi" && Array.isArray(raw) && raw.length === 0;
  return blank(raw) || (typeof raw === "string" && raw.trim() === "" && item.type !== "text");
}

export function checkSectionAnswers(
  section: SectionDefinition,
  submitted: Record<string, unknown>,
  enrollment: number | null,
  source: AnswerSource,
): AnswerCheck {
  const items = new Map(section.items.map((i) => [i.key, i]));
  const answers: Record<string, unknown> = {};
  const problems: Record<string, AnswerProblem> = {};
  for (const [key, raw] of Object.entries(submitted)) {
    const item = items.get(key);
    if (!item) {
      problems[key] = { code: "unknownItem" };
      continue;
    }
    if (clears(item, raw, source)) continue;
    const result = checkItem(item, raw, enrollment, source);
    if ("code" in result) {
      problems[key] =
        source === "json" && result.code !== "enrollment" && wrongJsonType(item, raw)
          ? { ...result, received: receivedKind(raw) }
          : result;
    } else if (!blank(result.value)) answers[key] = result.value;
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems, submitted } : { ok: true, answers };
}

/** Whether a JSON value has a type its item never takes (as opposed to a value out of range). */
function wrongJsonType(item: ItemDefinition, raw: unknown): boolean {
  if (
    (typeof raw === "string" && raw.trim() === "") ||
    typeof raw === "boolean" ||
    (raw !== null && typeof raw === "object" && !Array.isArray(raw))
  )
    return true;
  switch (item.type) {
    case "rating":
      return typeof raw !== "number" && raw !== DONT_KNOW && raw !== NOT_APPLICABLE;
    case "count":
    case "fte":
      return typeof raw !== "number";
    case "multi":
      return !Array.isArray(raw);
    default:
      return typeof raw !== "string";
  }
}

const EXPECTED: Record<Exclude<AnswerProblem["code"], "enrollment">, string> = {
  rating: 'must be a whole number from 1 to 6, or "dk" (don\'t know) or "na" (not applicable)',
  count: `must be a whole number from 0 to ${MAX_COUNT}`,
  fte: `must be a number from 0 to ${MAX_FTE} with at most two decimals`,
  yesno: 'must be "yes" or "no"',
  choice: "must be one of the item's option keys (a list of them for several choices)",
  text: `must be text of at most ${MAX_TEXT} characters without control characters`,
  unknownItem: "is not a question of this section",
};

/** What an API caller is told about one answer (English, like every problem detail). */
export function answerProblemDetail(problem: AnswerProblem): string {
  if (problem.code === "enrollment") return `is more than the ${problem.enrollment} students enrolled`;
  if (problem.code === "unknownItem") return EXPECTED.unknownItem;
  const got =
    problem.received === "empty string"
      ? " (got an empty string; send null to clear an answer)"
      : problem.received
        ? ` (got ${problem.received === "array" ? "an" : "a"} ${problem.received})`
        : "";
  return `is not a valid ${problem.code} answer: it ${EXPECTED[problem.code]}${got}`;
}

/** The answers that differ between two versions of a section: what the audit trail records. */
export function changedAnswers(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of keys) {
    if (JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue;
    b[key] = before[key] ?? null;
    a[key] = after[key] ?? null;
  }
  return Object.keys(a).length > 0 ? { before: b, after: a } : null;
}

/** How many of a section's items have an answer, for progress. */
export function answeredCount(section: SectionDefinition, answers: Record<string, unknown>): number {
  return section.items.filter((i) => !blank(answers[i.key])).length;
}
