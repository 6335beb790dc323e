import type { Db } from "../../../platform/db/client";

/** Demo networks (filled in by this capability). */
export async function seedNetworksDemo(_db: Db): Promise<void> {}
