import type { Db } from "../../../platform/db/client";

/** Demo program rows (none yet). */
export async function seedProgramDemo(_db: Db): Promise<void> {}
