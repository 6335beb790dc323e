import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../platform/db/client";
import { organisations } from "./schema";

export type Organisation = typeof organisations.$inferSelect;

/** One organisation (any kind) by id, or null. Its ancestorIds make it a policy ScopeResource. */
export async function getOrganisation(db: DbOrTx, id: string): Promise<Organisation | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
  return org ?? null;
}
