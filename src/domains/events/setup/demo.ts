import type { Db } from "../../../platform/db/client";

/** Demo setup rows (none yet). */
export async function seedSetupDemo(_db: Db): Promise<void> {}
