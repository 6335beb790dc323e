import type { InsightsBenchCase } from "./types";

/**
 * The public national dashboard (issue 10), signed out: the page of every school year on record,
 * its CSV, the trend and the read API. Served from a cache refreshed on submit (every visitor
 * shares one copy per language and URL), so the target is that of a cached page: p95 ≤ 20 ms with
 * 20 concurrent clients.
 */
export const cases: InsightsBenchCase[] = [
  {
    label: "Public national dashboard, its CSV and API (signed out, every year)",
    kind: "pages",
    targetP95Ms: 20,
    async prepare({ facts }) {
      const years = facts.years.length > 0 ? facts.years : [""];
      const urls = years.flatMap((year) => {
        const query = year ? `?year=${year}` : "";
        return [
          `/insights/national${query}`,
          `/api/v1/public/national${query}`,
          ...(year ? [`/insights/national.csv${query}`] : []),
        ];
      });
      return { urls: ["/insights/national", "/api/v1/public/national/trend", ...urls], as: null };
    },
  },
];
