/**
 * Small-cell suppression for anything shown to people who may not read the schools behind it
 * (the public, researchers, peers): primary suppression of every cell built from fewer than 10
 * schools, then complementary suppression so that no hidden cell can be worked out by
 * subtraction from a published total or from the other cells of its row and column.
 * Pure functions, no I/O (docs/decisions/013-complementary-suppression.md).
 *
 * The model: a table of inner cells with, optionally, a total beside each row, a total under
 * each column and a grand total. Every line (a row with its total, a column with its total)
 * adds up. A margin that is not published is treated as a hidden cell that never needs
 * protecting, which is exactly the freedom an absent total gives a reader.
 *
 * A hidden cell can be worked out exactly when it lies on no cycle of hidden cells (rows and
 * columns as the nodes of a graph, hidden cells as its edges: a cycle lets the values along it
 * move up and down together while every line still adds up; a cell on no cycle cannot move).
 * So each small cell must lie on a cycle; where it does not, the cheapest set of shown cells
 * that closes one (fewest schools hidden) is hidden too. And because the hidden cells of a line
 * add up to its total minus the shown ones, they must together come from at least 10 schools.
 */

/** Fewer schools than this behind a cell and it is not shown. */
export const SMALLEST_SHOWN_CELL = 10;

/** Why a cell is hidden: too few schools behind it, or to protect a small cell. */
export type HiddenReason = "small" | "complementary";

export interface TableToProtect {
  /** Schools (or the count itself, for counts of schools) behind each inner cell: cells[row][column]. */
  cells: number[][];
  /** Each row's total is published beside it (a state beside its districts). */
  rowTotals: boolean;
  /** Each column's total is published under it (the nation under its states). */
  columnTotals: boolean;
  /** The grand total is published; by default when either kind of total is. */
  grandTotal?: boolean;
  /** By default SMALLEST_SHOWN_CELL. */
  smallest?: number;
}

export interface ProtectedTable {
  cells: (HiddenReason | null)[][];
  /** null where shown or not published. */
  rowTotals: (HiddenReason | null)[];
  columnTotals: (HiddenReason | null)[];
  grandTotal: HiddenReason | null;
}

type State = "shown" | "small" | "complementary" | "unpublished";

interface Grid {
  rows: number;
  columns: number;
  /** (rows + 1) × (columns + 1): the last row holds the column totals, the last column the row totals. */
  n: number[][];
  state: State[][];
}

const isHidden = (state: State) => state !== "shown";

/** Protects a table; the answer says, per cell and total, whether and why it is hidden. */
export function protectTable(table: TableToProtect): ProtectedTable {
  const smallest = table.smallest ?? SMALLEST_SHOWN_CELL;
  const grid = gridOf(table, smallest);
  for (let changed = true; changed; ) {
    // Cycles first: a cycle usually also lifts its lines' hidden sums to 10 or more.
    changed = protectSmallCells(grid) || protectLineSums(grid, smallest);
  }
  return answerOf(grid);
}

/**
 * The common case: parts of one published total (the districts of a state, the states of the
 * nation). Hides every part under 10 and, where needed, the next smallest parts.
 */
export function protectParts(
  parts: number[],
  smallest = SMALLEST_SHOWN_CELL,
): { parts: (HiddenReason | null)[]; total: HiddenReason | null } {
  const answer = protectTable({ cells: [parts], rowTotals: true, columnTotals: false, smallest });
  return { parts: answer.cells[0] ?? [], total: answer.rowTotals[0] ?? null };
}

function gridOf(table: TableToProtect, smallest: number): Grid {
  const rows = table.cells.length;
  const columns = Math.max(0, ...table.cells.map((row) => row.length));
  const grandPublished = table.grandTotal ?? (table.rowTotals || table.columnTotals);
  const n: number[][] = [];
  const state: State[][] = [];
  for (let r = 0; r <= rows; r++) {
    n.push([]);
    state.push([]);
    for (let c = 0; c <= columns; c++) {
      const value = cellCount(table.cells, r, c, rows, columns);
      const published =
        r < rows && c < columns
          ? true
          : r < rows
            ? table.rowTotals
            : c < columns
              ? table.columnTotals
              : grandPublished;
      n[r]!.push(value);
      state[r]!.push(!published ? "unpublished" : value < smallest ? "small" : "shown");
    }
  }
  return { rows, columns, n, state };
}

function cellCount(cells: number[][], r: number, c: number, rows: number, columns: number): number {
  const at = (row: number, column: number) => cells[row]?.[column] ?? 0;
  if (r < rows && c < columns) return at(r, c);
  if (r < rows) return sum(Array.from({ length: columns }, (_, column) => at(r, column)));
  if (c < columns) return sum(Array.from({ length: rows }, (_, row) => at(row, c)));
  return sum(cells.map((row) => sum(row)));
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** A line: the cells of a row or column, the last being its total. */
function linesOf(grid: Grid): [number, number][][] {
  const lines: [number, number][][] = [];
  for (let r = 0; r <= grid.rows; r++) {
    lines.push(Array.from({ length: grid.columns + 1 }, (_, c) => [r, c]));
  }
  for (let c = 0; c <= grid.columns; c++) {
    lines.push(Array.from({ length: grid.rows + 1 }, (_, r) => [r, c]));
  }
  return lines;
}

/**
 * Where a line's total is shown, its hidden parts add up to the total minus the shown parts:
 * if they come from 1 to 9 schools together, that sum is itself a small cell. Hide the smallest
 * shown part (or, when none is left, the total) until they come from 10 or more.
 */
function protectLineSums(grid: Grid, smallest: number): boolean {
  let changed = false;
  for (const line of linesOf(grid)) {
    const [tr, tc] = line[line.length - 1]!;
    if (isHidden(grid.state[tr]![tc]!)) continue;
    const parts = line.slice(0, -1);
    const hidden = parts.filter(([r, c]) => isHidden(grid.state[r]![c]!));
    if (hidden.length === 0) continue;
    const hiddenSchools = sum(
      hidden.map(([r, c]) =>
        grid.state[r]![c] === "unpublished" ? Number.POSITIVE_INFINITY : grid.n[r]![c]!,
      ),
    );
    if (hiddenSchools >= smallest) continue;
    const shown = parts.filter(([r, c]) => !isHidden(grid.state[r]![c]!));
    const [hr, hc] = shown.length ? smallestCell(grid, shown) : [tr, tc];
    grid.state[hr]![hc] = "complementary";
    changed = true;
  }
  return changed;
}

function smallestCell(grid: Grid, cells: [number, number][]): [number, number] {
  return cells.reduce((best, cell) =>
    grid.n[cell[0]]![cell[1]]! < grid.n[best[0]]![best[1]]! ? cell : best,
  );
}

/** Every small cell must lie on a cycle of hidden cells; close one where it does not. */
function protectSmallCells(grid: Grid): boolean {
  for (let r = 0; r <= grid.rows; r++) {
    for (let c = 0; c <= grid.columns; c++) {
      if (grid.state[r]![c] !== "small") continue;
      if (onCycle(grid, r, c)) continue;
      const path = cheapestPath(grid, r, c);
      // No other path at all (a table of one cell with no totals): nothing can be subtracted.
      if (!path) continue;
      for (const [pr, pc] of path) {
        if (grid.state[pr]![pc] === "shown") grid.state[pr]![pc] = "complementary";
      }
      return true;
    }
  }
  return false;
}

/** Row nodes are 0..rows, column nodes rows+1..rows+columns+1. */
const columnNode = (grid: Grid, c: number) => grid.rows + 1 + c;

/** Whether row r and column c stay connected through hidden cells other than (r, c). */
function onCycle(grid: Grid, r: number, c: number): boolean {
  const target = columnNode(grid, c);
  const seen = new Set<number>([r]);
  const queue = [r];
  while (queue.length) {
    const node = queue.shift()!;
    for (const [next, cell] of neighbours(grid, node)) {
      if (cell[0] === r && cell[1] === c) continue;
      if (!isHidden(grid.state[cell[0]]![cell[1]]!) || seen.has(next)) continue;
      if (next === target) return true;
      seen.add(next);
      queue.push(next);
    }
  }
  return false;
}

function* neighbours(grid: Grid, node: number): Generator<[number, [number, number]]> {
  if (node <= grid.rows) {
    for (let c = 0; c <= grid.columns; c++) yield [columnNode(grid, c), [node, c]];
  } else {
    const c = node - grid.rows - 1;
    for (let r = 0; r <= grid.rows; r++) yield [r, [r, c]];
  }
}

/**
 * The cells to hide so that (r, c) lies on a cycle at least cost: a path from its column back to
 * its row through other cells, where a hidden cell costs nothing and a shown one the schools
 * behind it (plus a little, so that of equal costs the path hiding fewer cells wins).
 */
function cheapestPath(grid: Grid, r: number, c: number): [number, number][] | null {
  const nodes = grid.rows + grid.columns + 2;
  const cost = new Array<number>(nodes).fill(Number.POSITIVE_INFINITY);
  const via = new Array<[number, [number, number]] | null>(nodes).fill(null);
  const done = new Array<boolean>(nodes).fill(false);
  const start = columnNode(grid, c);
  cost[start] = 0;
  for (;;) {
    let node = -1;
    for (let i = 0; i < nodes; i++) {
      if (!done[i] && cost[i]! < Number.POSITIVE_INFINITY && (node < 0 || cost[i]! < cost[node]!)) node = i;
    }
    if (node < 0) return null;
    if (node === r) break;
    done[node] = true;
    for (const [next, cell] of neighbours(grid, node)) {
      if ((cell[0] === r && cell[1] === c) || done[next]) continue;
      const state = grid.state[cell[0]]![cell[1]]!;
      const step = isHidden(state) ? 0 : grid.n[cell[0]]![cell[1]]! + 1e-3;
      if (cost[node]! + step < cost[next]!) {
        cost[next] = cost[node]! + step;
        via[next] = [node, cell];
      }
    }
  }
  const path: [number, number][] = [];
  for (let node = r; node !== start; ) {
    const [previous, cell] = via[node]!;
    path.push(cell);
    node = previous;
  }
  return path;
}

function answerOf(grid: Grid): ProtectedTable {
  const reason = (r: number, c: number): HiddenReason | null => {
    const state = grid.state[r]![c]!;
    return state === "small" || state === "complementary" ? state : null;
  };
  return {
    cells: Array.from({ length: grid.rows }, (_, r) =>
      Array.from({ length: grid.columns }, (_, c) => reason(r, c)),
    ),
    rowTotals: Array.from({ length: grid.rows }, (_, r) => reason(r, grid.columns)),
    columnTotals: Array.from({ length: grid.columns }, (_, c) => reason(grid.rows, c)),
    grandTotal: reason(grid.rows, grid.columns),
  };
}
