import type { Db } from "../../../platform/db/client";

/** Demo announcements rows (none yet). */
export async function seedAnnouncementsDemo(_db: Db): Promise<void> {}
