import { sql } from "drizzle-orm";
import type { Db } from "../platform/db/client";
import { queryRows } from "../platform/db/client";
import type { Domain } from "../platform/domain";

/**
 * The single documented password of every demo account. Demo data is only ever created when
 * NODE_ENV is not production, and every demo row is marked is_demo.
 */
export const DEMO_PASSWORD = "smh-commons-demo-2026";

/** Synthetic demo data for trying the platform, created once on an empty database. */
export async function seedDemoData(db: Db, domains: Domain[]): Promise<void> {
  const [seeded] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users where is_demo`);
  if (seeded && seeded.n > 0) return;
  for (const domain of domains) await domain.seedDemo?.(db);
}
