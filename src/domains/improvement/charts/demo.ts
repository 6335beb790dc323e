import type { Db } from "../../../platform/db/client";

/** Demo charts (filled in by this capability). */
export async function seedChartsDemo(_db: Db): Promise<void> {}
