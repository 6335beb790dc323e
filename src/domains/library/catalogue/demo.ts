import type { Db } from "../../../platform/db/client";

/** Demo catalogue rows (none yet). */
export async function seedCatalogueDemo(_db: Db): Promise<void> {}
