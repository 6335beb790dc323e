import { parse } from "csv-parse/sync";

/**
 * Periods and values of a measure, checked before anything is written: a row of a form, of an
 * API call or of an uploaded CSV file goes through the same rules, and one bad row refuses the
 * whole batch with every problem named by row and column.
 */

export type MeasureType = "count" | "proportion" | "rate" | "mean";
export type Period = "week" | "month";

export interface ValueRow {
  /** The period as given (YYYY-MM for a month, or any date in the period). */
  period: string;
  /** The value (count, mean) or numerator (proportion, rate). */
  value?: number | string | null;
  denominator?: number | string | null;
}

export interface CleanRow {
  periodStart: string;
  value: number;
  denominator: number | null;
}

export type RowProblemCode =
  | "periodInvalid"
  | "periodDuplicate"
  | "periodFuture"
  | "valueMissing"
  | "valueNotNumber"
  | "valueNegative"
  | "valueNotWhole"
  | "denominatorMissing"
  | "denominatorNotPositive"
  | "denominatorNotWhole"
  | "numeratorAboveDenominator"
  | "columnsMissing"
  | "fileEmpty"
  | "fileUnreadable"
  | "tooManyRows";

export interface RowProblem {
  /** 1-based row of the data (the CSV header is row 0), 0 for the whole file. */
  row: number;
  column: "period" | "value" | "numerator" | "denominator" | "file";
  code: RowProblemCode;
}

export const MAX_ROWS = 520;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const isoMonth = /^(\d{4})-(\d{2})$/;

/** The first day of the period containing the date (months: the 1st; weeks: the Monday). */
export function periodStartOf(input: string, period: Period): string | null {
  const text = input.trim();
  let year: number;
  let month: number;
  let day: number;
  const m = isoMonth.exec(text);
  const d = isoDate.exec(text);
  if (m) {
    if (period === "week") return null;
    [year, month, day] = [Number(m[1]), Number(m[2]), 1];
  } else if (d) {
    [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  } else return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  if (year < 1990 || year > 2100) return null;
  if (period === "month") return `${text.slice(0, 7)}-01`;
  const mondayOffset = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - mondayOffset * 86_400_000).toISOString().slice(0, 10);
}

/** The start of the period after this one. */
export function nextPeriodStart(start: string, period: Period): string {
  const date = new Date(`${start}T00:00:00Z`);
  if (period === "week") return new Date(date.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

const needsDenominator = (type: MeasureType) => type === "proportion" || type === "rate";

function numberOf(raw: number | string | null | undefined): number | null | "bad" {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : "bad";
  const text = raw.trim();
  if (text === "") return null;
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(text)) return "bad";
  return Number(text);
}

/**
 * Checks every row; returns the clean rows or every problem found. Periods must be real dates,
 * not after the current period, and not repeated; counts and numerators whole numbers ≥ 0;
 * denominators whole numbers above 0 for proportions (numerator at most the denominator) and
 * numbers above 0 for rates; means any number ≥ 0.
 */
export function checkRows(
  rows: readonly ValueRow[],
  measure: { type: MeasureType; period: Period },
  today = new Date(),
): { ok: true; rows: CleanRow[] } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  if (rows.length > MAX_ROWS)
    return { ok: false, problems: [{ row: 0, column: "file", code: "tooManyRows" }] };
  const latest = periodStartOf(today.toISOString().slice(0, 10), measure.period) as string;
  const seen = new Set<string>();
  const clean: CleanRow[] = [];
  const valueColumn = needsDenominator(measure.type) ? "numerator" : "value";
  rows.forEach((row, i) => {
    const at = i + 1;
    const problem = (column: RowProblem["column"], code: RowProblemCode) =>
      problems.push({ row: at, column, code });
    const start = periodStartOf(String(row.period ?? ""), measure.period);
    if (!start) problem("period", "periodInvalid");
    else if (start > latest) problem("period", "periodFuture");
    else if (seen.has(start)) problem("period", "periodDuplicate");
    else seen.add(start);

    const value = numberOf(row.value);
    let valueOk = false;
    if (value === null) problem(valueColumn, "valueMissing");
    else if (value === "bad") problem(valueColumn, "valueNotNumber");
    else if (value < 0) problem(valueColumn, "valueNegative");
    else if (measure.type !== "mean" && !Number.isInteger(value)) problem(valueColumn, "valueNotWhole");
    else valueOk = true;

    let denominator: number | null = null;
    if (needsDenominator(measure.type)) {
      const d = numberOf(row.denominator);
      if (d === null) problem("denominator", "denominatorMissing");
      else if (d === "bad" || d <= 0) problem("denominator", "denominatorNotPositive");
      else if (measure.type === "proportion" && !Number.isInteger(d))
        problem("denominator", "denominatorNotWhole");
      else {
        denominator = d;
        if (measure.type === "proportion" && valueOk && (value as number) > d) {
          problem("numerator", "numeratorAboveDenominator");
        }
      }
    }
    if (start && valueOk) clean.push({ periodStart: start, value: value as number, denominator });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, rows: clean.sort((a, b) => a.periodStart.localeCompare(b.periodStart)) };
}

/** The CSV columns a measure's file has (header row, in this order). */
export function csvColumns(type: MeasureType): string[] {
  return needsDenominator(type) ? ["period", "numerator", "denominator"] : ["period", "value"];
}

/**
 * Reads an uploaded CSV (header row naming the columns, in any order; extra columns ignored)
 * into rows for `checkRows`. A missing column or an unreadable file is a problem of the file.
 */
export function readValuesCsv(
  text: string,
  type: MeasureType,
): { ok: true; rows: ValueRow[] } | { ok: false; problems: RowProblem[] } {
  const file = (code: RowProblemCode): { ok: false; problems: RowProblem[] } => ({
    ok: false,
    problems: [{ row: 0, column: "file", code }],
  });
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch {
    return file("fileUnreadable");
  }
  if (records.length < 2) return file("fileEmpty");
  if (records.length - 1 > MAX_ROWS) return file("tooManyRows");
  const header = records[0].map((h) => h.toLowerCase());
  const index = Object.fromEntries(csvColumns(type).map((c) => [c, header.indexOf(c)]));
  if (Object.values(index).some((i) => i < 0)) return file("columnsMissing");
  const valueAt = needsDenominator(type) ? index.numerator : index.value;
  return {
    ok: true,
    rows: records.slice(1).map((record) => ({
      period: record[index.period] ?? "",
      value: record[valueAt] ?? "",
      denominator: needsDenominator(type) ? (record[index.denominator] ?? "") : null,
    })),
  };
}
