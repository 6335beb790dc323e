import { sql } from "drizzle-orm";
import { researchApplications } from "../../src/domains/research/schema";
import { queryRows } from "../../src/platform/db/client";
import { buildUser } from "../../src/seed/factories";
import type { InsightsBenchCase } from "./types";

/**
 * A research file for one instrument and school year over the whole nation (the year with the
 * most submitted school assessments: about 40,000 schools on the 100,000-school dataset), fetched
 * whole by an approved researcher, streamed. Target: 10 s.
 */
export const cases: InsightsBenchCase[] = [
  {
    label: "Research file, quality assessment, one school year, every school (CSV, streamed)",
    kind: "download",
    targetSeconds: 10,
    async prepare(ctx) {
      const [busiest] = await queryRows<{ year: string; schools: number }>(
        ctx.db,
        sql`select school_year as year, count(distinct organisation_id)::int as schools from responses
            where instrument_key = 'quality' and variant = 'school' and status = 'submitted'
            group by school_year order by schools desc limit 1`,
      );
      const year = busiest?.year ?? ctx.facts.years[ctx.facts.years.length - 1]!;
      const researcher = await buildUser(ctx.db, { name: "Bench Researcher" });
      const [application] = await ctx.db
        .insert(researchApplications)
        .values({
          applicantId: researcher.id,
          projectTitle: "Bench: national quality file",
          institution: "Bench University",
          purpose: "Timing the research file.",
          irbNumber: "IRB-BENCH",
          irbFileName: "none.pdf",
          instrumentKeys: ["quality"],
          schoolYears: [year],
          dataUseAccepted: true,
          status: "approved",
          decidedAt: new Date(),
          expiresOn: new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10),
        })
        .returning();
      return {
        urls: [`/research/applications/${application!.id}/files/quality/${year}.csv`],
        as: researcher.id,
      };
    },
  },
];
