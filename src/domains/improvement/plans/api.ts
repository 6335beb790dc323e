import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { problemResponses } from "../../../platform/http/schemas";
import { getResponse } from "../../measures/service";
import {
  accessTo,
  asBadRequest,
  goalInPath,
  loadedProject,
  loadedRow,
  loadedTeam,
  projectInPath,
  signedInActor,
  stepInPath,
  teamInPath,
} from "./access";
import {
  GoalFields,
  GoalListResponse,
  GoalParams,
  GoalResponse,
  OrgParams,
  ProjectListResponse,
  ProjectParams,
  ProjectPatch,
  ProjectResponse,
  ProjectStart,
  StepFields,
  StepListResponse,
  StepParams,
  StepPatch,
  StepResponse,
} from "./contracts";
import {
  addGoal,
  addStep,
  createProject,
  type Goal,
  guidanceHref,
  isOverdue,
  listGoals,
  listProjects,
  listSteps,
  PlanError,
  type Project,
  renameGoal,
  reportHref,
  type Step,
  startProjectFromReport,
  updateProject,
  updateStep,
} from "./service";

const tags = ["improvement"];

export function presentProject(p: Project): Static<typeof ProjectResponse> {
  return {
    id: p.id,
    organisationId: p.organisationId,
    title: p.title,
    domainKey: p.domainKey,
    instrumentId: p.instrumentId,
    priorityIndicatorKeys: p.priorityIndicatorKeys,
    sourceResponseId: p.sourceResponseId,
    aim: { what: p.aimWhat, howMuch: p.aimHowMuch, byWhen: p.aimByWhen, forWhom: p.aimForWhom },
    status: p.status,
    links: { page: `/improvement/projects/${p.id}`, report: reportHref(p), guidance: guidanceHref(p) },
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
const presentGoal = (g: Goal) => ({ id: g.id, projectId: g.projectId, title: g.title, position: g.position });
const presentStep = (s: Step, today = new Date().toISOString().slice(0, 10)) => ({
  id: s.id,
  projectId: s.projectId,
  goalId: s.goalId,
  title: s.title,
  ownerId: s.ownerId,
  ownerName: s.ownerName,
  dueOn: s.dueOn,
  status: s.status,
  overdue: isOverdue(s, today),
});

/** Plans, goals and steps under /api/v1/improvement. */
export async function planApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const read = accessTo("improvement.read", projectInPath);
  const write = accessTo("improvement.write", projectInPath);

  app.get(
    "/improvement/teams/:orgId/projects",
    {
      config: { access: accessTo("improvement.read", teamInPath) },
      schema: {
        tags,
        summary: "A team's improvement plans, newest first",
        params: OrgParams,
        response: { 200: ProjectListResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => ({ items: (await listProjects(db, loadedTeam(request).id)).map(presentProject) }),
  );

  app.post(
    "/improvement/teams/:orgId/projects",
    {
      config: { access: accessTo("improvement.write", teamInPath) },
      schema: {
        tags,
        summary:
          "Start a plan: from a submitted assessment of the team (sourceResponseId and domainKey; pre-filled with the domain's lowest-rated indicators) or from scratch (title)",
        params: OrgParams,
        body: ProjectStart,
        response: { 201: ProjectResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const team = loadedTeam(request);
      const actor = await signedInActor(request);
      const { title, sourceResponseId, domainKey } = request.body;
      let project: Project;
      try {
        if (sourceResponseId || domainKey) {
          if (!sourceResponseId) throw new PlanError("sourceResponseId", "notSubmitted");
          if (!domainKey) throw new PlanError("domainKey", "unknownDomain");
          const response = await getResponse(db, sourceResponseId);
          // Another team's assessment is not this team's to plan from: as if it did not exist.
          if (!response || response.organisationId !== team.id || response.instrument.kind !== "assessment")
            throw new PlanError("sourceResponseId", "notSubmitted");
          project = await startProjectFromReport(db, actor.userId, response, domainKey, "en");
          if (title) project = await updateProject(db, actor.userId, project, { title });
        } else {
          if (!title) throw new PlanError("title", "titleRequired");
          project = await createProject(db, actor.userId, team.id, { title });
        }
      } catch (error) {
        asBadRequest(error);
      }
      return reply.status(201).send(presentProject(project));
    },
  );

  app.get(
    "/improvement/projects/:projectId",
    {
      config: { access: read },
      schema: {
        tags,
        summary: "One improvement plan: its source, aim and status",
        params: ProjectParams,
        response: { 200: ProjectResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => presentProject(loadedProject(request).project),
  );

  app.patch(
    "/improvement/projects/:projectId",
    {
      config: { access: write },
      schema: {
        tags,
        summary: "Change a plan's title, aim or status (null clears an aim field)",
        params: ProjectParams,
        body: ProjectPatch,
        response: { 200: ProjectResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = await signedInActor(request);
      try {
        return presentProject(
          await updateProject(db, actor.userId, loadedProject(request).project, request.body),
        );
      } catch (error) {
        asBadRequest(error);
      }
    },
  );

  app.get(
    "/improvement/projects/:projectId/goals",
    {
      config: { access: read },
      schema: {
        tags,
        summary: "A plan's goals, in order",
        params: ProjectParams,
        response: { 200: GoalListResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => ({ items: (await listGoals(db, loadedProject(request).project.id)).map(presentGoal) }),
  );

  app.post(
    "/improvement/projects/:projectId/goals",
    {
      config: { access: write },
      schema: {
        tags,
        summary: "Add a goal to a plan's action plan",
        params: ProjectParams,
        body: GoalFields,
        response: { 201: GoalResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const goal = await addGoal(db, actor.userId, loadedProject(request).project, request.body.title);
      return reply.status(201).send(presentGoal(goal));
    },
  );

  app.patch(
    "/improvement/goals/:goalId",
    {
      config: { access: accessTo("improvement.write", goalInPath) },
      schema: {
        tags,
        summary: "Rename a goal",
        params: GoalParams,
        body: GoalFields,
        response: { 200: GoalResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { project, row } = loadedRow<Goal>(request);
      const actor = await signedInActor(request);
      return presentGoal(await renameGoal(db, actor.userId, project, row, request.body.title));
    },
  );

  app.get(
    "/improvement/projects/:projectId/steps",
    {
      config: { access: read },
      schema: {
        tags,
        summary: "A plan's action steps, with owner, due date, status and whether each is overdue",
        params: ProjectParams,
        response: { 200: StepListResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => ({
      items: (await listSteps(db, loadedProject(request).project.id)).map((s) => presentStep(s)),
    }),
  );

  app.post(
    "/improvement/projects/:projectId/steps",
    {
      config: { access: write },
      schema: {
        tags,
        summary: "Add an action step under a goal (the owner must be a member of the team)",
        params: ProjectParams,
        body: StepFields,
        response: { 201: StepResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = await signedInActor(request);
      try {
        const step = await addStep(db, actor.userId, loadedProject(request).project, request.body);
        return reply.status(201).send(presentStep(step));
      } catch (error) {
        asBadRequest(error);
      }
    },
  );

  app.patch(
    "/improvement/steps/:stepId",
    {
      config: { access: accessTo("improvement.write", stepInPath) },
      schema: {
        tags,
        summary: "Change an action step (null clears the owner or the due date)",
        params: StepParams,
        body: StepPatch,
        response: { 200: StepResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { project, row } = loadedRow<Step>(request);
      const actor = await signedInActor(request);
      try {
        return presentStep(await updateStep(db, actor.userId, project, row, request.body));
      } catch (error) {
        asBadRequest(error);
      }
    },
  );
}
