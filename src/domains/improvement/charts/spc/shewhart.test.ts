import { describe, expect, it } from "vitest";
import type { PointLimits } from "./limits";
import { shewhartSignals } from "./shewhart";

/** Centre 0, sigma 1, limits ±3: each value is its own z score. */
const flat = (values: number[]): PointLimits[] =>
  values.map(() => ({ centre: 0, sigma: 1, lower: -3, upper: 3 }));
const signalsOf = (values: number[]) => shewhartSignals(values, flat(values));
const only = (values: number[], rule: string) => signalsOf(values).filter((s) => s.rule === rule);

describe("Shewhart rule 1: a point outside the 3-sigma limits", () => {
  it("flags 3.5 above and −3.2 below, not a point on the limit", () => {
    expect(only([0, 3.5, -3.2, 3], "outside-limits")).toEqual([
      { rule: "outside-limits", points: [1], direction: "above" },
      { rule: "outside-limits", points: [2], direction: "below" },
    ]);
  });

  it("uses each point's own limits (p and u charts)", () => {
    const limits: PointLimits[] = [
      { centre: 0.2, sigma: 0.05, lower: 0.05, upper: 0.35 },
      { centre: 0.2, sigma: 0.02, lower: 0.14, upper: 0.26 },
    ];
    expect(shewhartSignals([0.3, 0.3], limits, 10).filter((s) => s.rule === "outside-limits")).toEqual([
      { rule: "outside-limits", points: [11], direction: "above" },
    ]);
  });
});

describe("Shewhart rule 2: 8 in a row on one side", () => {
  it("counts eight above with a point on the centre line skipped", () => {
    expect(only([1, 1, 1, 1, 1, 1, 1, 0, 1], "eight-one-side")).toEqual([
      { rule: "eight-one-side", points: [0, 1, 2, 3, 4, 5, 6, 8], direction: "above", count: 8 },
    ]);
  });

  it("does not fire for seven", () => {
    expect(only([-1, -1, -1, -1, -1, -1, -1, 1], "eight-one-side")).toEqual([]);
  });
});

describe("Shewhart rule 3: 6 in a row rising or falling", () => {
  it("flags six rising", () => {
    expect(only([-1, -0.5, 0, 0.5, 1, 1.5], "six-trend")).toMatchObject([{ direction: "up", count: 6 }]);
  });

  it("does not fire for five", () => {
    expect(only([-1, -0.5, 0, 0.5, 1], "six-trend")).toEqual([]);
  });
});

describe("Shewhart rule 4: 2 of 3 beyond 2 sigma on the same side", () => {
  it("flags 2.5, 0, 2.1 above", () => {
    expect(only([2.5, 0, 2.1], "two-of-three-beyond-two-sigma")).toEqual([
      { rule: "two-of-three-beyond-two-sigma", points: [0, 2], direction: "above", count: 2 },
    ]);
  });

  it("flags two in a row below", () => {
    expect(only([0, -2.5, -2.2, 0], "two-of-three-beyond-two-sigma")).toMatchObject([
      { points: [1, 2], direction: "below" },
    ]);
  });

  it("does not fire when they are four apart or on opposite sides", () => {
    expect(only([2.5, 0, 0, 2.1], "two-of-three-beyond-two-sigma")).toEqual([]);
    expect(only([2.5, -2.5, 0], "two-of-three-beyond-two-sigma")).toEqual([]);
  });
});

describe("Shewhart rule 5: 15 in a row within 1 sigma", () => {
  const hugging = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 0.5 : -0.5));

  it("flags fifteen", () => {
    expect(only(hugging(15), "fifteen-within-one-sigma")).toMatchObject([{ count: 15, direction: "within" }]);
  });

  it("does not fire for fourteen, nor when the series has no spread at all", () => {
    expect(only(hugging(14), "fifteen-within-one-sigma")).toEqual([]);
    const still = Array.from({ length: 20 }, () => 4);
    const limits = still.map(() => ({ centre: 4, sigma: 0, lower: 4, upper: 4 }));
    expect(shewhartSignals(still, limits).filter((s) => s.rule === "fifteen-within-one-sigma")).toEqual([]);
  });
});
