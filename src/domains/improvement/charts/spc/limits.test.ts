import { describe, expect, it } from "vitest";
import { centreFrom, limitsAt, movingRangeUpperLimit, xmrCentre } from "./limits";

describe("XmR limits", () => {
  it("x̄ ± 3·MR̄/1.128 (= x̄ ± 2.66·MR̄): 10, 12, 11, 13, 12", () => {
    // x̄ = 58/5 = 11.6; moving ranges 2, 1, 2, 1 → MR̄ = 1.5; sigma = 1.5/1.128 = 1.32979.
    const estimate = xmrCentre([10, 12, 11, 13, 12]);
    expect(estimate.centre).toBeCloseTo(11.6, 10);
    expect(estimate.averageMovingRange).toBeCloseTo(1.5, 10);
    const limits = limitsAt(estimate, { y: 0 });
    expect(limits.sigma).toBeCloseTo(1.329787, 5);
    expect(limits.upper).toBeCloseTo(15.589362, 5);
    expect(limits.lower).toBeCloseTo(7.610638, 5);
    expect(limits.upper - estimate.centre).toBeCloseTo(2.66 * 1.5, 2);
    expect(movingRangeUpperLimit(estimate)).toBeCloseTo(3.267 * 1.5, 10);
  });

  it("screens moving ranges above 3.267·MR̄ and recomputes MR̄ once", () => {
    // Moving ranges 1,1,1,1,20,20,1,1,1: MR̄ = 47/9 = 5.22; screen above 17.06 → both 20s;
    // MR̄ = 1 from the seven kept; x̄ = 124/10 = 12.4; limits 12.4 ± 2.6596.
    const estimate = xmrCentre([10, 11, 10, 11, 10, 30, 10, 11, 10, 11]);
    expect(estimate.screenedMovingRanges).toEqual([20, 20]);
    expect(estimate.averageMovingRange).toBe(1);
    expect(estimate.centre).toBeCloseTo(12.4, 10);
    expect(limitsAt(estimate, { y: 0 }).upper).toBeCloseTo(12.4 + 3 / 1.128, 10);
  });

  it("needs two points", () => {
    expect(() => xmrCentre([5])).toThrow(RangeError);
  });
});

describe("p chart limits vary with each period's denominator", () => {
  // p̄ = (10 + 20 + 5 + 45) / (100 + 200 + 50 + 150) = 80 / 500 = 0.16.
  const points = [
    { y: 10, n: 100 },
    { y: 20, n: 200 },
    { y: 5, n: 50 },
    { y: 45, n: 150 },
  ];
  const estimate = centreFrom("p", points);

  it("pools the numerators and denominators", () => {
    expect(estimate.centre).toBeCloseTo(0.16, 12);
  });

  it("p̄ ± 3·sqrt(p̄(1 − p̄)/n) at each n", () => {
    const at100 = limitsAt(estimate, points[0]);
    expect(at100.sigma).toBeCloseTo(0.0366606, 6);
    expect(at100.upper).toBeCloseTo(0.2699818, 6);
    expect(at100.lower).toBeCloseTo(0.0500182, 6);
    const at200 = limitsAt(estimate, points[1]);
    expect(at200.upper).toBeCloseTo(0.2377688, 6);
    expect(at200.lower).toBeCloseTo(0.0822312, 6);
    const at50 = limitsAt(estimate, points[2]);
    expect(at50.upper).toBeCloseTo(0.3155378, 6);
    expect(at50.lower).toBeCloseTo(0.0044622, 6);
  });

  it("clips the limits to [0, 1]", () => {
    const low = centreFrom("p", [
      { y: 1, n: 20 },
      { y: 0, n: 20 },
      { y: 1, n: 20 },
    ]);
    expect(limitsAt(low, { y: 0, n: 20 }).lower).toBe(0);
    const high = centreFrom("p", [{ y: 9, n: 10 }]);
    expect(limitsAt(high, { y: 4, n: 5 }).upper).toBe(1);
  });
});

describe("u chart", () => {
  it("ū ± 3·sqrt(ū/n), lower limit not below 0", () => {
    // ū = (4 + 6 + 10) / (2 + 4 + 4) = 2.
    const estimate = centreFrom("u", [
      { y: 4, n: 2 },
      { y: 6, n: 4 },
      { y: 10, n: 4 },
    ]);
    expect(estimate.centre).toBe(2);
    expect(limitsAt(estimate, { y: 0, n: 2 })).toMatchObject({ sigma: 1, upper: 5, lower: 0 });
    expect(limitsAt(estimate, { y: 0, n: 4 }).upper).toBeCloseTo(2 + 3 * Math.SQRT1_2, 10);
    expect(limitsAt(estimate, { y: 0, n: 200 }).lower).toBeCloseTo(2 - 3 * 0.1, 10);
  });
});

describe("c chart", () => {
  it("c̄ ± 3·sqrt(c̄), lower limit not below 0", () => {
    const small = centreFrom("c", [{ y: 4 }, { y: 9 }, { y: 5 }, { y: 6 }]);
    expect(small.centre).toBe(6);
    expect(limitsAt(small, { y: 0 }).upper).toBeCloseTo(6 + 3 * Math.sqrt(6), 10);
    expect(limitsAt(small, { y: 0 }).lower).toBe(0);
    const large = centreFrom("c", [{ y: 20 }, { y: 30 }]);
    expect(limitsAt(large, { y: 0 })).toMatchObject({ centre: 25, sigma: 5, lower: 10, upper: 40 });
  });
});
