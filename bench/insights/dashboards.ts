import { sql } from "drizzle-orm";
import { queryRows } from "../../src/platform/db/client";
import type { InsightsBenchCase, InsightsBenchContext } from "./types";

/** The largest states by schools, largest first: a mix of state pages rather than one URL. */
async function largestStates(ctx: InsightsBenchContext, count: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    ctx.db,
    sql`select s.id from organisations s
          join organisations o on o.kind = 'school' and o.state_code = s.state_code
         where s.kind = 'state' group by s.id order by count(*) desc limit ${count}`,
  );
  return rows.map((r) => r.id);
}

/** The school list of a scope over pages, filters and sorts, as a district or state team browses it. */
function schoolListUrls(kind: "district" | "state", id: string, year: string, pages: number): string[] {
  const base = `/measures/dashboards/${kind}/${id}/schools?year=${year}`;
  const urls = [base];
  for (let page = 2; page <= Math.min(pages, 10); page++) urls.push(`${base}&page=${page}`);
  urls.push(
    `${base}&sort=composite&dir=desc`,
    `${base}&sort=lastSubmission&dir=desc&page=2`,
    `${base}&assessment=notStarted`,
    `${base}&band=emerging`,
    `${base}&place=rural&sort=enrollment`,
    `${base}&level=high&assessment=submitted`,
  );
  return urls;
}

export const cases: InsightsBenchCase[] = [
  {
    label: "State dashboard, the largest state and four more (participation, means, change since last year)",
    kind: "pages",
    targetP95Ms: 50,
    async prepare(ctx) {
      const year = ctx.facts.years.at(-1)!;
      const states = await largestStates(ctx, 5);
      return {
        urls: states.flatMap((id) => [
          `/measures/dashboards/state/${id}?year=${year}`,
          `/measures/dashboards/state/${id}?year=${ctx.facts.years.at(-2)}`,
        ]),
      };
    },
  },
  {
    label: `Largest district's school list, a page of 50 (filters, sorts, pages)`,
    kind: "pages",
    targetP95Ms: 50,
    async prepare(ctx) {
      const { id, schools } = ctx.facts.largestDistrict;
      return { urls: schoolListUrls("district", id, ctx.facts.years.at(-1)!, Math.ceil(schools / 50)) };
    },
  },
  {
    label: "Largest state's school list, a page of 50 (filters, sorts, pages)",
    kind: "pages",
    async prepare(ctx) {
      const { id, schools } = ctx.facts.largestState;
      return { urls: schoolListUrls("state", id, ctx.facts.years.at(-1)!, Math.ceil(schools / 50)) };
    },
  },
  {
    label: "Largest district's school list, full CSV",
    kind: "download",
    targetSeconds: 2,
    async prepare(ctx) {
      const { id } = ctx.facts.largestDistrict;
      const year = ctx.facts.years.at(-1)!;
      return {
        urls: [
          `/measures/dashboards/district/${id}/schools.csv?year=${year}`,
          `/measures/dashboards/district/${id}/schools.csv?year=${year}&sort=composite&dir=desc`,
        ],
      };
    },
  },
];
