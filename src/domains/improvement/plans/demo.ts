import type { Db } from "../../../platform/db/client";

/** Demo plans (filled in by this capability). */
export async function seedPlansDemo(_db: Db): Promise<void> {}
