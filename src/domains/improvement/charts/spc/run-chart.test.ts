import { describe, expect, it } from "vitest";
import { median, sideRuns, sidesOf, trends } from "./patterns";
import { runChart } from "./run-chart";

const rulesOf = (result: ReturnType<typeof runChart>) => result.signals.map((s) => s.rule);

describe("median", () => {
  it("is the middle value, or the mean of the middle two", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe("shift: 6 or more on one side of the median", () => {
  // Baseline 3, 5, 4, 6, 2 → median 4. Then 7, 8, 4 (on the median), 9, 7, 8, 6.
  const values = [3, 5, 4, 6, 2, 7, 8, 4, 9, 7, 8, 6];
  const baseline = { from: 0, to: 4 };

  it("counts six points above, skipping the point on the median without breaking the run", () => {
    const result = runChart(values, { baseline });
    expect(result.median).toBe(4);
    const shift = result.signals.find((s) => s.rule === "shift");
    expect(shift).toMatchObject({ direction: "above", count: 6, points: [5, 6, 8, 9, 10, 11] });
    expect(result.pointSignals[7]).toEqual([]);
  });

  it("does not fire for five", () => {
    expect(rulesOf(runChart(values.slice(0, 11), { baseline }))).not.toContain("shift");
  });

  it("is broken by a point on the other side", () => {
    const broken = [3, 5, 4, 6, 2, 7, 8, 9, 1, 7, 8, 6];
    expect(rulesOf(runChart(broken, { baseline }))).not.toContain("shift");
  });
});

describe("trend: 5 or more going up or down, equal values counted once", () => {
  it("counts 1, 2, 2, 3, 4, 5 as five points up", () => {
    const [trend] = trends([1, 2, 2, 3, 4, 5], 5);
    expect(trend).toEqual({ direction: "up", count: 5, points: [0, 1, 2, 3, 4, 5] });
  });

  it("does not count 1, 2, 2, 3, 4 (four distinct steps' worth of points)", () => {
    expect(trends([1, 2, 2, 3, 4], 5)).toEqual([]);
  });

  it("counts 9, 7, 7, 7, 5, 3, 2 as five points down", () => {
    expect(trends([9, 7, 7, 7, 5, 3, 2], 5)).toMatchObject([{ direction: "down", count: 5 }]);
  });

  it("lets a turning point belong to both trends", () => {
    const found = trends([1, 2, 3, 4, 5, 4, 3, 2, 1], 5);
    expect(found).toMatchObject([
      { direction: "up", points: [0, 1, 2, 3, 4] },
      { direction: "down", points: [4, 5, 6, 7, 8] },
    ]);
  });

  it("is flagged on the run chart", () => {
    const result = runChart([5, 3, 6, 2, 4, 5, 6, 7, 8]);
    expect(result.signals.find((s) => s.rule === "trend")).toMatchObject({ direction: "up", count: 6 });
  });
});

describe("runs against the Swed–Eisenhart range", () => {
  it("counts runs on the useful points only (points on the median skipped)", () => {
    // Median 5: 1 2 3 4 below, 5 on it, 6 7 8 9 above.
    const result = runChart([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.usefulPoints).toBe(8);
    expect(result.runs).toBe(2);
    expect(result.crossings).toBe(1);
    expect(sideRuns(sidesOf([1, 5, 9], [5, 5, 5])).map((r) => r.points)).toEqual([[0], [2]]);
  });

  it("says nothing of runs below 10 useful points", () => {
    const result = runChart([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.runsRange).toBeNull();
    expect(rulesOf(result)).not.toContain("too-few-runs");
  });

  it("flags too few runs: 10 points, 2 runs, range 3–9", () => {
    const result = runChart([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(result.runsRange).toEqual({ lower: 3, upper: 9 });
    expect(result.signals.find((s) => s.rule === "too-few-runs")).toMatchObject({ count: 2, limit: "3–9" });
  });

  it("flags too many runs: 10 alternating points, 10 runs", () => {
    const result = runChart([1, 10, 2, 9, 3, 8, 4, 7, 5, 6]);
    expect(result.runs).toBe(10);
    expect(rulesOf(result)).toContain("too-many-runs");
  });

  it("is quiet at 9 runs of 10 points", () => {
    const result = runChart([1, 10, 2, 9, 3, 8, 4, 7, 6, 5]);
    expect(result.runs).toBe(9);
    expect(rulesOf(result)).toEqual([]);
  });
});

describe("Anhøj rules (an option)", () => {
  it("flags a longest run over round(log2 n) + 3: 12 points, a run of 9 > 7", () => {
    // Baseline 5, 15 → median 10; then 5, 15 and eight 12s: runs −, +, −, + (9 long).
    const values = [5, 15, 5, 15, 12, 12, 12, 12, 12, 12, 12, 12];
    const result = runChart(values, { rules: "anhoj", baseline: { from: 0, to: 1 } });
    expect(result.longestRun).toBe(9);
    expect(result.longestRunLimit).toBe(7);
    expect(result.crossingsLimit).toBe(3);
    expect(result.signals).toMatchObject([{ rule: "long-run", direction: "above", count: 9 }]);
  });

  it("flags fewer crossings than the 5th percentile: 12 points, 2 crossings < 3", () => {
    // Baseline 4, 6 → median 5. Sides: − + + + + + − − − − − − (3 runs, 2 crossings, longest 6).
    const values = [4, 6, 7, 8, 9, 7, 3, 2, 1, 2, 3, 4];
    const anhoj = runChart(values, { rules: "anhoj", baseline: { from: 0, to: 1 } });
    expect(anhoj.crossings).toBe(2);
    expect(rulesOf(anhoj)).toEqual(["few-crossings"]);
    // The same series under Perla's rules: a shift of six below, and 3 runs below the 4–10 range.
    const perla = runChart(values, { baseline: { from: 0, to: 1 } });
    expect(perla.runsRange).toEqual({ lower: 4, upper: 10 });
    expect(rulesOf(perla)).toContain("shift");
    expect(rulesOf(perla)).toContain("too-few-runs");
  });
});

describe("astronomical points", () => {
  it("are a person's mark, shown as a signal on that point", () => {
    const result = runChart([1, 2, 50, 2, 1], { astronomical: [2, 99] });
    expect(result.signals).toEqual([{ rule: "astronomical", points: [2] }]);
    expect(result.pointSignals[2]).toEqual(["astronomical"]);
  });
});
