import type { PointLimits } from "./limits";
import { shifts, sidesOf, trends } from "./patterns";
import type { Signal } from "./signals";

/** The five Shewhart rules of the guide, with the lengths they use. */
export const SHEWHART = {
  shiftLength: 8,
  trendLength: 6,
  withinOneSigmaLength: 15,
} as const;

/** How many sigmas from the centre line each point is (0 when sigma is 0 and the point is on it). */
function zScores(values: readonly number[], limits: readonly PointLimits[]): number[] {
  return values.map((value, i) => {
    const { centre, sigma } = limits[i];
    if (sigma > 0) return (value - centre) / sigma;
    return value === centre ? 0 : value > centre ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  });
}

/**
 * Every Shewhart rule over one phase of a control chart (a stretch with the same centre line):
 * 1. a point outside the 3-sigma limits; 2. 8+ in a row on one side of the centre line (points on
 * it neither count nor break the run); 3. 6+ steadily rising or falling (equal neighbours count
 * once); 4. 2 of 3 in a row beyond 2 sigma on the same side; 5. 15+ in a row within 1 sigma.
 * `offset` turns the phase's indices into the series' indices.
 */
export function shewhartSignals(
  values: readonly number[],
  limits: readonly PointLimits[],
  offset = 0,
): Signal[] {
  const at = (index: number) => index + offset;
  const signals: Signal[] = [];

  values.forEach((value, i) => {
    if (value > limits[i].upper)
      signals.push({ rule: "outside-limits", points: [at(i)], direction: "above" });
    else if (value < limits[i].lower)
      signals.push({ rule: "outside-limits", points: [at(i)], direction: "below" });
  });

  const sides = sidesOf(
    values,
    limits.map((l) => l.centre),
  );
  for (const run of shifts(sides, SHEWHART.shiftLength)) {
    signals.push({
      rule: "eight-one-side",
      points: run.points.map(at),
      direction: run.side === 1 ? "above" : "below",
      count: run.points.length,
    });
  }

  for (const trend of trends(values, SHEWHART.trendLength)) {
    signals.push({
      rule: "six-trend",
      points: trend.points.map(at),
      direction: trend.direction,
      count: trend.count,
    });
  }

  const z = zScores(values, limits);
  for (const side of [1, -1] as const) {
    const beyond = (i: number) => side * z[i] > 2;
    const flagged = new Set<number>();
    for (let start = 0; start + 3 <= values.length; start++) {
      const window = [start, start + 1, start + 2].filter(beyond);
      if (window.length >= 2) for (const i of window) flagged.add(i);
    }
    // Flagged points closer than a window apart belong to the same signal.
    const sorted = [...flagged].sort((a, b) => a - b);
    let group: number[] = [];
    for (const i of sorted) {
      if (group.length > 0 && i - group[group.length - 1] > 2) {
        signals.push(twoOfThree(group, side, at));
        group = [];
      }
      group.push(i);
    }
    if (group.length > 0) signals.push(twoOfThree(group, side, at));
  }

  let within: number[] = [];
  const closeWithin = () => {
    if (within.length >= SHEWHART.withinOneSigmaLength) {
      signals.push({
        rule: "fifteen-within-one-sigma",
        points: within.map(at),
        direction: "within",
        count: within.length,
      });
    }
    within = [];
  };
  z.forEach((score, i) => {
    // With no spread at all (sigma 0) the zone rule says nothing.
    if (Math.abs(score) < 1 && limits[i].sigma > 0) within.push(i);
    else closeWithin();
  });
  closeWithin();

  return signals;
}

function twoOfThree(points: number[], side: 1 | -1, at: (i: number) => number): Signal {
  return {
    rule: "two-of-three-beyond-two-sigma",
    points: points.map(at),
    direction: side === 1 ? "above" : "below",
    count: points.length,
  };
}
