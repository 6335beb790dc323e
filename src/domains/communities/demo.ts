import type { Db } from "../../platform/db/client";

/** Demo communities, topics and posts; runs after the teams seed has made the demo people. */
export async function seedCommunitiesDemo(_db: Db): Promise<void> {}
