import type { Locale } from "../../../platform/i18n";
import { formatNumber, numberFormat } from "../../../platform/i18n/formats";
import { COMPOSITE, type PublicCell, type PublicDashboard, type PublicRow, type PublicYear } from "./service";

/**
 * One description of each table, used by the page, the CSV and the API, so that the download
 * holds exactly what the page shows: the same rows, the same columns, the same hidden cells.
 */
export interface Column {
  /** CSV header and API field. */
  key: string;
  kind: "count" | "mean";
  title: (locale: Locale) => string;
  cell: (row: PublicRow) => PublicCell | number;
}

export interface ColumnLabels {
  schools: string;
  profile: string;
  quality: string;
  composite: string;
}

export function yearColumns(
  dashboard: Pick<PublicDashboard, "domains">,
  labels: (locale: Locale) => ColumnLabels,
): Column[] {
  return [
    { key: "schools", kind: "count", title: (l) => labels(l).schools, cell: (row) => row.schools },
    {
      key: "schools_with_profile",
      kind: "count",
      title: (l) => labels(l).profile,
      cell: (row) => row.profile,
    },
    {
      key: "schools_with_assessment",
      kind: "count",
      title: (l) => labels(l).quality,
      cell: (row) => row.quality,
    },
    ...dashboard.domains.map(
      (d): Column => ({
        key: `mean_${d.key}`,
        kind: "mean",
        title: (l) => d.title[l],
        cell: (row) => row.means[d.key]!,
      }),
    ),
    {
      key: `mean_${COMPOSITE}`,
      kind: "mean",
      title: (l) => labels(l).composite,
      cell: (row) => row.means[COMPOSITE]!,
    },
  ];
}

/** The rows of a year's table: every state, then the nation. */
export function yearRows(year: PublicYear): PublicRow[] {
  return [...year.states, year.nation];
}

/** What a cell holds in a CSV: its figure, or "hidden". */
export function plainValue(cell: PublicCell | number): number | string {
  if (typeof cell === "number") return cell;
  if (cell.hidden) return "hidden";
  return cell.value ?? "";
}

/** A mean at one decimal, a count as a whole number, in the page's language. */
export function cellText(column: Column, row: PublicRow, locale: Locale, hiddenText: string): string {
  const cell = column.cell(row);
  if (typeof cell === "number") return formatNumber(locale, cell);
  if (cell.hidden) return hiddenText;
  if (cell.value === null) return "–";
  return column.kind === "count"
    ? formatNumber(locale, cell.value)
    : numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(cell.value);
}
