import { isSafeMultiLine } from "../../platform/http/schemas";
import type { ItemDefinition, SectionDefinition } from "../../seed/instruments/types";
import { DONT_KNOW, NOT_APPLICABLE } from "./scoring";

/**
 * Checks one section's answers against its items, whether they come from a form (strings) or
 * from JSON. Blank means "not answered yet" and is dropped. Shared by the page and the API.
 */
export type AnswerProblem =
  | { code: "rating" | "count" | "fte" | "yesno" | "choice" | "text" | "unknownItem" }
  | { code: "enrollment"; enrollment: number };

export type AnswerCheck =
  | { ok: true; answers: Record<string, unknown> }
  | { ok: false; problems: Record<string, AnswerProblem>; submitted: Record<string, unknown> };

export const MAX_COUNT = 10_000_000;
export const MAX_FTE = 1000;
export const MAX_TEXT = 1000;

const blank = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

function asNumber(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && /^\s*\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

function checkItem(item: ItemDefinition, raw: unknown, enrollment: number | null): { value: unknown } | AnswerProblem {
  const optionKeys = new Set(item.options?.map((o) => o.key) ?? []);
  switch (item.type) {
    case "rating": {
      if (raw === DONT_KNOW || raw === NOT_APPLICABLE) return { value: raw };
      const n = asNumber(raw);
      return n !== null && Number.isInteger(n) && n >= 1 && n <= 6 ? { value: n } : { code: "rating" };
    }
    case "count": {
      const n = asNumber(raw);
      if (n === null || !Number.isInteger(n) || n < 0 || n > MAX_COUNT) return { code: "count" };
      if (item.withinEnrollment && enrollment !== null && n > enrollment) return { code: "enrollment", enrollment };
      return { value: n };
    }
    case "fte": {
      const n = asNumber(raw);
      return n !== null && n >= 0 && n <= MAX_FTE && Math.round(n * 100) === n * 100 ? { value: n } : { code: "fte" };
    }
    case "yesno":
      return raw === "yes" || raw === "no" ? { value: raw } : { code: "yesno" };
    case "choice":
      return typeof raw === "string" && optionKeys.has(raw) ? { value: raw } : { code: "choice" };
    case "multi": {
      const list = Array.isArray(raw) ? raw : [raw];
      if (!list.every((v) => typeof v === "string" && optionKeys.has(v))) return { code: "choice" };
      // Kept in the instrument's order, once each, so equal answers compare equal.
      return { value: item.options!.map((o) => o.key).filter((k) => list.includes(k)) };
    }
    case "text":
      return typeof raw === "string" && raw.length <= MAX_TEXT && isSafeMultiLine(raw) ? { value: raw.trim() } : { code: "text" };
  }
}

export function checkSectionAnswers(
  section: SectionDefinition,
  submitted: Record<string, unknown>,
  enrollment: number | null,
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
    if (blank(raw) || (typeof raw === "string" && raw.trim() === "" && item.type !== "text")) continue;
    const result = checkItem(item, raw, enrollment);
    if ("code" in result) problems[key] = result;
    else if (!blank(result.value)) answers[key] = result.value;
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems, submitted } : { ok: true, answers };
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
