import { rowInPath } from "../plans/access";
import { type Cycle, getCycle } from "./service";

/** The PDSA cycle named by `:cycleId`, with its project's team as the scope. */
export const cycleInPath = rowInPath<Cycle>("cycleId", async (db, id) => {
  const cycle = await getCycle(db, id);
  return cycle ? { row: cycle, projectId: cycle.projectId } : null;
});
