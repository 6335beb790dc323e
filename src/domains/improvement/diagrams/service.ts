import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import type { Project } from "../plans/service";
import { improvementDriverNodes, type NodeKind } from "./schema";
import { addProblem, type Branch, buildTree, moveProblem, subtreeIds, type TreeProblem } from "./tree";

/**
 * A project's driver diagram: the aim (the project's own), primary and secondary drivers, and
 * change ideas. What other capabilities use: the nodes of a project, a change idea by id.
 */
export type DriverNode = typeof improvementDriverNodes.$inferSelect;
export type { Branch, TreeProblem };
export { buildTree, moveTargets } from "./tree";

/** A refusal naming the field and the tree rule it breaks. */
export class DiagramError extends Error {
  constructor(
    public field: "parentId",
    public problem: TreeProblem,
  ) {
    super(`${field}: ${problem}`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listNodes(db: DbOrTx, projectId: string): Promise<DriverNode[]> {
  return db
    .select()
    .from(improvementDriverNodes)
    .where(eq(improvementDriverNodes.projectId, projectId))
    .orderBy(asc(improvementDriverNodes.position), asc(improvementDriverNodes.createdAt));
}

export async function getNode(db: DbOrTx, id: string): Promise<DriverNode | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.select().from(improvementDriverNodes).where(eq(improvementDriverNodes.id, id));
  return row ?? null;
}

/** A change idea by id (null for a driver or nothing). */
export async function getChangeIdea(db: DbOrTx, id: string): Promise<DriverNode | null> {
  const node = await getNode(db, id);
  return node?.kind === "change" ? node : null;
}

export async function diagramOf(db: DbOrTx, projectId: string): Promise<Branch<DriverNode>[]> {
  return buildTree(await listNodes(db, projectId));
}

/** The label of a node where it sits: primary or secondary driver, or change idea. */
export const levelOf = (b: { node: { kind: NodeKind }; depth: number }) =>
  b.node.kind === "change" ? "change" : b.depth === 1 ? "primary" : "secondary";

async function nextPosition(tx: DbOrTx, projectId: string, parentId: string | null) {
  const [row] = await tx
    .select({ next: sql<number>`(coalesce(max(${improvementDriverNodes.position}), 0) + 1)::int` })
    .from(improvementDriverNodes)
    .where(
      and(
        eq(improvementDriverNodes.projectId, projectId),
        parentId
          ? eq(improvementDriverNodes.parentId, parentId)
          : sql`${improvementDriverNodes.parentId} is null`,
      ),
    );
  return row?.next ?? 1;
}

const audit = (
  tx: DbOrTx,
  actorId: string,
  project: Project,
  action: string,
  id: string,
  before: unknown,
  after: unknown,
) =>
  recordAudit(tx, {
    actorId,
    action: `improvement.driver.${action}`,
    entityType: "improvement_driver_node",
    entityId: id,
    scopeId: project.organisationId,
    before,
    after,
  });

/** Adds a driver (under the aim or a primary driver) or a change idea (under a driver). */
export async function addNode(
  db: Db,
  actorId: string,
  project: Project,
  input: { parentId?: string | null; kind: NodeKind; title: string },
): Promise<DriverNode> {
  const parentId = input.parentId ?? null;
  return db.transaction(async (tx) => {
    // Read the tree inside the transaction, so a concurrent move cannot slip past the checks.
    const nodes = await lockedNodes(tx, project.id);
    const problem = addProblem(nodes, input.kind, parentId);
    if (problem) throw new DiagramError("parentId", problem);
    const [row] = await tx
      .insert(improvementDriverNodes)
      .values({
        projectId: project.id,
        parentId,
        kind: input.kind,
        title: input.title,
        position: await nextPosition(tx, project.id, parentId),
      })
      .returning();
    await audit(tx, actorId, project, "create", row!.id, null, {
      parentId,
      kind: input.kind,
      title: input.title,
    });
    return row!;
  });
}

/** The project's nodes, locked for the rest of the transaction (tree changes one at a time). */
async function lockedNodes(tx: DbOrTx, projectId: string): Promise<DriverNode[]> {
  return tx
    .select()
    .from(improvementDriverNodes)
    .where(eq(improvementDriverNodes.projectId, projectId))
    .for("update");
}

export async function renameNode(db: Db, actorId: string, project: Project, node: DriverNode, title: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(improvementDriverNodes)
      .set({ title, updatedAt: new Date() })
      .where(eq(improvementDriverNodes.id, node.id))
      .returning();
    await audit(tx, actorId, project, "rename", node.id, { title: node.title }, { title });
    return row!;
  });
}

/** Moves a node (with everything under it) under another driver or the aim, at the end. */
export async function moveNode(
  db: Db,
  actorId: string,
  project: Project,
  node: DriverNode,
  parentId: string | null,
): Promise<DriverNode> {
  return db.transaction(async (tx) => {
    const nodes = await lockedNodes(tx, project.id);
    const problem = moveProblem(nodes, node.id, parentId);
    if (problem) throw new DiagramError("parentId", problem);
    if (parentId === node.parentId) return node;
    const [row] = await tx
      .update(improvementDriverNodes)
      .set({ parentId, position: await nextPosition(tx, project.id, parentId), updatedAt: new Date() })
      .where(eq(improvementDriverNodes.id, node.id))
      .returning();
    await audit(tx, actorId, project, "move", node.id, { parentId: node.parentId }, { parentId });
    return row!;
  });
}

/** What removing a node takes with it: the nodes under it (and so their PDSA cycles). */
export async function removalOf(db: DbOrTx, node: DriverNode): Promise<DriverNode[]> {
  const nodes = await listNodes(db, node.projectId);
  const ids = subtreeIds(nodes, node.id);
  return nodes.filter((n) => ids.has(n.id) && n.id !== node.id);
}

/** Removes a node and everything under it (their cycles go with the change ideas), audited. */
export async function removeNode(db: Db, actorId: string, project: Project, node: DriverNode): Promise<void> {
  await db.transaction(async (tx) => {
    const nodes = await lockedNodes(tx, project.id);
    const ids = [...subtreeIds(nodes, node.id)];
    const removed = nodes
      .filter((n) => ids.includes(n.id))
      .map((n) => ({ id: n.id, kind: n.kind, title: n.title }));
    await tx.delete(improvementDriverNodes).where(inArray(improvementDriverNodes.id, ids));
    await audit(tx, actorId, project, "remove", node.id, { removed }, null);
  });
}
