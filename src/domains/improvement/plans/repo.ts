import { and, asc, desc, eq, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import type { DbOrTx } from "../../../platform/db/client";
import { organisations } from "../../directory/schema";
import { improvementGoals, improvementProjects, improvementSteps } from "./schema";

// The plans' queries; no rules in here.

export type ProjectRow = typeof improvementProjects.$inferSelect;
export type GoalRow = typeof improvementGoals.$inferSelect;
export type StepRow = typeof improvementSteps.$inferSelect & { ownerName: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

export async function projectById(db: DbOrTx, id: string): Promise<ProjectRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(improvementProjects).where(eq(improvementProjects.id, id));
  return row ?? null;
}

/** The project's owning team: its organisation's id and the ids above it, in one read. */
export async function projectTeam(
  db: DbOrTx,
  id: string,
): Promise<{ id: string; ancestorIds: string[]; name: string; kind: string } | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({
      id: organisations.id,
      ancestorIds: organisations.ancestorIds,
      name: organisations.name,
      kind: organisations.kind,
    })
    .from(improvementProjects)
    .innerJoin(organisations, eq(organisations.id, improvementProjects.organisationId))
    .where(eq(improvementProjects.id, id));
  return row ?? null;
}

export async function projectsOf(db: DbOrTx, organisationId: string): Promise<ProjectRow[]> {
  return db
    .select()
    .from(improvementProjects)
    .where(eq(improvementProjects.organisationId, organisationId))
    .orderBy(desc(improvementProjects.createdAt), asc(improvementProjects.title));
}

export async function goalsOf(db: DbOrTx, projectId: string): Promise<GoalRow[]> {
  return db
    .select()
    .from(improvementGoals)
    .where(eq(improvementGoals.projectId, projectId))
    .orderBy(asc(improvementGoals.position), asc(improvementGoals.createdAt));
}

export async function goalById(db: DbOrTx, id: string): Promise<GoalRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(improvementGoals).where(eq(improvementGoals.id, id));
  return row ?? null;
}

const stepColumns = {
  id: improvementSteps.id,
  projectId: improvementSteps.projectId,
  goalId: improvementSteps.goalId,
  title: improvementSteps.title,
  ownerId: improvementSteps.ownerId,
  dueOn: improvementSteps.dueOn,
  status: improvementSteps.status,
  position: improvementSteps.position,
  createdAt: improvementSteps.createdAt,
  updatedAt: improvementSteps.updatedAt,
  ownerName: users.name,
};

export async function stepsOf(db: DbOrTx, projectId: string): Promise<StepRow[]> {
  return db
    .select(stepColumns)
    .from(improvementSteps)
    .leftJoin(users, eq(users.id, improvementSteps.ownerId))
    .where(eq(improvementSteps.projectId, projectId))
    .orderBy(asc(improvementSteps.position), asc(improvementSteps.createdAt));
}

export async function stepById(db: DbOrTx, id: string): Promise<StepRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select(stepColumns)
    .from(improvementSteps)
    .leftJoin(users, eq(users.id, improvementSteps.ownerId))
    .where(eq(improvementSteps.id, id));
  return row ?? null;
}

/** The next position at the end of a project's goals or steps. */
export async function nextPosition(
  db: DbOrTx,
  table: typeof improvementGoals | typeof improvementSteps,
  projectId: string,
): Promise<number> {
  const [row] = await db
    .select({ next: sql<number>`(coalesce(max(${table.position}), 0) + 1)::int` })
    .from(table)
    .where(and(eq(table.projectId, projectId)));
  return row?.next ?? 1;
}
