import type { DbOrTx } from "../../../platform/db/client";
import { cyclesOfProject } from "../cycles/service";

/** The project's PDSA cycles as the charts draw them (title and start date), from the cycles' service. */
export async function projectCycles(
  db: DbOrTx,
  projectId: string,
): Promise<Array<{ id: string; title: string; startsOn: string | null }>> {
  return (await cyclesOfProject(db, projectId)).map((c) => ({
    id: c.id,
    title: c.title,
    startsOn: c.startsOn,
  }));
}
