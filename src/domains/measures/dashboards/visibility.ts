import { type Actor, can } from "../../../platform/policy";
import { type Cell, MIN_CELL_SIZE, roundScore } from "../instruments/scoring";

/**
 * Small-cell suppression is for people who may not read the schools behind a figure (peers, the
 * public, researchers). Dashboards keep their figures unsuppressed and each viewer's page asks the
 * policy: whoever may read the scope (`measures.read`, so every school in it) sees its means
 * whatever n is; anyone else sees nothing built from fewer than 10 schools.
 */
export function visibleTo(
  actor: Actor | null,
  scope: { id: string; ancestorIds: string[] },
  cell: Cell<number>,
): Cell<number> {
  if (!cell.shown || cell.n >= MIN_CELL_SIZE || can(actor, "measures.read", scope)) return cell;
  return { shown: false, reason: "smallCell" };
}

/** This year's mean minus last year's, when both are shown; null otherwise. */
export function changeSince(now: Cell<number>, before: Cell<number>): number | null {
  return now.shown && before.shown ? roundScore(now.value - before.value) || 0 : null;
}
