import type { Db } from "../../../platform/db/client";

/** Demo calls rows (none yet). */
export async function seedCallsDemo(_db: Db): Promise<void> {}
