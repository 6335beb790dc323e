import { type Actor, can } from "../../../platform/policy";
import { type Cell, MIN_CELL_SIZE, roundScore } from "../instruments/scoring";
import type { ScopeMeans } from "./aggregates";
import type { NationalRow, StateDashboard } from "./data";

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

/**
 * The state dashboard as this viewer may see it: a page drawn from it needs nobody's identity, so
 * everyone who may see the same figures shares one copy (`reply.sharedPage`).
 */
export function stateDashboardSeenBy(
  actor: Actor | null,
  state: { id: string; ancestorIds: string[] },
  data: StateDashboard,
): StateDashboard {
  const seen = (m: ScopeMeans): ScopeMeans => ({
    ...m,
    means: Object.fromEntries(Object.entries(m.means).map(([k, c]) => [k, visibleTo(actor, state, c)])),
  });
  return {
    ...data,
    means: seen(data.means),
    previousMeans: seen(data.previousMeans),
    districts: data.districts.map((d) => ({
      ...d,
      composite: visibleTo(actor, d, d.composite),
      previousComposite: visibleTo(actor, d, d.previousComposite),
    })),
  };
}

/** The states' rows of the national view as this viewer may see them. */
export function nationalRowsSeenBy(actor: Actor | null, states: NationalRow[]): NationalRow[] {
  return states.map((s) => ({
    ...s,
    composite: visibleTo(actor, s, s.composite),
    previousComposite: visibleTo(actor, s, s.previousComposite),
  }));
}
