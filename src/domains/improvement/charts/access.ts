import type { FastifyRequest } from "fastify";
import { type Access, type ResourceLoader, uuidParam } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import type { Action, ScopeResource } from "../../../platform/policy";
import { getOrganisation, type Organisation } from "../../directory/service";
import { getProject, type Project } from "../plans/service";
import { getMeasure, type Measure } from "./service";

/**
 * What a charts route acts on, found before the policy decides: always the team that owns the
 * project, read from the rows (a measure → its project → its team), so an id in the address
 * never lends its scope to another team's measure. Missing rows answer 404 and the routes
 * declare `refuse: 404`, so a peer school cannot learn that a measure exists.
 */
interface Loaded {
  team: Organisation;
  project: Project;
  measure?: Measure;
}
const loaded = new WeakMap<FastifyRequest, Loaded>();

async function scopeOf(request: FastifyRequest, found: Loaded): Promise<ScopeResource> {
  loaded.set(request, found);
  return found.team;
}

async function teamOf(request: FastifyRequest, project: Project): Promise<Organisation> {
  const team = await getOrganisation(request.server.db, project.organisationId);
  if (!team) throw notFound();
  return team;
}

/** The project named by `:projectId`, its team the scope. */
export const projectInPath: ResourceLoader = async (request, actor) => {
  if (!actor) return null;
  const project = await getProject(request.server.db, uuidParam(request, "projectId"));
  if (!project) throw notFound();
  return scopeOf(request, { team: await teamOf(request, project), project });
};

/** The measure named by `:measureId`, with its project's team the scope. */
export const measureInPath: ResourceLoader = async (request, actor) => {
  if (!actor) return null;
  const measure = await getMeasure(request.server.db, uuidParam(request, "measureId"));
  const project = measure ? await getProject(request.server.db, measure.projectId) : null;
  if (!measure || !project) throw notFound();
  return scopeOf(request, { team: await teamOf(request, project), project, measure });
};

export const accessTo = (action: Extract<Action, `improvement.${string}`>, load: ResourceLoader): Access => ({
  action,
  load,
  refuse: 404,
});

export function loadedProject(request: FastifyRequest): { team: Organisation; project: Project } {
  const found = loaded.get(request);
  if (!found) throw new Error("This route declares no charts loader.");
  return found;
}

export function loadedMeasure(request: FastifyRequest): {
  team: Organisation;
  project: Project;
  measure: Measure;
} {
  const found = loaded.get(request);
  if (!found?.measure) throw new Error("This route declares no measure loader.");
  return { team: found.team, project: found.project, measure: found.measure };
}

export { signedInActor } from "../../../platform/http/access";
