/**
 * The patterns the run-chart and Shewhart rules share: stretches on one side of a centre line
 * and stretches going steadily up or down.
 */

/** 1 above the centre line, −1 below, 0 on it. */
export type Side = 1 | -1 | 0;

export function sidesOf(values: readonly number[], centre: readonly number[]): Side[] {
  return values.map((value, i) => (value > centre[i] ? 1 : value < centre[i] ? -1 : 0));
}

export interface SideRun {
  side: 1 | -1;
  /** Indices of the points in the run (points on the centre line are not in it). */
  points: number[];
}

/**
 * The runs: maximal stretches of points on one side of the centre line. Points on the line are
 * skipped — they neither count nor break a run.
 */
export function sideRuns(sides: readonly Side[]): SideRun[] {
  const runs: SideRun[] = [];
  let current: SideRun | null = null;
  sides.forEach((side, index) => {
    if (side === 0) return;
    if (current && current.side === side) {
      current.points.push(index);
      return;
    }
    current = { side, points: [index] };
    runs.push(current);
  });
  return runs;
}

/** Runs of at least `minLength` points on one side (a shift). */
export function shifts(sides: readonly Side[], minLength: number): SideRun[] {
  return sideRuns(sides).filter((run) => run.points.length >= minLength);
}

export interface Trend {
  direction: "up" | "down";
  /** Every index from the first point to the last (repeated values included). */
  points: number[];
  /** Points counted: repeated equal values count once. */
  count: number;
}

/**
 * Maximal stretches going steadily up or down, with repeated equal values counted once; those
 * counting at least `minLength` points. A turning point belongs to both stretches it joins.
 */
export function trends(values: readonly number[], minLength: number): Trend[] {
  // Collapse repeated equal neighbours into plateaus [first, last].
  const plateaus: Array<{ value: number; first: number; last: number }> = [];
  values.forEach((value, index) => {
    const previous = plateaus[plateaus.length - 1];
    if (previous && previous.value === value) previous.last = index;
    else plateaus.push({ value, first: index, last: index });
  });
  const found: Trend[] = [];
  let start = 0;
  let direction: "up" | "down" | null = null;
  const close = (end: number) => {
    const count = end - start + 1;
    if (direction && count >= minLength) {
      const first = plateaus[start].first;
      const last = plateaus[end].last;
      found.push({ direction, count, points: range(first, last) });
    }
  };
  for (let i = 1; i < plateaus.length; i++) {
    const step: "up" | "down" = plateaus[i].value > plateaus[i - 1].value ? "up" : "down";
    if (direction === null || step === direction) {
      direction = step;
      continue;
    }
    close(i - 1);
    start = i - 1;
    direction = step;
  }
  close(plateaus.length - 1);
  return found;
}

export function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, k) => first + k);
}

/** The median of the values (mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
