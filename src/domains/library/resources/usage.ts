import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../platform/db/client";

/*
 * Hooks for the reach capability, which counts use by the COUNTER rules. Until it fills them in,
 * resources have no counts and "most used" falls back to the newest first (the ties' order).
 */

/** How many times each resource was used (COUNTER total requests), for lists that show it. */
export async function usageCountsFor(_db: DbOrTx, _resourceIds: string[]): Promise<Map<string, number>> {
  return new Map();
}

/** An SQL expression ranking the resource whose id is `resourceId` by use, for "most used". */
export function usageRankSql(_resourceId: SQLWrapper): SQL {
  return sql`0`;
}
