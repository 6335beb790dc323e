/**
 * The exact distributions behind the run-chart rules, computed for any number of points rather
 * than read from a short printed table.
 *
 * - Number of runs (Swed & Eisenhart 1943): with n1 points on one side of the median and n2 on the
 *   other, every order equally likely, the chance of r runs. Perla, Provost & Murray (2011)
 *   Table 1 is this distribution with half the useful points on each side, cut at about 5% two
 *   sided (2.5% in each tail).
 * - Crossings (Anhøj 2014): the number of crossings of n useful points is Binomial(n − 1, 0.5);
 *   too few crossings is fewer than its 5th percentile.
 *
 * Counts are exact integers (BigInt), so the cut points have no rounding error at any size.
 */

const binomialCache = new Map<string, bigint>();

/** n choose k as an exact integer (0 outside 0 ≤ k ≤ n). */
export function choose(n: number, k: number): bigint {
  if (k < 0 || n < 0 || k > n) return 0n;
  const small = Math.min(k, n - k);
  const key = `${n}:${small}`;
  const cached = binomialCache.get(key);
  if (cached !== undefined) return cached;
  let result = 1n;
  for (let i = 1; i <= small; i++) result = (result * BigInt(n - small + i)) / BigInt(i);
  binomialCache.set(key, result);
  return result;
}

/**
 * How many of the C(n1 + n2, n1) orders of n1 points on one side and n2 on the other give
 * exactly r runs; index r of the returned array (indices 0 and 1 stay 0 unless a side is empty).
 */
export function runsCounts(n1: number, n2: number): bigint[] {
  const n = n1 + n2;
  const counts: bigint[] = Array.from({ length: n + 1 }, () => 0n);
  if (n1 === 0 || n2 === 0) {
    if (n > 0) counts[1] = 1n;
    return counts;
  }
  for (let r = 2; r <= n; r++) {
    if (r % 2 === 0) {
      const k = r / 2;
      counts[r] = 2n * choose(n1 - 1, k - 1) * choose(n2 - 1, k - 1);
    } else {
      const k = (r - 1) / 2;
      counts[r] = choose(n1 - 1, k) * choose(n2 - 1, k - 1) + choose(n1 - 1, k - 1) * choose(n2 - 1, k);
    }
  }
  return counts;
}

/** The chance of exactly r runs, as numbers (for display and tests). */
export function runsDistribution(n1: number, n2: number): number[] {
  const counts = runsCounts(n1, n2);
  const total = choose(n1 + n2, n1);
  return counts.map((count) => Number((count * 1_000_000_000_000n) / total) / 1_000_000_000_000);
}

export interface RunsRange {
  /** Fewer runs than this is a signal. */
  lower: number;
  /** More runs than this is a signal. */
  upper: number;
}

/**
 * The range of runs expected for this many useful points (points not on the median), half on
 * each side (the odd one out on the upper side): the smallest r whose lower tail P(R ≤ r) exceeds
 * 2.5%, and the largest r whose upper tail P(R ≥ r) exceeds 2.5%. Null below 2 useful points.
 */
export function runsRange(usefulPoints: number): RunsRange | null {
  if (!Number.isInteger(usefulPoints) || usefulPoints < 2) return null;
  const n1 = Math.floor(usefulPoints / 2);
  const n2 = usefulPoints - n1;
  const counts = runsCounts(n1, n2);
  const total = choose(usefulPoints, n1);
  // P(tail) > 2.5%  ⇔  tail · 40 > total, in exact integers.
  let lower = 2;
  let tail = 0n;
  for (let r = 0; r <= usefulPoints; r++) {
    tail += counts[r];
    if (tail * 40n > total) {
      lower = r;
      break;
    }
  }
  let upper = usefulPoints;
  tail = 0n;
  for (let r = usefulPoints; r >= 0; r--) {
    tail += counts[r];
    if (tail * 40n > total) {
      upper = r;
      break;
    }
  }
  return { lower, upper };
}

/**
 * The 5th percentile of Binomial(trials, 0.5): the smallest x with P(X ≤ x) ≥ 5% (R's
 * qbinom(0.05, trials, 0.5)). Anhøj: fewer crossings than this is a signal.
 */
export function binomialFifthPercentile(trials: number): number {
  if (!Number.isInteger(trials) || trials < 0) throw new RangeError("trials must be a whole number ≥ 0");
  const total = 1n << BigInt(trials);
  let cumulative = 0n;
  for (let x = 0; x <= trials; x++) {
    cumulative += choose(trials, x);
    // P(X ≤ x) ≥ 5%  ⇔  cumulative · 20 ≥ 2^trials.
    if (cumulative * 20n >= total) return x;
  }
  return trials;
}

/** Anhøj: a longest run (on one side of the median) longer than this is a signal. */
export function anhojLongestRunLimit(usefulPoints: number): number {
  return Math.round(Math.log2(usefulPoints)) + 3;
}
