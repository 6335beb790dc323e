import type { Db } from "../../../platform/db/client";

/** Demo registration rows (none yet). */
export async function seedRegistrationDemo(_db: Db): Promise<void> {}
