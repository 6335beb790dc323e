import { describe, expect, it } from "vitest";
import {
  anhojLongestRunLimit,
  binomialFifthPercentile,
  choose,
  runsCounts,
  runsDistribution,
  runsRange,
} from "./runs-distribution";

/** Counts orders by number of runs the slow way (dynamic programming), independent of the formula. */
function countRunsByWalking(n1: number, n2: number): bigint[] {
  const n = n1 + n2;
  // ways[a][b][last][r]: orders using a of one kind, b of the other, ending in `last`, with r runs.
  const key = (a: number, b: number, last: number, r: number) => `${a},${b},${last},${r}`;
  let ways = new Map<string, bigint>([
    [key(1, 0, 0, 1), 1n],
    [key(0, 1, 1, 1), 1n],
  ]);
  for (let placed = 1; placed < n; placed++) {
    const next = new Map<string, bigint>();
    for (const [state, count] of ways) {
      const [a, b, last, r] = state.split(",").map(Number);
      if (a < n1) {
        const k = key(a + 1, b, 0, last === 0 ? r : r + 1);
        next.set(k, (next.get(k) ?? 0n) + count);
      }
      if (b < n2) {
        const k = key(a, b + 1, 1, last === 1 ? r : r + 1);
        next.set(k, (next.get(k) ?? 0n) + count);
      }
    }
    ways = next;
  }
  const counts: bigint[] = Array.from({ length: n + 1 }, () => 0n);
  for (const [state, count] of ways) {
    const r = Number(state.split(",")[3]);
    counts[r] += count;
  }
  return counts;
}

describe("number of runs (Swed–Eisenhart)", () => {
  it("matches hand counts for 5 and 5 points: 2 orders give 2 runs, 8 give 3, of 252", () => {
    const counts = runsCounts(5, 5);
    expect(choose(10, 5)).toBe(252n);
    expect(counts[2]).toBe(2n);
    expect(counts[3]).toBe(8n);
    expect(counts[10]).toBe(2n);
    expect(counts.reduce((s, c) => s + c, 0n)).toBe(252n);
  });

  it("agrees with counting every order step by step, for sizes up to 60 points", () => {
    for (const [n1, n2] of [
      [3, 4],
      [5, 5],
      [7, 8],
      [12, 12],
      [20, 21],
      [30, 30],
    ]) {
      expect(runsCounts(n1, n2)).toEqual(countRunsByWalking(n1, n2));
    }
  });

  it("is a probability distribution", () => {
    const total = runsDistribution(15, 15).reduce((s, p) => s + p, 0);
    expect(total).toBeCloseTo(1, 9);
  });

  it("gives the guide's ranges (Perla, Provost & Murray Table 1) for 10 to 30 useful points", () => {
    const guide: Record<number, [number, number]> = {
      10: [3, 9],
      12: [4, 10],
      14: [4, 12],
      16: [5, 13],
      18: [6, 14],
      20: [7, 15],
      22: [8, 16],
      24: [8, 18],
      26: [9, 19],
      28: [10, 20],
      30: [11, 21],
    };
    for (const [points, [lower, upper]] of Object.entries(guide)) {
      expect(runsRange(Number(points)), `${points} useful points`).toEqual({ lower, upper });
    }
  });

  it("cuts each tail at 2.5% for every size from 10 to 60 (checked against the walked counts)", () => {
    for (let points = 10; points <= 60; points++) {
      const n1 = Math.floor(points / 2);
      const counts = countRunsByWalking(n1, points - n1);
      const total = Number(choose(points, n1));
      const below = (r: number) => counts.slice(0, r + 1).reduce((s, c) => s + Number(c), 0) / total;
      const above = (r: number) => counts.slice(r).reduce((s, c) => s + Number(c), 0) / total;
      const range = runsRange(points);
      if (!range) throw new Error("no range");
      expect(below(range.lower - 1)).toBeLessThanOrEqual(0.025);
      expect(below(range.lower)).toBeGreaterThan(0.025);
      expect(above(range.upper + 1)).toBeLessThanOrEqual(0.025);
      expect(above(range.upper)).toBeGreaterThan(0.025);
    }
  });

  it("gives the classic Swed–Eisenhart critical values for 20 and 20 (signal at 14 or fewer, 28 or more)", () => {
    expect(runsRange(40)).toEqual({ lower: 15, upper: 27 });
  });

  it("grows with the series: 60 useful points, range centred on 31 runs", () => {
    const range = runsRange(60);
    expect(range).not.toBeNull();
    expect(((range?.lower ?? 0) + (range?.upper ?? 0)) / 2).toBe(31);
  });

  it("has no range below 2 useful points", () => {
    expect(runsRange(1)).toBeNull();
  });
});

describe("Anhøj limits", () => {
  it("longest run: round(log2 n) + 3", () => {
    expect(anhojLongestRunLimit(10)).toBe(6);
    expect(anhojLongestRunLimit(12)).toBe(7);
    expect(anhojLongestRunLimit(23)).toBe(8);
    expect(anhojLongestRunLimit(46)).toBe(9);
  });

  it("crossings: the 5th percentile of Binomial(n − 1, 0.5)", () => {
    // 11 trials: P(X ≤ 2) = 67/2048 = 3.3%, P(X ≤ 3) = 232/2048 = 11.3% → 3.
    expect(binomialFifthPercentile(11)).toBe(3);
    // 9 trials: P(X ≤ 1) = 10/512 = 2.0%, P(X ≤ 2) = 46/512 = 9.0% → 2.
    expect(binomialFifthPercentile(9)).toBe(2);
    // 19 trials (20 points): qbinom(0.05, 19, 0.5) = 6.
    expect(binomialFifthPercentile(19)).toBe(6);
  });
});
