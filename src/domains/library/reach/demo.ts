import type { Db } from "../../../platform/db/client";

/** Demo reach rows (none yet). */
export async function seedReachDemo(_db: Db): Promise<void> {}
