import type { DbOrTx } from "../../../platform/db/client";

/**
 * The project's PDSA cycles as the charts draw them (title and start date), read through the
 * cycles capability's service.
 */
export async function projectCycles(
  _db: DbOrTx,
  _projectId: string,
): Promise<Array<{ id: string; title: string; startsOn: string | null }>> {
  return [];
}
