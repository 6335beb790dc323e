import type { Db } from "../../../platform/db/client";

/** Demo resources rows (none yet). */
export async function seedResourcesDemo(_db: Db): Promise<void> {}
