import type { Db } from "../../../platform/db/client";
import { generateUsage } from "./generate";

/**
 * Demo use of the demo library (demo data, marked as such on the dashboards): 12,000 made-up
 * uses over this year and the 24 months before, rolled up by the real rules.
 */
export async function seedReachDemo(db: Db): Promise<void> {
  await generateUsage(db, { events: 12_000, users: 900, seed: 42 });
}
