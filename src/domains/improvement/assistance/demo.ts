import type { Db } from "../../../platform/db/client";

/** Demo assistance (filled in by this capability). */
export async function seedAssistanceDemo(_db: Db): Promise<void> {}
