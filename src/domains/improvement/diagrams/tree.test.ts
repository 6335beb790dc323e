import { describe, expect, it } from "vitest";
import { addProblem, buildTree, depthOf, moveProblem, moveTargets, type TreeNode } from "./tree";

// aim ─ P1 ─ S1 ─ C1
//     │     └ C2
//     └ P2 ─ S2
//           └ C3 (under a primary driver)
const n = (id: string, parentId: string | null, kind: "driver" | "change", position = 1): TreeNode => ({
  id,
  parentId,
  kind,
  title: id,
  position,
});
const nodes: TreeNode[] = [
  n("P1", null, "driver", 1),
  n("P2", null, "driver", 2),
  n("S1", "P1", "driver"),
  n("C1", "S1", "change", 1),
  n("C2", "S1", "change", 2),
  n("S2", "P2", "driver"),
  n("C3", "P2", "change", 2),
];

describe("driver diagram tree rules", () => {
  it("nests nodes under the aim in position order, with depths", () => {
    const tree = buildTree(nodes);
    expect(tree.map((b) => b.node.id)).toEqual(["P1", "P2"]);
    expect(tree[0]!.children[0]!.children.map((b) => [b.node.id, b.depth])).toEqual([
      ["C1", 3],
      ["C2", 3],
    ]);
    expect(depthOf(nodes, "C1")).toBe(3);
    expect(depthOf(nodes, null)).toBe(0);
  });

  it("refuses to move a node under itself or under anything below it", () => {
    expect(moveProblem(nodes, "P1", "P1")).toBe("underItself");
    expect(moveProblem(nodes, "P1", "S1")).toBe("underItself");
    expect(moveProblem(nodes, "S1", "S1")).toBe("underItself");
  });

  it("keeps drivers primary or secondary, and change ideas under a driver", () => {
    // P1 carries S1: under P2 it would make S1 a third level of drivers.
    expect(moveProblem(nodes, "P1", "P2")).toBe("tooDeep");
    expect(moveProblem(nodes, "S1", "P2")).toBeNull();
    expect(moveProblem(nodes, "S1", null)).toBeNull();
    expect(moveProblem(nodes, "S2", "S1")).toBe("tooDeep");
    expect(moveProblem(nodes, "C1", null)).toBe("changeNeedsDriver");
    expect(moveProblem(nodes, "C1", "C2")).toBe("changeNeedsDriver");
    expect(moveProblem(nodes, "C1", "S2")).toBeNull();
    expect(moveProblem(nodes, "C1", "nowhere")).toBe("parentElsewhere");
    expect(addProblem(nodes, "driver", "S1")).toBe("tooDeep");
    expect(addProblem(nodes, "driver", "P1")).toBeNull();
    expect(addProblem(nodes, "change", null)).toBe("changeNeedsDriver");
    expect(addProblem(nodes, "change", "C1")).toBe("changeNeedsDriver");
  });

  it("offers only the places a node may move to", () => {
    expect(moveTargets(nodes, "C1").sort()).toEqual(["P1", "P2", "S2"]);
    expect(new Set(moveTargets(nodes, "S1"))).toEqual(new Set([null, "P2"]));
    expect(moveTargets(nodes, "P1")).toEqual([]);
  });
});
