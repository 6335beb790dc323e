import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { siteSecrets } from "./schema";

/**
 * The signing secret of a deployment started without SESSION_SECRET outside production: random,
 * made once and kept in the database, so every app server on it signs alike and nothing is
 * signed with the development secret that is published in the source.
 */
export async function storedSessionSecret(db: Db): Promise<string> {
  await db
    .insert(siteSecrets)
    .values({ name: "session", value: randomBytes(32).toString("hex") })
    .onConflictDoNothing();
  const [row] = await db.select().from(siteSecrets).where(eq(siteSecrets.name, "session"));
  if (!row) throw new Error("site_secrets: the session secret could not be stored");
  return row.value;
}
