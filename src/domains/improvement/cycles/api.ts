import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { notFound } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import { nodeInPath } from "../diagrams/access";
import { NodeParams } from "../diagrams/contracts";
import type { DriverNode } from "../diagrams/service";
import {
  accessTo,
  asBadRequest,
  loadedProject,
  loadedRow,
  projectInPath,
  signedInActor,
} from "../plans/access";
import { ProjectParams } from "../plans/contracts";
import { cycleInPath } from "./access";
import { CycleListResponse, CycleParams, CyclePatch, CycleResponse, CycleStart } from "./contracts";
import { type Cycle, cyclesOfProject, rampOf, startCycle, updateCycle } from "./service";

const tags = ["improvement"];

function presentCycle(c: Cycle, next: Cycle[]): Static<typeof CycleResponse> {
  return {
    id: c.id,
    projectId: c.projectId,
    changeIdeaId: c.changeIdeaId,
    previousCycleId: c.previousCycleId,
    nextCycleIds: next.map((n) => n.id),
    title: c.title,
    stage: c.stage,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    plan: {
      objective: c.objective,
      questions: c.questions,
      prediction: c.prediction,
      who: c.planWho,
      what: c.planWhat,
      when: c.planWhen,
      where: c.planWhere,
      dataToCollect: c.dataToCollect,
    },
    do: { whatHappened: c.whatHappened, problems: c.problems, observations: c.observations },
    study: { results: c.results },
    act: { decision: c.decision, nextSteps: c.nextSteps },
    page: `/improvement/cycles/${c.id}`,
  };
}

/** PDSA cycles under /api/v1/improvement. */
export async function cycleApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  app.get(
    "/improvement/projects/:projectId/cycles",
    {
      config: { access: accessTo("improvement.read", projectInPath) },
      schema: {
        tags,
        summary: "A plan's PDSA cycles with their change idea, stage, dates and decision (oldest first)",
        params: ProjectParams,
        response: { 200: CycleListResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => ({
      items: (await cyclesOfProject(db, loadedProject(request).project.id)).map(({ href, ...c }) => ({
        ...c,
        page: href,
      })),
    }),
  );

  app.post(
    "/improvement/drivers/:nodeId/cycles",
    {
      config: { access: accessTo("improvement.write", nodeInPath) },
      schema: {
        tags,
        summary:
          "Start a PDSA cycle on a change idea (previousCycleId puts it in a ramp after a cycle of the same idea)",
        params: NodeParams,
        body: CycleStart,
        response: { 201: CycleResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { project, row } = loadedRow<DriverNode>(request);
      if (row.kind !== "change") throw notFound("Cycles test change ideas; this is a driver.");
      try {
        const cycle = await startCycle(db, (await signedInActor(request)).userId, project, row, request.body);
        return reply.status(201).send(presentCycle(cycle, []));
      } catch (error) {
        asBadRequest(error);
      }
    },
  );

  app.get(
    "/improvement/cycles/:cycleId",
    {
      config: { access: accessTo("improvement.read", cycleInPath) },
      schema: {
        tags,
        summary: "One PDSA cycle: Plan, Do, Study, Act, and its place in a ramp",
        params: CycleParams,
        response: { 200: CycleResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const { row } = loadedRow<Cycle>(request);
      return presentCycle(row, (await rampOf(db, row)).next);
    },
  );

  app.patch(
    "/improvement/cycles/:cycleId",
    {
      config: { access: accessTo("improvement.write", cycleInPath) },
      schema: {
        tags,
        summary: "Write or change parts of a PDSA cycle, its stage or dates (null clears a field)",
        params: CycleParams,
        body: CyclePatch,
        response: { 200: CycleResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { project, row } = loadedRow<Cycle>(request);
      try {
        const cycle = await updateCycle(
          db,
          (await signedInActor(request)).userId,
          project,
          row,
          request.body,
        );
        return presentCycle(cycle, (await rampOf(db, cycle)).next);
      } catch (error) {
        asBadRequest(error);
      }
    },
  );
}
