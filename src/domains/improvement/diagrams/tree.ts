import type { NodeKind } from "./schema";

/**
 * The driver diagram's tree rules, as pure functions. The aim is the root (depth 0); a driver
 * at depth 1 is a primary driver, at depth 2 a secondary driver; change ideas hang under a
 * driver and have nothing under them.
 */
export interface TreeNode {
  id: string;
  parentId: string | null;
  kind: NodeKind;
  title: string;
  position: number;
}

export type TreeProblem = "underItself" | "parentElsewhere" | "tooDeep" | "changeNeedsDriver";

/** The deepest a driver may sit: secondary drivers are the last level of drivers. */
export const MAX_DRIVER_DEPTH = 2;

export interface Branch<N extends TreeNode = TreeNode> {
  node: N;
  depth: number;
  children: Branch<N>[];
}

/** Nodes as nested branches under the aim, each level in position order. */
export function buildTree<N extends TreeNode>(nodes: N[]): Branch<N>[] {
  const byParent = new Map<string | null, N[]>();
  for (const n of nodes) byParent.set(n.parentId, [...(byParent.get(n.parentId) ?? []), n]);
  const grow = (parentId: string | null, depth: number): Branch<N>[] =>
    (byParent.get(parentId) ?? [])
      .sort((a, b) => a.position - b.position || a.title.localeCompare(b.title))
      .map((node) => ({ node, depth, children: grow(node.id, depth + 1) }));
  return grow(null, 1);
}

export function depthOf(nodes: TreeNode[], id: string | null): number {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let depth = 0;
  for (
    let at = id ? byId.get(id) : undefined;
    at && depth <= nodes.length;
    at = at.parentId ? byId.get(at.parentId) : undefined
  )
    depth++;
  return depth;
}

/** The node and everything under it. */
export function subtreeIds(nodes: TreeNode[], id: string): Set<string> {
  const found = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of nodes)
      if (n.parentId && found.has(n.parentId) && !found.has(n.id)) {
        found.add(n.id);
        grew = true;
      }
  }
  return found;
}

/** Why a node of `kind` may not sit under `parentId` (null: the aim), or null when it may. */
function placementProblem(nodes: TreeNode[], kind: NodeKind, parentId: string | null): TreeProblem | null {
  const parent = parentId ? nodes.find((n) => n.id === parentId) : null;
  if (parentId && !parent) return "parentElsewhere";
  if (parent && parent.kind !== "driver") return "changeNeedsDriver";
  if (kind === "change" && !parent) return "changeNeedsDriver";
  if (kind === "driver" && depthOf(nodes, parentId) + 1 > MAX_DRIVER_DEPTH) return "tooDeep";
  return null;
}

/** Why a new node may not be added there, or null. */
export function addProblem(nodes: TreeNode[], kind: NodeKind, parentId: string | null): TreeProblem | null {
  return placementProblem(nodes, kind, parentId);
}

/**
 * Why the node may not move under `parentId` (null: the aim), or null. A node never moves
 * under itself or anything under it (the tree would become a loop), and the drivers it carries
 * must still be primary or secondary once it sits at its new depth.
 */
export function moveProblem(nodes: TreeNode[], nodeId: string, parentId: string | null): TreeProblem | null {
  const node = nodes.find((n) => n.id === nodeId);
  if (!node) return "parentElsewhere";
  const moving = subtreeIds(nodes, nodeId);
  if (parentId && moving.has(parentId)) return "underItself";
  const placed = placementProblem(nodes, node.kind, parentId);
  if (placed) return placed;
  const newDepth = depthOf(nodes, parentId) + 1;
  const oldDepth = depthOf(nodes, nodeId);
  for (const n of nodes)
    if (
      moving.has(n.id) &&
      n.kind === "driver" &&
      depthOf(nodes, n.id) - oldDepth + newDepth > MAX_DRIVER_DEPTH
    )
      return "tooDeep";
  return null;
}

/** Where a node could move: the aim and every driver not under it, where the move is allowed. */
export function moveTargets(nodes: TreeNode[], nodeId: string): (string | null)[] {
  const node = nodes.find((n) => n.id === nodeId);
  const candidates: (string | null)[] = [null, ...nodes.filter((n) => n.kind === "driver").map((n) => n.id)];
  return candidates.filter((c) => c !== node?.parentId && moveProblem(nodes, nodeId, c) === null);
}
