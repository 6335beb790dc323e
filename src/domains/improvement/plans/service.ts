import type { Static } from "@sinclair/typebox";
import { eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import type { Locale } from "../../../platform/i18n";
import type { Actor, ScopeResource } from "../../../platform/policy";
import { allAnswers, type ResponseView } from "../../measures/service";
import { listMembers, loadActor } from "../../teams/service";
import type { ProjectPatch, StepFields } from "./contracts";
import {
  goalById,
  goalsOf,
  type GoalRow,
  nextPosition,
  type ProjectRow,
  projectById,
  projectsOf,
  projectTeam,
  type StepRow,
  stepById,
  stepsOf,
} from "./repo";
import { improvementGoals, improvementProjects, improvementSteps, type StepStatus } from "./schema";

/**
 * Improvement projects (plans) of a team: what other capabilities and domains may use. A project
 * belongs to the team of its organisation; every access check loads that team's scope from the
 * project's row (`projectScope`), never from an id in an address.
 */
export type Project = ProjectRow;
export type Goal = GoalRow;
export type Step = StepRow;
export { goalById as getGoal, stepById as getStep };

/** A refusal a person can act on: which field, and what is wrong with it (a message key). */
export class PlanError extends Error {
  constructor(
    public field: string,
    public problem: PlanProblem,
  ) {
    super(`${field}: ${problem}`);
  }
}
export type PlanProblem =
  | "notSubmitted"
  | "unknownDomain"
  | "notTeamMember"
  | "goalElsewhere"
  | "titleRequired"
  | "badDate"
  | "endBeforeStart"
  | "rampElsewhere"
  | "notFound";

/**
 * A real calendar day between 2000 and 2100 (YYYY-MM-DD). Schemas check the shape; this also
 * refuses 2027-02-31, which JavaScript rolls over into March and the database refuses.
 */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 2000 || y > 2100) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Refuses a date that is not a real day, naming the field. */
export function checkDates(fields: Record<string, string | null | undefined>) {
  for (const [field, value] of Object.entries(fields))
    if (value && !isCalendarDate(value)) throw new PlanError(field, "badDate");
}

export async function getProject(db: DbOrTx, id: string): Promise<Project | null> {
  return projectById(db, id);
}

/** The owning team's scope (its organisation's id and the ids above it), for access loaders. */
export async function projectScope(db: DbOrTx, id: string): Promise<ScopeResource | null> {
  const team = await projectTeam(db, id);
  return team ? { id: team.id, ancestorIds: team.ancestorIds } : null;
}

/** The owning team with its name and kind (for page headings and breadcrumbs). */
export const projectTeamOf = projectTeam;

/** A team's projects, newest first. */
export async function listProjects(db: DbOrTx, orgId: string): Promise<Project[]> {
  return projectsOf(db, orgId);
}

export const reportHref = (p: Pick<Project, "sourceResponseId">) =>
  p.sourceResponseId ? `/measures/responses/${p.sourceResponseId}/report` : null;
export const guidanceHref = (p: Pick<Project, "instrumentId" | "domainKey">) =>
  p.instrumentId && p.domainKey ? `/measures/guidance/${p.instrumentId}/${p.domainKey}` : null;

interface NewProject {
  title: string;
  domainKey?: string | null;
  instrumentId?: string | null;
  priorityIndicatorKeys?: string[];
  sourceResponseId?: string | null;
}

const audited = (p: Project) => ({
  title: p.title,
  domainKey: p.domainKey,
  priorityIndicatorKeys: p.priorityIndicatorKeys,
  sourceResponseId: p.sourceResponseId,
  aimWhat: p.aimWhat,
  aimHowMuch: p.aimHowMuch,
  aimByWhen: p.aimByWhen,
  aimForWhom: p.aimForWhom,
  status: p.status,
});

/** A new project of the team, audited in the same transaction. */
export async function createProject(
  db: Db,
  actorId: string,
  orgId: string,
  input: NewProject,
): Promise<Project> {
  const title = input.title.trim();
  if (!title) throw new PlanError("title", "titleRequired");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(improvementProjects)
      .values({
        organisationId: orgId,
        title,
        domainKey: input.domainKey ?? null,
        instrumentId: input.instrumentId ?? null,
        priorityIndicatorKeys: input.priorityIndicatorKeys ?? [],
        sourceResponseId: input.sourceResponseId ?? null,
        createdBy: actorId,
        updatedBy: actorId,
      })
      .returning();
    await recordAudit(tx, {
      actorId,
      action: "improvement.project.create",
      entityType: "improvement_project",
      entityId: row!.id,
      scopeId: orgId,
      after: audited(row!),
    });
    return row!;
  });
}

/**
 * What a plan started from a report carries: the domain, its indicators rated as priorities
 * (1–2, lowest first, as the report ranks them; when none is that low, the three lowest rated)
 * and a title naming the domain. Pure, so the pre-fill is tested without a database.
 */
export function planFromReport(
  response: Pick<ResponseView, "instrument" | "sections" | "status">,
  domainKey: string,
  locale: Locale,
): NewProject {
  if (response.status !== "submitted") throw new PlanError("sourceResponseId", "notSubmitted");
  const section = response.instrument.sections.find((s) => s.scored && s.key === domainKey);
  if (!section) throw new PlanError("domainKey", "unknownDomain");
  const answers = allAnswers(response);
  const rated = section.items
    .filter((i) => i.type === "rating")
    .map((i) => ({ key: i.key, rating: ratingOf(answers[i.key]) }))
    .filter((i): i is { key: string; rating: number } => i.rating !== null)
    .sort((a, b) => a.rating - b.rating);
  const low = rated.filter((i) => i.rating <= 2);
  const priorities = (low.length > 0 ? low : rated.slice(0, 3)).map((i) => i.key);
  const domainTitle = section.title[locale];
  return {
    title: locale === "es" ? `Mejorar: ${domainTitle}` : `Improve: ${domainTitle}`,
    domainKey,
    instrumentId: response.instrument.id,
    priorityIndicatorKeys: priorities,
  };
}

/** A rating 1–6; "don't know", "not applicable" and blanks are no rating. */
function ratingOf(value: unknown): number | null {
  const n = typeof value === "string" && /^[1-6]$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 6 ? n : null;
}

/** Starts a plan from a submitted assessment's domain, for the team that owns the assessment. */
export async function startProjectFromReport(
  db: Db,
  actorId: string,
  response: ResponseView,
  domainKey: string,
  locale: Locale,
): Promise<Project> {
  const plan = planFromReport(response, domainKey, locale);
  return createProject(db, actorId, response.organisationId, { ...plan, sourceResponseId: response.id });
}

/** The indicators' prompts of a project started from a report, in its order (lowest first). */
export function priorityIndicators(
  project: Pick<Project, "priorityIndicatorKeys">,
  instrument: ResponseView["instrument"] | null,
): { key: string; prompt: { en: string; es: string } }[] {
  const prompts = new Map(instrument?.sections.flatMap((s) => s.items.map((i) => [i.key, i.prompt])) ?? []);
  return project.priorityIndicatorKeys.map((key) => ({
    key,
    prompt: prompts.get(key) ?? { en: key, es: key },
  }));
}

/** Changes the title, the aim or the status; what is not given stays. */
export async function updateProject(
  db: Db,
  actorId: string,
  project: Project,
  patch: Static<typeof ProjectPatch>,
): Promise<Project> {
  checkDates({ aimByWhen: patch.aimByWhen });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(improvementProjects)
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...("aimWhat" in patch ? { aimWhat: patch.aimWhat || null } : {}),
        ...("aimHowMuch" in patch ? { aimHowMuch: patch.aimHowMuch || null } : {}),
        ...("aimByWhen" in patch ? { aimByWhen: patch.aimByWhen || null } : {}),
        ...("aimForWhom" in patch ? { aimForWhom: patch.aimForWhom || null } : {}),
        ...(patch.status ? { status: patch.status } : {}),
        updatedBy: actorId,
        updatedAt: new Date(),
      })
      .where(eq(improvementProjects.id, project.id))
      .returning();
    await recordAudit(tx, {
      actorId,
      action: "improvement.project.update",
      entityType: "improvement_project",
      entityId: project.id,
      scopeId: project.organisationId,
      before: audited(project),
      after: audited(row!),
    });
    return row!;
  });
}

// --- Action plan: goals and steps ---------------------------------------------------------------

export async function listGoals(db: DbOrTx, projectId: string): Promise<Goal[]> {
  return goalsOf(db, projectId);
}
export async function listSteps(db: DbOrTx, projectId: string): Promise<Step[]> {
  return stepsOf(db, projectId);
}

/** The project a goal or step belongs to, for access loaders. */
export async function projectOfGoal(db: DbOrTx, goalId: string): Promise<Project | null> {
  const goal = await goalById(db, goalId);
  return goal ? projectById(db, goal.projectId) : null;
}
export async function projectOfStep(db: DbOrTx, stepId: string): Promise<Project | null> {
  const step = await stepById(db, stepId);
  return step ? projectById(db, step.projectId) : null;
}

const today = () => new Date().toISOString().slice(0, 10);

/** A step is overdue when its due date has passed and it is neither done nor dropped. */
export function isOverdue(step: { dueOn: string | null; status: StepStatus }, on = today()): boolean {
  return !!step.dueOn && step.dueOn < on && step.status !== "done" && step.status !== "dropped";
}

export async function addGoal(db: Db, actorId: string, project: Project, title: string): Promise<Goal> {
  return db.transaction(async (tx) => {
    const position = await nextPosition(tx, improvementGoals, project.id);
    const [row] = await tx
      .insert(improvementGoals)
      .values({ projectId: project.id, title, position })
      .returning();
    await recordAudit(tx, {
      actorId,
      action: "improvement.goal.create",
      entityType: "improvement_goal",
      entityId: row!.id,
      scopeId: project.organisationId,
      after: { projectId: project.id, title },
    });
    return row!;
  });
}

export async function renameGoal(db: Db, actorId: string, project: Project, goal: Goal, title: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(improvementGoals)
      .set({ title, updatedAt: new Date() })
      .where(eq(improvementGoals.id, goal.id))
      .returning();
    await recordAudit(tx, {
      actorId,
      action: "improvement.goal.update",
      entityType: "improvement_goal",
      entityId: goal.id,
      scopeId: project.organisationId,
      before: { title: goal.title },
      after: { title },
    });
    return row!;
  });
}

/** Whether the person is on the team (an owner must be: the plan is the team's work). */
export async function isTeamMember(db: DbOrTx, orgId: string, userId: string): Promise<boolean> {
  const person = await loadActor(db, userId);
  return !!person?.memberships.some((m) => m.organisationId === orgId);
}

/** The team's members, to choose a step's owner from (as the reader may see them). */
export async function teamMembers(db: DbOrTx, actor: Actor, orgId: string) {
  const { members } = await listMembers(db, actor, orgId);
  return members.map((m) => ({ userId: m.userId, name: m.name }));
}

type StepInput = Static<typeof StepFields>;

async function checkStep(db: DbOrTx, project: Project, input: Partial<StepInput>) {
  checkDates({ dueOn: input.dueOn });
  if (input.goalId !== undefined) {
    const goal = await goalById(db, input.goalId);
    if (!goal || goal.projectId !== project.id) throw new PlanError("goalId", "goalElsewhere");
  }
  if (input.ownerId && !(await isTeamMember(db, project.organisationId, input.ownerId)))
    throw new PlanError("ownerId", "notTeamMember");
}

const auditedStep = (s: Pick<StepRow, "goalId" | "title" | "ownerId" | "dueOn" | "status">) => ({
  goalId: s.goalId,
  title: s.title,
  ownerId: s.ownerId,
  dueOn: s.dueOn,
  status: s.status,
});

export async function addStep(db: Db, actorId: string, project: Project, input: StepInput): Promise<Step> {
  await checkStep(db, project, input);
  const id = await db.transaction(async (tx) => {
    const position = await nextPosition(tx, improvementSteps, project.id);
    const [row] = await tx
      .insert(improvementSteps)
      .values({
        projectId: project.id,
        goalId: input.goalId,
        title: input.title,
        ownerId: input.ownerId ?? null,
        dueOn: input.dueOn ?? null,
        status: input.status ?? "notStarted",
        position,
      })
      .returning();
    await recordAudit(tx, {
      actorId,
      action: "improvement.step.create",
      entityType: "improvement_step",
      entityId: row!.id,
      scopeId: project.organisationId,
      after: auditedStep(row!),
    });
    return row!.id;
  });
  return (await stepById(db, id))!;
}

/** Changes a step; an empty owner or due date (null) clears it. */
export async function updateStep(
  db: Db,
  actorId: string,
  project: Project,
  step: Step,
  patch: { [K in keyof StepInput]?: StepInput[K] | null },
): Promise<Step> {
  await checkStep(db, project, {
    goalId: patch.goalId ?? undefined,
    ownerId: patch.ownerId ?? undefined,
    dueOn: patch.dueOn ?? undefined,
  });
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(improvementSteps)
      .set({
        ...(patch.goalId ? { goalId: patch.goalId } : {}),
        ...(patch.title ? { title: patch.title } : {}),
        ...("ownerId" in patch ? { ownerId: patch.ownerId ?? null } : {}),
        ...("dueOn" in patch ? { dueOn: patch.dueOn ?? null } : {}),
        ...(patch.status ? { status: patch.status } : {}),
        updatedAt: new Date(),
      })
      .where(eq(improvementSteps.id, step.id))
      .returning();
    await recordAudit(tx, {
      actorId,
      action: "improvement.step.update",
      entityType: "improvement_step",
      entityId: step.id,
      scopeId: project.organisationId,
      before: auditedStep(step),
      after: auditedStep(row!),
    });
  });
  return (await stepById(db, step.id))!;
}
