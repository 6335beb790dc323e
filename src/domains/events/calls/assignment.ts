/*
 * Automatic assignment of reviewers to proposals: a pure function, no I/O.
 *
 * Each proposal gets `perProposal` reviewers (fewer only when not enough may review it), the
 * load stays balanced (the busiest reviewer has at most one more review than the least busy,
 * whenever the rules allow it), and a reviewer never gets a proposal:
 * - on which they present, or on which someone presents with whom they present elsewhere
 *   (a co-presenter);
 * - presented by anyone from their own organisation;
 * - for which they declared a conflict.
 * Assignments already made (by hand, or reviews under way) are kept and counted in the load.
 */

export interface AssignableProposal {
  id: string;
  /** Who presents it: a key per person (their email, lower-cased) and their organisation. */
  presenters: { key: string; organisation: string }[];
}

export interface AssignableReviewer {
  id: string;
  /** The reviewer's key as a presenter would have it (their email, lower-cased). */
  key: string;
  organisation: string;
}

export interface AssignmentInput {
  proposals: AssignableProposal[];
  reviewers: AssignableReviewer[];
  /** Declared conflicts as [reviewerId, proposalId]. */
  conflicts: [string, string][];
  /** Assignments already made, as [reviewerId, proposalId]; kept as they are. */
  existing: [string, string][];
  perProposal: number;
}

export interface AssignmentResult {
  /** The new assignments, as [reviewerId, proposalId]. */
  added: [string, string][];
  /** Proposals left with fewer than `perProposal` reviewers, and how many they have. */
  short: { proposalId: string; reviewers: number }[];
  /** Reviews per reviewer after assignment (existing + added). */
  load: Map<string, number>;
}

const sameOrganisation = (a: string, b: string) => {
  const x = a.trim().toLowerCase();
  return x !== "" && x === b.trim().toLowerCase();
};

/** Who may review what, by the three rules; a map from proposal id to the reviewers allowed. */
export function eligibility(input: Pick<AssignmentInput, "proposals" | "reviewers" | "conflicts">) {
  const conflicted = new Set(input.conflicts.map(([r, p]) => `${r} ${p}`));
  // Everyone who presents alongside the reviewer somewhere (the reviewer included).
  const circleOf = new Map<string, Set<string>>();
  for (const reviewer of input.reviewers) {
    const circle = new Set<string>([reviewer.key]);
    for (const proposal of input.proposals) {
      if (proposal.presenters.some((p) => p.key === reviewer.key))
        for (const p of proposal.presenters) circle.add(p.key);
    }
    circleOf.set(reviewer.id, circle);
  }
  const allowed = new Map<string, Set<string>>();
  for (const proposal of input.proposals) {
    const ok = new Set<string>();
    for (const reviewer of input.reviewers) {
      const circle = circleOf.get(reviewer.id)!;
      if (proposal.presenters.some((p) => circle.has(p.key))) continue;
      if (proposal.presenters.some((p) => sameOrganisation(p.organisation, reviewer.organisation))) continue;
      if (conflicted.has(`${reviewer.id} ${proposal.id}`)) continue;
      ok.add(reviewer.id);
    }
    allowed.set(proposal.id, ok);
  }
  return allowed;
}

export function assignReviewers(input: AssignmentInput): AssignmentResult {
  const allowed = eligibility(input);
  const load = new Map(input.reviewers.map((r) => [r.id, 0]));
  const onProposal = new Map(input.proposals.map((p) => [p.id, new Set<string>()]));
  for (const [reviewerId, proposalId] of input.existing) {
    onProposal.get(proposalId)?.add(reviewerId);
    if (load.has(reviewerId)) load.set(reviewerId, load.get(reviewerId)! + 1);
  }
  /** New assignments by reviewer: the only ones the balancing may move. */
  const added = new Map(input.reviewers.map((r) => [r.id, new Set<string>()]));
  const order = (a: string, b: string) => load.get(a)! - load.get(b)! || (a < b ? -1 : a > b ? 1 : 0);

  // The most constrained proposals first, each to the least busy reviewers allowed.
  const proposals = [...input.proposals].sort(
    (a, b) => allowed.get(a.id)!.size - allowed.get(b.id)!.size || (a.id < b.id ? -1 : 1),
  );
  for (const proposal of proposals) {
    const taken = onProposal.get(proposal.id)!;
    const candidates = [...allowed.get(proposal.id)!].filter((r) => !taken.has(r));
    while (taken.size < input.perProposal && candidates.length > 0) {
      candidates.sort(order);
      const reviewer = candidates.shift()!;
      taken.add(reviewer);
      added.get(reviewer)!.add(proposal.id);
      load.set(reviewer, load.get(reviewer)! + 1);
    }
  }

  rebalance(input.reviewers, allowed, onProposal, added, load);

  const result: [string, string][] = [];
  for (const [reviewer, set] of added) for (const p of set) result.push([reviewer, p]);
  const short = input.proposals
    .filter((p) => onProposal.get(p.id)!.size < input.perProposal)
    .map((p) => ({ proposalId: p.id, reviewers: onProposal.get(p.id)!.size }));
  return { added: result, short, load };
}

/**
 * Moves new assignments from the busiest reviewers to the least busy, along chains if need be
 * (A gives a proposal to B, who gives another to C…), until max − min ≤ 1 or no chain exists.
 * Each move keeps every rule, so balance never costs a rule.
 */
function rebalance(
  reviewers: AssignableReviewer[],
  allowed: Map<string, Set<string>>,
  onProposal: Map<string, Set<string>>,
  added: Map<string, Set<string>>,
  load: Map<string, number>,
) {
  if (reviewers.length < 2) return;
  const limit = reviewers.length * 1000;
  for (let round = 0; round < limit; round++) {
    const loads = [...load.values()];
    const max = Math.max(...loads);
    const min = Math.min(...loads);
    if (max - min <= 1) return;
    let moved = false;
    const busiest = reviewers.filter((r) => load.get(r.id) === max).map((r) => r.id);
    for (const start of busiest) {
      const path = chainFrom(start, max, allowed, onProposal, added, load);
      if (!path) continue;
      for (const step of path) {
        added.get(step.from)!.delete(step.proposal);
        added.get(step.to)!.add(step.proposal);
        onProposal.get(step.proposal)!.delete(step.from);
        onProposal.get(step.proposal)!.add(step.to);
      }
      load.set(start, load.get(start)! - 1);
      const end = path[path.length - 1]!.to;
      load.set(end, load.get(end)! + 1);
      moved = true;
      break;
    }
    if (!moved) return;
  }
}

interface Step {
  from: string;
  to: string;
  proposal: string;
}

/** Breadth-first search for a chain of moves from `start` ending at a reviewer with load ≤ max − 2. */
function chainFrom(
  start: string,
  max: number,
  allowed: Map<string, Set<string>>,
  onProposal: Map<string, Set<string>>,
  added: Map<string, Set<string>>,
  load: Map<string, number>,
): Step[] | null {
  const cameFrom = new Map<string, Step | null>([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const from = queue.shift()!;
    for (const proposal of [...added.get(from)!].sort()) {
      for (const to of [...allowed.get(proposal)!].sort()) {
        if (cameFrom.has(to) || onProposal.get(proposal)!.has(to)) continue;
        cameFrom.set(to, { from, to, proposal });
        if (load.get(to)! <= max - 2) return pathTo(to, cameFrom);
        queue.push(to);
      }
    }
  }
  return null;
}

function pathTo(end: string, cameFrom: Map<string, Step | null>): Step[] {
  const path: Step[] = [];
  let step = cameFrom.get(end);
  while (step) {
    path.unshift(step);
    step = cameFrom.get(step.from);
  }
  return path;
}
