/** What the chart rules find, as data; the words for each are in ../messages.ts. */

export type RunChartRule =
  | "shift"
  | "trend"
  | "too-few-runs"
  | "too-many-runs"
  | "long-run"
  | "few-crossings"
  | "astronomical";

export type ShewhartRule =
  | "outside-limits"
  | "eight-one-side"
  | "six-trend"
  | "two-of-three-beyond-two-sigma"
  | "fifteen-within-one-sigma";

export type SignalRule = RunChartRule | ShewhartRule;

export type Direction = "up" | "down" | "above" | "below" | "within";

export interface Signal {
  rule: SignalRule;
  /** The points that make the signal (indices into the series); empty for a whole-chart signal. */
  points: number[];
  direction?: Direction;
  /** How many points counted (a shift's or trend's length), or the runs/crossings counted. */
  count?: number;
  /** The limit the count was compared with (runs range, longest-run limit, crossings limit). */
  limit?: string;
}

/** For each point, the rules it takes part in (for marking the chart and the table). */
export function signalsByPoint(pointCount: number, signals: Signal[]): SignalRule[][] {
  const byPoint: SignalRule[][] = Array.from({ length: pointCount }, () => []);
  for (const signal of signals) {
    for (const index of signal.points) {
      if (index >= 0 && index < pointCount && !byPoint[index].includes(signal.rule)) {
        byPoint[index].push(signal.rule);
      }
    }
  }
  return byPoint;
}
