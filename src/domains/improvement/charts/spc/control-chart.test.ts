import { describe, expect, it } from "vitest";
import { chartFor, controlChartKindFor, POINTS_FOR_LIMITS } from "./choose";
import { controlChart, normalisePhases } from "./control-chart";

// Twelve months around 10 (sum 120), then twelve around 20 (sum 240).
const before = [8, 12, 10, 9, 11, 10, 12, 8, 10, 11, 9, 10];
const after = [20, 22, 18, 21, 19, 20, 23, 17, 20, 21, 19, 20];
const counts = [...before, ...after].map((y) => ({ y }));

describe("control chart with a frozen baseline", () => {
  const chart = controlChart({ kind: "c", points: counts, phases: [{ from: 0, baselineTo: 11 }] });

  it("computes the limits from the baseline only and extends them", () => {
    expect(chart.phases).toHaveLength(1);
    expect(chart.phases[0]).toMatchObject({ baselineFrom: 0, baselineTo: 11, frozen: true });
    expect(chart.points[23].centre).toBe(10);
    expect(chart.points[23].upper).toBeCloseTo(10 + 3 * Math.sqrt(10), 10);
    expect(chart.points[11].inBaseline).toBe(true);
    expect(chart.points[12].inBaseline).toBe(false);
  });

  it("flags the shift: eight points outside the limits and twelve on one side", () => {
    const outside = chart.signals.filter((s) => s.rule === "outside-limits").map((s) => s.points[0]);
    // UCL 19.49: 20, 22, 21, 20, 23, 20, 21, 20 are above; 18, 19, 17, 19 are not.
    expect(outside).toEqual([12, 13, 15, 17, 18, 20, 21, 23]);
    expect(chart.signals.find((s) => s.rule === "eight-one-side")).toMatchObject({
      count: 12,
      direction: "above",
    });
    expect(chart.pointSignals[12]).toEqual(expect.arrayContaining(["outside-limits", "eight-one-side"]));
  });
});

describe("recomputed limits start a new phase", () => {
  const chart = controlChart({
    kind: "c",
    points: counts,
    phases: [{ from: 0, baselineTo: 11 }, { from: 12 }],
  });

  it("gives each phase its own centre line and keeps the rules inside each phase", () => {
    expect(chart.phases.map((p) => [p.from, p.to, p.estimate.centre])).toEqual([
      [0, 11, 10],
      [12, 23, 20],
    ]);
    expect(chart.points[12].phase).toBe(1);
    expect(chart.signals.filter((s) => s.rule === "outside-limits" || s.rule === "eight-one-side")).toEqual(
      [],
    );
  });
});

describe("trial limits", () => {
  it("without a frozen baseline use every point so far", () => {
    const chart = controlChart({ kind: "c", points: counts });
    expect(chart.phases[0].frozen).toBe(false);
    expect(chart.points[0].centre).toBe(15);
  });

  it("orders phases and starts the first at the first point", () => {
    expect(normalisePhases([{ from: 30 }, { from: 5 }, { from: 0, baselineTo: 3 }], 20)).toEqual([
      { from: 0, baselineTo: 3 },
      { from: 5 },
    ]);
  });
});

describe("XmR chart", () => {
  it("carries each point's moving range and the MR chart limit", () => {
    const chart = controlChart({ kind: "xmr", points: [10, 12, 11, 13, 12].map((y) => ({ y })) });
    expect(chart.points.map((p) => p.movingRange)).toEqual([null, 2, 1, 2, 1]);
    expect(chart.phases[0].movingRangeUpper).toBeCloseTo(3.267 * 1.5, 10);
  });

  it("draws no limits from a single point", () => {
    const chart = controlChart({ kind: "xmr", points: [{ y: 4 }] });
    expect(chart.phases).toEqual([]);
  });
});

describe("p chart over varying denominators", () => {
  it("plots proportions with stepped limits and flags the high one", () => {
    const chart = controlChart({
      kind: "p",
      points: [
        { y: 10, n: 100 },
        { y: 20, n: 200 },
        { y: 5, n: 50 },
        { y: 45, n: 150 },
      ],
    });
    expect(chart.points.map((p) => p.value)).toEqual([0.1, 0.1, 0.1, 0.3]);
    expect(new Set(chart.points.map((p) => p.upper.toFixed(4))).size).toBe(4);
    // p̄ 0.16; at n = 150 the UCL is 0.16 + 3·sqrt(0.16·0.84/150) = 0.2498.
    expect(chart.signals.filter((s) => s.rule === "outside-limits")).toEqual([
      { rule: "outside-limits", points: [3], direction: "above" },
    ]);
  });
});

describe("which chart for which measure", () => {
  it("p for proportions, u for rates, c for counts (XmR on request), XmR for means", () => {
    expect(controlChartKindFor("proportion")).toBe("p");
    expect(controlChartKindFor("rate")).toBe("u");
    expect(controlChartKindFor("count")).toBe("c");
    expect(controlChartKindFor("count", "xmr")).toBe("xmr");
    expect(controlChartKindFor("mean")).toBe("xmr");
  });

  it("a run chart until there are enough points for limits", () => {
    expect(POINTS_FOR_LIMITS).toBe(20);
    expect(chartFor("proportion", 19)).toEqual({ chart: "run" });
    expect(chartFor("proportion", 20)).toEqual({ chart: "control", kind: "p" });
  });
});
