import { sql } from "drizzle-orm";
import type { Db } from "../platform/db/client";
import { queryRows } from "../platform/db/client";
import { STATES } from "../platform/geo/states";
import { communities } from "../domains/communities/schema";
import { PRACTICE_GROUPS } from "../domains/communities/practice-groups";
import { organisations } from "../domains/directory/schema";
import { seedRecommendations } from "../domains/insights/census/service";
import { seedInstruments } from "../domains/measures/service";

/**
 * Reference data every installation needs, production included: the nation, the states and
 * territories, the 12 practice groups and the published measurement instruments. Safe to run on
 * every start.
 */
export async function seedReferenceData(db: Db): Promise<void> {
  const [existing] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from organisations where kind = 'nation'`,
  );
  if (!existing || existing.n === 0) {
    await db.transaction(async (tx) => {
      const [nation] = await tx
        .insert(organisations)
        .values({ kind: "nation", name: "United States" })
        .returning({ id: organisations.id });
      await tx.insert(organisations).values(
        STATES.map((s) => ({
          kind: "state" as const,
          name: s.name,
          stateCode: s.code,
          ncesId: s.fips,
          parentId: nation!.id,
          ancestorIds: [nation!.id],
        })),
      );
    });
  }
  await db
    .insert(communities)
    .values(
      PRACTICE_GROUPS.map((g) => ({
        slug: g.slug,
        kind: "practice_group" as const,
        level: "national" as const,
        nameEn: g.nameEn,
        nameEs: g.nameEs,
        purposeEn: g.purposeEn,
        purposeEs: g.purposeEs,
      })),
    )
    .onConflictDoNothing();
  await seedInstruments(db);
  await seedRecommendations(db);
}
