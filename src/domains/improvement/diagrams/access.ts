import { rowInPath } from "../plans/access";
import { type DriverNode, getNode } from "./service";

/** The driver-diagram node named by `:nodeId`, with its project's team as the scope. */
export const nodeInPath = rowInPath<DriverNode>("nodeId", async (db, id) => {
  const node = await getNode(db, id);
  return node ? { row: node, projectId: node.projectId } : null;
});
