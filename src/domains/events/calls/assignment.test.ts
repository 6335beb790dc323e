import { describe, expect, it } from "vitest";
import { type AssignableProposal, type AssignableReviewer, assignReviewers, eligibility } from "./assignment";

const presenter = (key: string, organisation: string) => ({ key, organisation });
const loads = (m: Map<string, number>) => [...m.values()];

describe("assignReviewers", () => {
  it("gives each proposal N reviewers and keeps the load within one (6 proposals × 3 over 4 reviewers)", () => {
    const proposals: AssignableProposal[] = ["p1", "p2", "p3", "p4", "p5", "p6"].map((id) => ({
      id,
      presenters: [presenter(`${id}@x.org`, `Org ${id}`)],
    }));
    const reviewers: AssignableReviewer[] = ["r1", "r2", "r3", "r4"].map((id) => ({
      id,
      key: `${id}@y.org`,
      organisation: "Reviewers Inc",
    }));
    const result = assignReviewers({ proposals, reviewers, conflicts: [], existing: [], perProposal: 3 });
    // 18 reviews over 4 reviewers: two do 5, two do 4.
    expect(loads(result.load).sort()).toEqual([4, 4, 5, 5]);
    expect(result.added).toHaveLength(18);
    expect(result.short).toEqual([]);
    for (const p of proposals) expect(result.added.filter(([, id]) => id === p.id)).toHaveLength(3);
  });

  it("never assigns a presenter, a colleague from the same organisation, a co-presenter or a declared conflict", () => {
    const proposals: AssignableProposal[] = [
      // r1 presents on p1; r1's co-presenter on p1 (ana) also presents p2.
      { id: "p1", presenters: [presenter("r1@y.org", "Alpha"), presenter("ana@z.org", "Zeta")] },
      { id: "p2", presenters: [presenter("ana@z.org", "Zeta")] },
      // Someone from r2's organisation (case and spaces differ) presents p3.
      { id: "p3", presenters: [presenter("bo@b.org", " beta  ")] },
      { id: "p4", presenters: [presenter("cy@c.org", "Gamma")] },
    ];
    const reviewers: AssignableReviewer[] = [
      { id: "r1", key: "r1@y.org", organisation: "Alpha" },
      { id: "r2", key: "r2@b.org", organisation: "Beta" },
      { id: "r3", key: "r3@d.org", organisation: "Delta" },
      { id: "r4", key: "r4@e.org", organisation: "" },
    ];
    const conflicts: [string, string][] = [["r3", "p4"]];
    const allowed = eligibility({ proposals, reviewers, conflicts });
    expect([...allowed.get("p1")!].sort()).toEqual(["r2", "r3", "r4"]);
    expect([...allowed.get("p2")!].sort()).toEqual(["r2", "r3", "r4"]);
    expect([...allowed.get("p3")!].sort()).toEqual(["r1", "r3", "r4"]);
    expect([...allowed.get("p4")!].sort()).toEqual(["r1", "r2", "r4"]);
    const result = assignReviewers({ proposals, reviewers, conflicts, existing: [], perProposal: 2 });
    for (const [r, p] of result.added) expect(allowed.get(p)!.has(r)).toBe(true);
    // 8 reviews over 4 reviewers: exactly 2 each.
    expect(loads(result.load)).toEqual([2, 2, 2, 2]);
    expect(result.short).toEqual([]);
  });

  it("moves reviews along a chain when the greedy pass leaves the load uneven", () => {
    // p1 and p2 only r1 or r2 may review; p3 anyone. One review each.
    const proposals: AssignableProposal[] = [
      { id: "p1", presenters: [presenter("a@a", "C")] },
      { id: "p2", presenters: [presenter("b@b", "C")] },
      { id: "p3", presenters: [presenter("c@c", "D")] },
    ];
    const reviewers: AssignableReviewer[] = [
      { id: "r1", key: "r1", organisation: "" },
      { id: "r2", key: "r2", organisation: "" },
      { id: "r3", key: "r3", organisation: "C" },
    ];
    // Existing: r1 already has p3 by hand (kept).
    const result = assignReviewers({
      proposals,
      reviewers,
      conflicts: [],
      existing: [["r1", "p3"]],
      perProposal: 1,
    });
    // p1 and p2 go one to each of r1 and r2 (the least busy allowed); p3 keeps its hand assignment.
    expect(result.added.map(([r]) => r).sort()).toEqual(["r1", "r2"]);
    expect(result.added.map(([, p]) => p).sort()).toEqual(["p1", "p2"]);
    // r3 may review nothing left: loads 2,1,0 cannot be evened without breaking a rule or a kept assignment.
    expect(result.load.get("r1")).toBe(2);
  });

  it("balances to within one via a chain move", () => {
    // Existing assignments make r1 busy; the new ones must all go elsewhere so loads end 2,2,2.
    const proposals: AssignableProposal[] = ["p1", "p2", "p3", "p4"].map((id) => ({
      id,
      presenters: [presenter(id, id)],
    }));
    const reviewers: AssignableReviewer[] = ["r1", "r2", "r3"].map((id) => ({
      id,
      key: id,
      organisation: "",
    }));
    const existing: [string, string][] = [
      ["r1", "p1"],
      ["r1", "p2"],
    ];
    const result = assignReviewers({ proposals, reviewers, conflicts: [], existing, perProposal: 1 });
    expect(result.added.map(([r]) => r).sort()).toEqual(["r2", "r3"]);
    expect(loads(result.load).sort()).toEqual([1, 1, 2]);
  });

  it("reports proposals nobody may review", () => {
    const proposals: AssignableProposal[] = [{ id: "p1", presenters: [presenter("x", "Same")] }];
    const reviewers: AssignableReviewer[] = [{ id: "r1", key: "r1", organisation: "same" }];
    const result = assignReviewers({ proposals, reviewers, conflicts: [], existing: [], perProposal: 3 });
    expect(result.added).toEqual([]);
    expect(result.short).toEqual([{ proposalId: "p1", reviewers: 0 }]);
  });

  it("stays balanced at scale: 120 proposals × 3 over 20 reviewers with organisations and conflicts", () => {
    const orgs = ["A", "B", "C", "D", "E"];
    const proposals: AssignableProposal[] = Array.from({ length: 120 }, (_, i) => ({
      id: `p${String(i).padStart(3, "0")}`,
      presenters: [presenter(`x${i}`, orgs[i % 5]!)],
    }));
    const reviewers: AssignableReviewer[] = Array.from({ length: 20 }, (_, i) => ({
      id: `r${String(i).padStart(2, "0")}`,
      key: `r${i}`,
      organisation: orgs[i % 5]!,
    }));
    const conflicts: [string, string][] = proposals.slice(0, 30).map((p, i) => [reviewers[i % 20]!.id, p.id]);
    const result = assignReviewers({ proposals, reviewers, conflicts, existing: [], perProposal: 3 });
    const allowed = eligibility({ proposals, reviewers, conflicts });
    for (const [r, p] of result.added) expect(allowed.get(p)!.has(r)).toBe(true);
    expect(result.added).toHaveLength(360);
    expect(Math.max(...loads(result.load)) - Math.min(...loads(result.load))).toBeLessThanOrEqual(1);
  });
});
