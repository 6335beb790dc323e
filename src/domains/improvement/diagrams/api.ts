import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { badRequest } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import { translator } from "../../../platform/i18n";
import { accessTo, loadedProject, loadedRow, projectInPath, signedInActor } from "../plans/access";
import { ProjectParams } from "../plans/contracts";
import { nodeInPath } from "./access";
import { DiagramResponse, NodeInput, NodeParams, NodePatch, NodeResponse } from "./contracts";
import { diagramsCatalog } from "./messages";
import {
  addNode,
  type Branch,
  buildTree,
  DiagramError,
  type DriverNode,
  levelOf,
  listNodes,
  moveNode,
  removeNode,
  renameNode,
} from "./service";

const tags = ["improvement"];
const en = translator(diagramsCatalog, "en");

function asBadRequest(error: unknown): never {
  if (!(error instanceof DiagramError)) throw error;
  const detail = en(`problem_${error.problem}`);
  throw badRequest(detail, [{ pointer: `/${error.field}`, detail }]);
}

const present = (b: Branch<DriverNode>) => ({
  id: b.node.id,
  projectId: b.node.projectId,
  parentId: b.node.parentId,
  kind: b.node.kind,
  level: levelOf(b),
  depth: b.depth,
  title: b.node.title,
  position: b.node.position,
});
const flatten = (tree: Branch<DriverNode>[]): ReturnType<typeof present>[] =>
  tree.flatMap((b) => [present(b), ...flatten(b.children)]);

async function presentNode(app: FastifyInstance, node: DriverNode) {
  const found = flatten(buildTree(await listNodes(app.db, node.projectId))).find((n) => n.id === node.id);
  return found!;
}

/** The driver diagram under /api/v1/improvement. */
export async function diagramApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const write = accessTo("improvement.write", nodeInPath);

  app.get(
    "/improvement/projects/:projectId/drivers",
    {
      config: { access: accessTo("improvement.read", projectInPath) },
      schema: {
        tags,
        summary:
          "A plan's driver diagram: its aim, then every driver and change idea (a parent before what is under it)",
        params: ProjectParams,
        response: { 200: DiagramResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const { project } = loadedProject(request);
      return {
        aim: { what: project.aimWhat, howMuch: project.aimHowMuch },
        nodes: flatten(buildTree(await listNodes(db, project.id))),
      };
    },
  );

  app.post(
    "/improvement/projects/:projectId/drivers",
    {
      config: { access: accessTo("improvement.write", projectInPath) },
      schema: {
        tags,
        summary: "Add a driver (under the aim or a primary driver) or a change idea (under a driver)",
        params: ProjectParams,
        body: NodeInput,
        response: { 201: NodeResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = await signedInActor(request);
      try {
        const node = await addNode(db, actor.userId, loadedProject(request).project, request.body);
        return reply.status(201).send(await presentNode(app, node));
      } catch (error) {
        asBadRequest(error);
      }
    },
  );

  app.patch(
    "/improvement/drivers/:nodeId",
    {
      config: { access: write },
      schema: {
        tags,
        summary:
          "Rename a driver or change idea, or move it (with everything under it) under another driver or the aim (parentId null)",
        params: NodeParams,
        body: NodePatch,
        response: { 200: NodeResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { project, row } = loadedRow<DriverNode>(request);
      const actor = await signedInActor(request);
      let node = row;
      try {
        if (request.body.parentId !== undefined)
          node = await moveNode(db, actor.userId, project, node, request.body.parentId);
        if (request.body.title !== undefined)
          node = await renameNode(db, actor.userId, project, node, request.body.title);
      } catch (error) {
        asBadRequest(error);
      }
      return presentNode(app, node);
    },
  );

  app.delete(
    "/improvement/drivers/:nodeId",
    {
      config: { access: write },
      schema: {
        tags,
        summary: "Remove a driver or change idea with everything under it (and their PDSA cycles)",
        params: NodeParams,
        response: { 204: Type.Null({ description: "Removed; no content" }), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const { project, row } = loadedRow<DriverNode>(request);
      await removeNode(db, (await signedInActor(request)).userId, project, row);
      return reply.status(204).send(null);
    },
  );
}
