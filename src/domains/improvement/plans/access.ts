import type { FastifyRequest } from "fastify";
import type { Db } from "../../../platform/db/client";
import { type Access, type ResourceLoader, uuidParam } from "../../../platform/http/access";
import { badRequest, notFound } from "../../../platform/http/problem";
import { translator } from "../../../platform/i18n";
import type { Action } from "../../../platform/policy";
import { getOrganisation, type Organisation } from "../../directory/service";
import { plansCatalog } from "./messages";
import { getGoal, getProject, getStep, type Goal, PlanError, type Project, type Step } from "./service";

/**
 * What an improvement route acts on, found before the policy decides (`config.access.load`):
 * always the owning team's scope. For a project, a goal, a step, a driver-diagram node or a
 * PDSA cycle that is the team of the project the row belongs to, read from the row — an id in
 * the address never lends its scope to another team's rows. Anything missing answers 404, and
 * the routes declare `refuse: 404`, so a peer school cannot learn that a plan exists.
 * A signed-out caller gets no resource (the rule then sends them to sign in, or answers 401).
 */
interface Loaded {
  team: Organisation;
  project?: Project;
  /** The row the route names below the project (goal, step, node, cycle), when it names one. */
  row?: unknown;
}
const loaded = new WeakMap<FastifyRequest, Loaded>();

function remember(request: FastifyRequest, found: Loaded): Organisation {
  loaded.set(request, found);
  return found.team;
}

async function teamOf(db: Db, orgId: string): Promise<Organisation> {
  const team = await getOrganisation(db, orgId);
  if (!team) throw notFound();
  return team;
}

/** The team named by `:orgId`. */
export const teamInPath: ResourceLoader = async (request, actor) => {
  if (!actor) return null;
  return remember(request, { team: await teamOf(request.server.db, uuidParam(request, "orgId")) });
};

/** The project named by `:projectId`, with its team as the scope. */
export const projectInPath: ResourceLoader = async (request, actor) => {
  if (!actor) return null;
  const project = await getProject(request.server.db, uuidParam(request, "projectId"));
  if (!project) throw notFound();
  return remember(request, { team: await teamOf(request.server.db, project.organisationId), project });
};

/**
 * A loader for a row below a project named by `:param`: `find` reads the row and its project
 * (null when either is missing), and the project's team is the scope.
 */
export function rowInPath<T>(
  param: string,
  find: (db: Db, id: string) => Promise<{ row: T; projectId: string } | null>,
): ResourceLoader {
  return async (request, actor) => {
    if (!actor) return null;
    const found = await find(request.server.db, uuidParam(request, param));
    const project = found ? await getProject(request.server.db, found.projectId) : null;
    if (!found || !project) throw notFound();
    return remember(request, {
      team: await teamOf(request.server.db, project.organisationId),
      project,
      row: found.row,
    });
  };
}

/** Read or write, refused as not found. */
export const accessTo = (action: Extract<Action, `improvement.${string}`>, load: ResourceLoader): Access => ({
  action,
  load,
  refuse: 404,
});

export function loadedTeam(request: FastifyRequest): Organisation {
  const found = loaded.get(request);
  if (!found) throw new Error("This route declares no improvement loader.");
  return found.team;
}

export function loadedProject(request: FastifyRequest): { team: Organisation; project: Project } {
  const found = loaded.get(request);
  if (!found?.project) throw new Error("This route declares no project loader.");
  return { team: found.team, project: found.project };
}

/** The row a `rowInPath` loader found, with its project and team. */
export function loadedRow<T>(request: FastifyRequest): { team: Organisation; project: Project; row: T } {
  const found = loaded.get(request);
  if (!found?.project || found.row === undefined) throw new Error("This route declares no row loader.");
  return { team: found.team, project: found.project, row: found.row as T };
}

export { signedInActor } from "../../../platform/http/access";

/** The goal named by `:goalId`, and the step named by `:stepId`, with their project's team. */
export const goalInPath = rowInPath<Goal>("goalId", async (db, id) => {
  const goal = await getGoal(db, id);
  return goal ? { row: goal, projectId: goal.projectId } : null;
});
export const stepInPath = rowInPath<Step>("stepId", async (db, id) => {
  const step = await getStep(db, id);
  return step ? { row: step, projectId: step.projectId } : null;
});

/** A service refusal as a 400 naming the field, in words. */
export function asBadRequest(error: unknown): never {
  if (!(error instanceof PlanError)) throw error;
  const detail = translator(plansCatalog, "en")(`problem_${error.problem}`);
  throw badRequest(detail, [{ pointer: `/${error.field}`, detail }]);
}
