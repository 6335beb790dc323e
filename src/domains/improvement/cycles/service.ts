import { and, asc, eq, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { type DriverNode, getChangeIdea } from "../diagrams/service";
import { improvementDriverNodes } from "../diagrams/schema";
import { checkDates, PlanError, type Project } from "../plans/service";
import {
  CYCLE_DECISIONS,
  CYCLE_STAGES,
  type CycleDecision,
  type CycleStage,
  improvementCycles,
} from "./schema";

/**
 * PDSA cycles on a project's change ideas. Cycles build on each other in ramps: a cycle names
 * the one before it. What other capabilities use: `cyclesOfProject` (the cycles to draw on a
 * chart at their dates), `getCycle`, `cyclesOfChangeIdea`.
 */
export type Cycle = typeof improvementCycles.$inferSelect;
export { CYCLE_DECISIONS, CYCLE_STAGES, type CycleDecision, type CycleStage };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getCycle(db: DbOrTx, id: string): Promise<Cycle | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.select().from(improvementCycles).where(eq(improvementCycles.id, id));
  return row ?? null;
}

export async function cyclesOfChangeIdea(db: DbOrTx, changeIdeaId: string): Promise<Cycle[]> {
  return db
    .select()
    .from(improvementCycles)
    .where(eq(improvementCycles.changeIdeaId, changeIdeaId))
    .orderBy(sql`${improvementCycles.startsOn} asc nulls last`, asc(improvementCycles.createdAt));
}

/** A cycle as a chart draws it: when it ran, what it was called, how far it got, its change idea. */
export interface CycleOnChart {
  id: string;
  title: string;
  changeIdeaId: string;
  changeIdeaTitle: string;
  stage: CycleStage;
  decision: CycleDecision | null;
  /** YYYY-MM-DD, or null when not planned yet. */
  startsOn: string | null;
  endsOn: string | null;
  previousCycleId: string | null;
  /** The cycle's page. */
  href: string;
}

/** Every cycle of a project with its dates and title, oldest first: what charts draw. */
export async function cyclesOfProject(db: DbOrTx, projectId: string): Promise<CycleOnChart[]> {
  const rows = await db
    .select({
      id: improvementCycles.id,
      title: improvementCycles.title,
      changeIdeaId: improvementCycles.changeIdeaId,
      changeIdeaTitle: improvementDriverNodes.title,
      stage: improvementCycles.stage,
      decision: improvementCycles.decision,
      startsOn: improvementCycles.startsOn,
      endsOn: improvementCycles.endsOn,
      previousCycleId: improvementCycles.previousCycleId,
    })
    .from(improvementCycles)
    .innerJoin(improvementDriverNodes, eq(improvementDriverNodes.id, improvementCycles.changeIdeaId))
    .where(eq(improvementCycles.projectId, projectId))
    .orderBy(sql`${improvementCycles.startsOn} asc nulls last`, asc(improvementCycles.createdAt));
  return rows.map((r) => ({ ...r, href: `/improvement/cycles/${r.id}` }));
}

/** The cycle before this one in its ramp, and the ones that build on it. */
export async function rampOf(db: DbOrTx, cycle: Cycle): Promise<{ previous: Cycle | null; next: Cycle[] }> {
  const previous = cycle.previousCycleId ? await getCycle(db, cycle.previousCycleId) : null;
  const next = await db
    .select()
    .from(improvementCycles)
    .where(eq(improvementCycles.previousCycleId, cycle.id))
    .orderBy(asc(improvementCycles.createdAt));
  return { previous, next };
}

/** Every part of a cycle a person writes (Plan, Do, Study, Act) with its stage and dates. */
export interface CycleInput {
  title: string;
  stage?: CycleStage;
  startsOn?: string | null;
  endsOn?: string | null;
  objective?: string | null;
  questions?: string | null;
  prediction?: string | null;
  planWho?: string | null;
  planWhat?: string | null;
  planWhen?: string | null;
  planWhere?: string | null;
  dataToCollect?: string | null;
  whatHappened?: string | null;
  problems?: string | null;
  observations?: string | null;
  results?: string | null;
  decision?: CycleDecision | null;
  nextSteps?: string | null;
}

const TEXT_FIELDS = [
  "objective",
  "questions",
  "prediction",
  "planWho",
  "planWhat",
  "planWhen",
  "planWhere",
  "dataToCollect",
  "whatHappened",
  "problems",
  "observations",
  "results",
  "nextSteps",
] as const;

/** Real days, and an end no earlier than the start. */
function checkCycleDates(startsOn: string | null | undefined, endsOn: string | null | undefined) {
  checkDates({ startsOn, endsOn });
  if (startsOn && endsOn && endsOn < startsOn) throw new PlanError("endsOn", "endBeforeStart");
}

/** The columns an input sets: what is given; an empty text clears its field. */
function columnsOf(input: Partial<CycleInput>) {
  const set: Partial<typeof improvementCycles.$inferInsert> = {};
  if (input.title !== undefined) set.title = input.title;
  if (input.stage !== undefined) set.stage = input.stage;
  if (input.startsOn !== undefined) set.startsOn = input.startsOn || null;
  if (input.endsOn !== undefined) set.endsOn = input.endsOn || null;
  if (input.decision !== undefined) set.decision = input.decision || null;
  for (const f of TEXT_FIELDS) if (input[f] !== undefined) set[f] = input[f] || null;
  return set;
}

const audited = (c: Cycle) => ({
  title: c.title,
  stage: c.stage,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  decision: c.decision,
  changeIdeaId: c.changeIdeaId,
  previousCycleId: c.previousCycleId,
  ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, c[f]])),
});

/**
 * Starts a cycle on a change idea of the project; `previousCycleId` puts it in a ramp after a
 * cycle of the same change idea.
 */
export async function startCycle(
  db: Db,
  actorId: string,
  project: Project,
  changeIdea: DriverNode,
  input: CycleInput & { previousCycleId?: string | null },
): Promise<Cycle> {
  if (changeIdea.kind !== "change" || changeIdea.projectId !== project.id)
    throw new PlanError("changeIdeaId", "notFound");
  checkCycleDates(input.startsOn, input.endsOn);
  if (input.previousCycleId) {
    const previous = await getCycle(db, input.previousCycleId);
    if (!previous || previous.changeIdeaId !== changeIdea.id)
      throw new PlanError("previousCycleId", "rampElsewhere");
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(improvementCycles)
      .values({
        ...columnsOf(input),
        title: input.title,
        projectId: project.id,
        changeIdeaId: changeIdea.id,
        previousCycleId: input.previousCycleId ?? null,
        createdBy: actorId,
      })
      .returning();
    await recordAudit(tx, {
      actorId,
      action: "improvement.cycle.create",
      entityType: "improvement_cycle",
      entityId: row!.id,
      scopeId: project.organisationId,
      after: audited(row!),
    });
    return row!;
  });
}

/** Changes a cycle's parts, stage or dates; what is not given stays. */
export async function updateCycle(
  db: Db,
  actorId: string,
  project: Project,
  cycle: Cycle,
  input: Partial<CycleInput>,
): Promise<Cycle> {
  const startsOn = input.startsOn !== undefined ? input.startsOn : cycle.startsOn;
  const endsOn = input.endsOn !== undefined ? input.endsOn : cycle.endsOn;
  checkCycleDates(startsOn, endsOn);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(improvementCycles)
      .set({ ...columnsOf(input), updatedAt: new Date() })
      .where(eq(improvementCycles.id, cycle.id))
      .returning();
    await recordAudit(tx, {
      actorId,
      action: "improvement.cycle.update",
      entityType: "improvement_cycle",
      entityId: cycle.id,
      scopeId: project.organisationId,
      before: audited(cycle),
      after: audited(row!),
    });
    return row!;
  });
}

/** The next cycle of a ramp: same change idea, after this one, titled by its place in the ramp. */
export async function startNextCycle(
  db: Db,
  actorId: string,
  project: Project,
  cycle: Cycle,
): Promise<Cycle> {
  const idea = await getChangeIdea(db, cycle.changeIdeaId);
  if (!idea) throw new PlanError("changeIdeaId", "notFound");
  let depth = 1;
  for (let at: Cycle | null = cycle; at?.previousCycleId && depth < 100; depth++)
    at = await getCycle(db, at.previousCycleId);
  const base = cycle.title.replace(/\s*\(\d+\)$/, "");
  return startCycle(db, actorId, project, idea, {
    title: `${base} (${depth + 1})`,
    previousCycleId: cycle.id,
  });
}

/** A change idea's cycles in brief: how many, and the latest one's stage and dates. */
export async function cycleSummaries(
  db: DbOrTx,
  projectId: string,
): Promise<Map<string, { count: number; latest: CycleOnChart }>> {
  const summaries = new Map<string, { count: number; latest: CycleOnChart }>();
  for (const c of await cyclesOfProject(db, projectId)) {
    const before = summaries.get(c.changeIdeaId);
    summaries.set(c.changeIdeaId, { count: (before?.count ?? 0) + 1, latest: c });
  }
  return summaries;
}

/** Whether a cycle belongs to the project (for rows named under a project's address). */
export async function cycleInProject(db: DbOrTx, projectId: string, cycleId: string): Promise<boolean> {
  if (!UUID.test(cycleId)) return false;
  const [row] = await db
    .select({ id: improvementCycles.id })
    .from(improvementCycles)
    .where(and(eq(improvementCycles.id, cycleId), eq(improvementCycles.projectId, projectId)));
  return !!row;
}
