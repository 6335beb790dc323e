import { sql } from "drizzle-orm";
import type { Db } from "../platform/db/client";
import { queryRows } from "../platform/db/client";
import type { Domain } from "../platform/domain";
import { seedDemoState } from "./demo-state";

/**
 * The single documented password of every demo account. Demo data is only created where
 * config.seedDemo allows it (never in production), and every demo row is marked is_demo.
 */
export const DEMO_PASSWORD = "smh-commons-demo-2026";

/**
 * Synthetic demo data for trying the platform, created once on an empty database: every
 * domain's named demo data, then the demo state's generated schools (demo-state.ts;
 * `stateSchools` of them: none unless given; the app passes DEMO_STATE_SCHOOLS).
 *
 * Every domain's demo data is written in one transaction: a process killed half-way (`kill -9`
 * during a first start) leaves no demo row behind, so the next start finds no demo user and
 * seeds everything again. The domains' own transactions become savepoints inside it. An advisory
 * lock makes two servers starting at once on one PostgreSQL database take turns; the second
 * then finds the demo users and does nothing.
 */
export async function seedDemoData(
  db: Db,
  domains: Domain[],
  options: { stateSchools?: number } = {},
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('smh-commons:demo-seed'))`);
    const [seeded] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from users where is_demo`,
    );
    if (seeded && seeded.n > 0) return;
    // A transaction handle offers the same query API as the database (see Tx in db/client.ts).
    for (const domain of domains) await domain.seedDemo?.(tx as unknown as Db);
    // After the named demo data, so that the generated schools change none of it.
    if (options.stateSchools) await seedDemoState(tx as unknown as Db, options.stateSchools);
  });
}
