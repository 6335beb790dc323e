import type { Db } from "../../../platform/db/client";

/** Demo credit rows (none yet). */
export async function seedCreditDemo(_db: Db): Promise<void> {}
