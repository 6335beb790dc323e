import { STATES } from "../../platform/geo/states";
import { isSafeSingleLine } from "../../platform/http/schemas";
import { normaliseGrade, normaliseLocaleCode } from "./labels";

/**
 * One row of an NCES Common Core of Data school file, checked and normalised. Pure: no I/O, so
 * the rules are tested with hand-written rows.
 */
export interface NcesSchoolRow {
  line: number;
  ncesId: string;
  leaId: string;
  name: string;
  leaName: string;
  stateCode: string;
  address: string | null;
  city: string | null;
  zip: string | null;
  gradeLow: string | null;
  gradeHigh: string | null;
  locale: string | null;
  enrollment: number | null;
}

export type RowProblemCode =
  | "ncesFormat"
  | "leaFormat"
  | "leaMismatch"
  | "stateUnknown"
  | "nameMissing"
  | "leaNameMissing"
  | "textInvalid"
  | "duplicate";

export interface RowProblem {
  line: number;
  field: string;
  code: RowProblemCode;
  value: string | null;
}

/** The columns a file must have (any of the names in each group), matched case-insensitively. */
export const COLUMN_NAMES = {
  ncesId: ["NCESSCH"],
  leaId: ["LEAID"],
  name: ["SCH_NAME", "SCHNAM"],
  leaName: ["LEA_NAME", "LEANM"],
  state: ["ST", "STABR", "LSTATE"],
  address: ["LSTREET1", "LSTREE"],
  city: ["LCITY"],
  zip: ["LZIP"],
  gradeLow: ["GSLO"],
  gradeHigh: ["GSHI"],
  locale: ["LOCALE", "ULOCALE", "ULOCAL"],
  enrollment: ["MEMBER", "TOTAL", "ENROLLMENT"],
} as const;
export type ColumnKey = keyof typeof COLUMN_NAMES;
export const REQUIRED_COLUMNS: ColumnKey[] = ["ncesId", "leaId", "name", "leaName", "state"];

export type ColumnMap = Partial<Record<ColumnKey, string>>;

/** Which header of the file feeds each field; the required ones that are missing, by their main name. */
export function mapColumns(headers: string[]): { map: ColumnMap; missing: string[] } {
  const present = new Set(headers.map((h) => h.trim().toUpperCase()));
  const map: ColumnMap = {};
  for (const [key, names] of Object.entries(COLUMN_NAMES) as [ColumnKey, readonly string[]][]) {
    const found = names.find((n) => present.has(n));
    if (found) map[key] = found;
  }
  const missing = REQUIRED_COLUMNS.filter((k) => !map[k]).map((k) => COLUMN_NAMES[k][0]);
  return { map, missing };
}

const STATE_BY_CODE = new Set(STATES.map((s) => s.code));

// Spreadsheets drop the leading zero of Alabama, Alaska and the other FIPS codes below 10.
const padIfShort = (digits: string, length: number) => (digits.length === length - 1 ? `0${digits}` : digits);

export function parseNcesRecord(
  record: Record<string, string | undefined>,
  columns: ColumnMap,
  line: number,
): { row: NcesSchoolRow | null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const raw = (key: ColumnKey) => {
    const column = columns[key];
    return column ? (record[column] ?? "").trim() : "";
  };
  const fail = (key: ColumnKey, code: RowProblemCode, value: string) =>
    problems.push({
      line,
      field: columns[key] ?? COLUMN_NAMES[key][0],
      code,
      value: value.slice(0, 100) || null,
    });
  const text = (key: ColumnKey, required?: RowProblemCode): string | null => {
    const value = raw(key).replace(/\s+/g, " ");
    if (!value) {
      if (required) fail(key, required, value);
      return null;
    }
    if (!isSafeSingleLine(value) || value.length > 200) {
      fail(key, "textInvalid", value);
      return null;
    }
    return value;
  };

  const ncesRaw = raw("ncesId");
  const ncesId = /^\d{11,12}$/.test(ncesRaw) ? padIfShort(ncesRaw, 12) : ncesRaw;
  if (!/^\d{12}$/.test(ncesId)) fail("ncesId", "ncesFormat", ncesRaw);
  const leaRaw = raw("leaId");
  const leaId = /^\d{6,7}$/.test(leaRaw) ? padIfShort(leaRaw, 7) : leaRaw;
  if (!/^\d{7}$/.test(leaId)) fail("leaId", "leaFormat", leaRaw);
  else if (/^\d{12}$/.test(ncesId) && !ncesId.startsWith(leaId)) fail("leaId", "leaMismatch", leaRaw);
  const stateCode = raw("state").toUpperCase();
  if (!STATE_BY_CODE.has(stateCode)) fail("state", "stateUnknown", raw("state"));
  const name = text("name", "nameMissing");
  const leaName = text("leaName", "leaNameMissing");
  const address = text("address");
  const city = text("city");
  const zipDigits = raw("zip").match(/^(\d{4,5})(?:-\d{4})?$/)?.[1];
  const enrollmentRaw = raw("enrollment").replace(/,/g, "");
  // NCES writes -1, -2 and -9 (and "M", "N") for missing or not applicable.
  const enrollment = /^\d{1,6}$/.test(enrollmentRaw) ? Number(enrollmentRaw) : null;

  if (problems.length > 0 || !name || !leaName) return { row: null, problems };
  return {
    row: {
      line,
      ncesId,
      leaId,
      name,
      leaName,
      stateCode,
      address,
      city,
      zip: zipDigits ? zipDigits.padStart(5, "0") : null,
      gradeLow: normaliseGrade(raw("gradeLow")),
      gradeHigh: normaliseGrade(raw("gradeHigh")),
      locale: normaliseLocaleCode(raw("locale")),
      enrollment,
    },
    problems,
  };
}
