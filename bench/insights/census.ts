import type { InsightsBenchCase } from "./types";

/**
 * The largest state's census roll-up page (issue 10: ≤ 50 ms p95 with 20 concurrent clients):
 * each of the three school years, signed out (figures suppressed below 10 schools) and as a
 * national admin (every figure shown), compared with the nation and four states of similar size.
 * The roll-ups are read from census_school_facts, so a cold page is one aggregate per scope.
 */
const stateUrls = (baseUrl: string, stateId: string, years: string[]) =>
  years.map((year) => `${baseUrl}/census/state/${stateId}?year=${year}`);

export const cases: InsightsBenchCase[] = [
  {
    label: "Census roll-up, largest state (signed out, suppressed)",
    kind: "pages",
    targetP95Ms: 50,
    async prepare({ baseUrl, facts }) {
      return { urls: stateUrls(baseUrl, facts.largestState.id, facts.years), as: null };
    },
  },
  {
    label: "Census roll-up, largest state (national admin, every figure)",
    kind: "pages",
    targetP95Ms: 50,
    async prepare({ baseUrl, facts }) {
      return {
        urls: [
          ...stateUrls(baseUrl, facts.largestState.id, facts.years),
          `${baseUrl}/census/state/${facts.largestState.id}/trends`,
        ],
      };
    },
  },
];
