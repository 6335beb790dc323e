import type { Db } from "../../../platform/db/client";
import { libraryResources } from "../resources/schema";

let n = 0;

/** A library resource row with a unique slug; a test overrides what it cares about. */
export async function buildLibraryResource(
  db: Db,
  createdBy: string,
  overrides: Partial<typeof libraryResources.$inferInsert> = {},
) {
  n++;
  const [row] = await db
    .insert(libraryResources)
    .values({
      slug: `test-resource-${n}-${Date.now().toString(36)}`,
      type: "toolkit",
      status: "published",
      publishedAt: new Date(),
      title: `Test toolkit ${n}`,
      summary: "A toolkit for tests.",
      year: 2026,
      createdBy,
      ...overrides,
    })
    .returning();
  return row!;
}
