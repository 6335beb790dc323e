import { describe, expect, it } from "vitest";
import { type ProtectedTable, protectParts, protectTable, type TableToProtect } from "./suppression";

const hiddenOf = (answer: ProtectedTable) =>
  answer.cells.flatMap((row, r) => row.flatMap((reason, c) => (reason ? [`${r},${c}:${reason}`] : [])));

describe("one published total over its parts (a state over its districts, the nation over its states)", () => {
  it("one small part: the smallest shown part is hidden with it, so total minus the others gives nothing", () => {
    // Districts 25, 4, 30, 12 of a state of 71: 71 − 25 − 30 − 12 would give the 4.
    const answer = protectParts([25, 4, 30, 12]);
    expect(answer.parts).toEqual([null, "small", null, "complementary"]);
    expect(answer.total).toBeNull();
  });

  it("two small parts from 10 or more schools together protect each other", () => {
    // 6 + 7 = 13 schools: the pair's sum (total − shown) is itself a cell of 13, and each is unknown.
    expect(protectParts([6, 7, 40, 20]).parts).toEqual(["small", "small", null, null]);
  });

  it("two small parts from fewer than 10 together: their sum would be a small cell, so a third is hidden", () => {
    // 3 + 5 = 8 = 79 − 40 − 20 − 11: hide the smallest shown part (11) as well.
    const answer = protectParts([3, 5, 40, 20, 11]);
    expect(answer.parts).toEqual(["small", "small", null, null, "complementary"]);
  });

  it("a total minus the shown parts: with one shown part left besides the small one, that part is hidden", () => {
    expect(protectParts([40, 30, 8]).parts).toEqual([null, "complementary", "small"]);
    expect(protectParts([50, 8])).toEqual({ parts: ["complementary", "small"], total: null });
  });

  it("a total from fewer than 10 schools is hidden with every part", () => {
    expect(protectParts([3, 4])).toEqual({ parts: ["small", "small"], total: "small" });
  });

  it("nothing small, nothing hidden", () => {
    expect(protectParts([10, 11, 250])).toEqual({ parts: [null, null, null], total: null });
  });

  it("participation counts follow the same rule: a count under 10, zero included, is hidden and protected", () => {
    // Participating schools by state, the nation's 205 published: the 7 would be 205 − 120 − 45 − 33.
    expect(protectParts([120, 45, 7, 33]).parts).toEqual([null, null, "small", "complementary"]);
    // A state where none took part: the 0 is as derivable as any other count.
    expect(protectParts([120, 0, 45]).parts).toEqual([null, "small", "complementary"]);
  });
});

describe("a table with row and column totals", () => {
  //   20 15  4 |  39
  //   12 30 25 |  67
  //   18 11 40 |  69
  //   ---------+----
  //   50 56 69 | 175
  const table: TableToProtect = {
    cells: [
      [20, 15, 4],
      [12, 30, 25],
      [18, 11, 40],
    ],
    rowTotals: true,
    columnTotals: true,
  };

  it("a small cell in a row and a column: the cheapest rectangle through it is hidden", () => {
    // The 4 could come from its row (39 − 20 − 15) or its column (69 − 25 − 40). Closing a cycle
    // column 3 → row ? → column ? → row 1 costs 25+12+20 = 57 schools (through row 2, column 1),
    // against 66 (via 40, 11, 15), 70 (25, 30, 15), 78 (40, 18, 20) or more through a total.
    const answer = protectTable(table);
    expect(hiddenOf(answer)).toEqual([
      "0,0:complementary",
      "0,2:small",
      "1,0:complementary",
      "1,2:complementary",
    ]);
    expect(answer.rowTotals).toEqual([null, null, null]);
    expect(answer.columnTotals).toEqual([null, null, null]);
    expect(answer.grandTotal).toBeNull();
    expect(derivableSmallCells(table, answer)).toEqual([]);
  });

  it("without the complementary cells, the small cell is worked out by subtraction (the checker is honest)", () => {
    const naive: ProtectedTable = {
      cells: table.cells.map((row) => row.map((n) => (n < 10 ? "small" : null))),
      rowTotals: [null, null, null],
      columnTotals: [null, null, null],
      grandTotal: null,
    };
    expect(derivableSmallCells(table, naive)).toEqual(["0,2"]);
  });

  it("columns with totals and rows without (states × measures, the nation under each column)", () => {
    const measures: TableToProtect = {
      cells: [
        [120, 118, 110],
        [7, 7, 6],
        [45, 44, 12],
        [33, 30, 31],
      ],
      rowTotals: false,
      columnTotals: true,
    };
    const answer = protectTable(measures);
    // Each column alone: the small state and the column's smallest other state.
    expect(hiddenOf(answer)).toEqual([
      "1,0:small",
      "1,1:small",
      "1,2:small",
      "2,2:complementary",
      "3,0:complementary",
      "3,1:complementary",
    ]);
    expect(derivableSmallCells(measures, answer)).toEqual([]);
  });
});

describe("no small cell can be worked out, on many random tables", () => {
  it("holds for 300 random tables with and without totals", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 300; i++) {
      const rows = 1 + Math.floor(random() * 5);
      const columns = 1 + Math.floor(random() * 5);
      const cells = Array.from({ length: rows }, () =>
        Array.from({ length: columns }, () =>
          random() < 0.3 ? Math.floor(random() * 10) : Math.floor(random() * 80),
        ),
      );
      const table: TableToProtect = { cells, rowTotals: random() < 0.7, columnTotals: random() < 0.7 };
      const answer = protectTable(table);
      expect(derivableSmallCells(table, answer), JSON.stringify(table)).toEqual([]);
      expect(smallHiddenSums(table, answer), JSON.stringify(table)).toEqual([]);
      // Every cell under 10 is hidden.
      cells.forEach((row, r) => {
        row.forEach((n, c) => {
          if (n < 10) expect(answer.cells[r]![c]).toBe("small");
        });
      });
    }
  });
});

/*
 * An independent checker, by linear algebra rather than the module's graph: the unknowns are the
 * hidden cells and unpublished totals; each line (row with its total, column with its total) is
 * an equation. A cell is worked out exactly when its unit vector lies in the equations' row space.
 */
function derivableSmallCells(table: TableToProtect, answer: ProtectedTable): string[] {
  const { unknowns, equations } = systemOf(table, answer);
  const rankOf = (matrix: number[][]) => rank(matrix.map((row) => [...row]));
  const base = rankOf(equations);
  const found: string[] = [];
  unknowns.forEach((key, index) => {
    const [r, c] = key.split(",").map(Number) as [number, number];
    const n = r < table.cells.length && c < (table.cells[0]?.length ?? 0) ? table.cells[r]![c]! : null;
    const isSmallInner = n !== null && n < (table.smallest ?? 10);
    if (!isSmallInner) return;
    const unit = unknowns.map((_, j) => (j === index ? 1 : 0));
    if (rankOf([...equations, unit]) === base) found.push(key);
  });
  return found;
}

function systemOf(table: TableToProtect, answer: ProtectedTable) {
  const rows = table.cells.length;
  const columns = table.cells[0]?.length ?? 0;
  const grand = table.grandTotal ?? (table.rowTotals || table.columnTotals);
  const unknown = (r: number, c: number) => {
    if (r < rows && c < columns) return answer.cells[r]![c] !== null;
    if (r < rows) return !table.rowTotals || answer.rowTotals[r] !== null;
    if (c < columns) return !table.columnTotals || answer.columnTotals[c] !== null;
    return !grand || answer.grandTotal !== null;
  };
  const unknowns: string[] = [];
  for (let r = 0; r <= rows; r++)
    for (let c = 0; c <= columns; c++) if (unknown(r, c)) unknowns.push(`${r},${c}`);
  const equations: number[][] = [];
  const line = (cells: [number, number][]) => {
    // Parts minus the total (the last cell) equal zero.
    const row = unknowns.map(() => 0);
    cells.forEach(([r, c], i) => {
      const index = unknowns.indexOf(`${r},${c}`);
      if (index >= 0) row[index] = i === cells.length - 1 ? -1 : 1;
    });
    equations.push(row);
  };
  for (let r = 0; r <= rows; r++)
    line(Array.from({ length: columns + 1 }, (_, c) => [r, c] as [number, number]));
  for (let c = 0; c <= columns; c++)
    line(Array.from({ length: rows + 1 }, (_, r) => [r, c] as [number, number]));
  return { unknowns, equations };
}

function rank(matrix: number[][]): number {
  let rankSoFar = 0;
  const width = matrix[0]?.length ?? 0;
  for (let column = 0; column < width && rankSoFar < matrix.length; column++) {
    const pivot = matrix.findIndex((row, i) => i >= rankSoFar && Math.abs(row[column]!) > 1e-9);
    if (pivot < 0) continue;
    [matrix[rankSoFar], matrix[pivot]] = [matrix[pivot]!, matrix[rankSoFar]!];
    const top = matrix[rankSoFar]!;
    for (let i = 0; i < matrix.length; i++) {
      if (i === rankSoFar) continue;
      const factor = matrix[i]![column]! / top[column]!;
      if (factor) matrix[i] = matrix[i]!.map((value, j) => value - factor * top[j]!);
    }
    rankSoFar++;
  }
  return rankSoFar;
}

/** Lines whose total is shown and whose hidden parts together come from 1 to 9 schools. */
function smallHiddenSums(table: TableToProtect, answer: ProtectedTable): string[] {
  const problems: string[] = [];
  const smallest = table.smallest ?? 10;
  if (table.rowTotals) {
    table.cells.forEach((row, r) => {
      if (answer.rowTotals[r] !== null) return;
      const hidden = row.filter((_, c) => answer.cells[r]![c] !== null);
      const total = hidden.reduce((a, b) => a + b, 0);
      if (hidden.length && total < smallest) problems.push(`row ${r}`);
    });
  }
  if (table.columnTotals) {
    (table.cells[0] ?? []).forEach((_, c) => {
      if (answer.columnTotals[c] !== null) return;
      const hidden = table.cells.map((row) => row[c]!).filter((_, r) => answer.cells[r]![c] !== null);
      const total = hidden.reduce((a, b) => a + b, 0);
      if (hidden.length && total < smallest) problems.push(`column ${c}`);
    });
  }
  return problems;
}
