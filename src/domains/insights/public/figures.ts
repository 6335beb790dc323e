import { type HiddenReason, protectTable } from "../../../platform/privacy/suppression";

/**
 * The public national figures, protected: pure functions from raw running sums and counts to
 * what a signed-out visitor may see. One table per school year: a row per state, a column per
 * figure (schools with a profile, schools with an assessment, each domain mean, the composite),
 * and the nation under each column as its total. Every cell from fewer than 10 schools is hidden,
 * and complementary cells so that no state's figure is the nation's minus the others'.
 */

/** A running sum of scores and the number of schools behind it. */
export interface RawMean {
  sum: number;
  n: number;
}

export interface RawScope {
  /** Directory figures (public): the scope's code, name and number of schools. */
  code: string;
  name: string;
  schools: number;
  /** Schools that submitted a profile / an assessment this year (and share their data). */
  profile: number;
  quality: number;
  /** Domain key (and "composite") → running sum and n. */
  means: Record<string, RawMean>;
}

/** A shown figure, or why it is hidden (`value` null and `hidden` null: nothing on record). */
export interface PublicCell {
  value: number | null;
  hidden: HiddenReason | null;
}

export interface PublicRow {
  code: string;
  name: string;
  schools: number;
  profile: PublicCell;
  quality: PublicCell;
  means: Record<string, PublicCell>;
}

export interface PublicYear {
  schoolYear: string;
  states: PublicRow[];
  nation: PublicRow;
}

/** Protects one school year's table: states as rows, the nation as each column's total. */
export function protectYear(
  schoolYear: string,
  meanKeys: string[],
  states: RawScope[],
  nation: RawScope,
): PublicYear {
  const columns = (scope: RawScope) => [
    scope.profile,
    scope.quality,
    ...meanKeys.map((key) => scope.means[key]?.n ?? 0),
  ];
  const answer = protectTable({
    cells: states.map(columns),
    rowTotals: false,
    columnTotals: true,
    grandTotal: false,
  });
  const rowOf = (scope: RawScope, hidden: (HiddenReason | null)[]): PublicRow => ({
    code: scope.code,
    name: scope.name,
    schools: scope.schools,
    profile: countCell(scope.profile, hidden[0] ?? null),
    quality: countCell(scope.quality, hidden[1] ?? null),
    means: Object.fromEntries(
      meanKeys.map((key, i) => [key, meanCellOf(scope.means[key], hidden[i + 2] ?? null)]),
    ),
  });
  return {
    schoolYear,
    states: states.map((state, r) => rowOf(state, answer.cells[r] ?? [])),
    nation: rowOf(nation, answer.columnTotals),
  };
}

function countCell(count: number, hidden: HiddenReason | null): PublicCell {
  return hidden ? { value: null, hidden } : { value: count, hidden: null };
}

/** Means are shown at one decimal, half up, as everywhere else (2.95 → 3.0). */
function meanCellOf(raw: RawMean | undefined, hidden: HiddenReason | null): PublicCell {
  if (hidden) return { value: null, hidden };
  if (!raw || raw.n === 0) return { value: null, hidden: null };
  return { value: Math.round((raw.sum / raw.n) * 10 + 1e-9) / 10, hidden: null };
}

/** The share of a scope's schools a count stands for, in whole percent; null when hidden. */
export function shareOf(cell: PublicCell, schools: number): number | null {
  if (cell.value === null || schools === 0) return null;
  return Math.round((cell.value / schools) * 100);
}
