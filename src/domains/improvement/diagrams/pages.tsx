import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  ButtonForm,
  type FieldErrors,
  type FormValues,
  formFieldsOf,
  parseForm,
} from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import { type Locale, translator } from "../../../platform/i18n";
import { can } from "../../../platform/policy";
import { cycleSummaries, cyclesOfChangeIdea, cyclesOfProject } from "../cycles/service";
import { accessTo, loadedProject, loadedRow, projectInPath, signedInActor } from "../plans/access";
import { ProjectParams } from "../plans/contracts";
import { nodeInPath } from "./access";
import { ChildForm, MoveForm, NodeParams, PrimaryForm, RenameForm } from "./contracts";
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
  moveTargets,
  removalOf,
  removeNode,
  renameNode,
} from "./service";
import { DiagramPage, diagramHref, NodePage, nodeHref, RemovePage } from "./views/diagram-pages";

const hide = true;

function findBranch(tree: Branch<DriverNode>[], id: string): Branch<DriverNode> | null {
  for (const b of tree) {
    if (b.node.id === id) return b;
    const found = findBranch(b.children, id);
    if (found) return found;
  }
  return null;
}

function diagramErrors(error: unknown, locale: Locale, field: string): FieldErrors {
  if (!(error instanceof DiagramError)) throw error;
  return { [field]: { message: translator(diagramsCatalog, locale)(`problem_${error.problem}`) } };
}
const typed = (body: unknown): FormValues => {
  const { _csrf, ...rest } = (body ?? {}) as FormValues;
  return rest;
};

/** The driver diagram's pages: the diagram (SVG and list), a node's page with its forms, removal. */
export async function diagramPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const t = (request: FastifyRequest) => translator(diagramsCatalog, request.locale);

  const diagramPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const { team, project } = loadedProject(request);
    return (
      <DiagramPage
        ctx={reply.pageContext()}
        team={team}
        project={project}
        tree={buildTree(await listNodes(db, project.id))}
        cycles={await cycleSummaries(db, project.id)}
        canWrite={can(await request.actor(), "improvement.write", team)}
        values={values}
        errors={errors}
      />
    );
  };

  app.get(
    "/improvement/projects/:projectId/diagram",
    {
      schema: { hide, params: ProjectParams },
      config: { access: accessTo("improvement.read", projectInPath) },
    },
    async (request, reply) => reply.page(await diagramPage(request, reply)),
  );

  app.post(
    "/improvement/projects/:projectId/diagram/drivers",
    {
      schema: { hide, params: ProjectParams, body: formFieldsOf(PrimaryForm) },
      config: { access: accessTo("improvement.write", projectInPath) },
    },
    async (request, reply) => {
      const parsed = parseForm(PrimaryForm, request.body);
      if (!parsed.ok) return reply.page(await diagramPage(request, reply, parsed.values, parsed.errors), 400);
      const { project } = loadedProject(request);
      const actor = await signedInActor(request);
      await addNode(db, actor.userId, project, { kind: "driver", title: parsed.value.title, parentId: null });
      reply.flash("success", t(request)("added"));
      return reply.redirect(diagramHref(project.id), 303);
    },
  );

  const nodePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const { team, project, row } = loadedRow<DriverNode>(request);
    const nodes = await listNodes(db, project.id);
    const tree = buildTree(nodes);
    const branch = findBranch(tree, row.id);
    if (!branch) throw notFound();
    const tr = t(request);
    const labelOf = (id: string | null) => {
      if (!id) return tr("underAim");
      const b = findBranch(tree, id)!;
      return `${tr(`level_${levelOf(b)}`)}: ${b.node.title}`;
    };
    const cycles =
      row.kind === "change"
        ? (await cyclesOfProject(db, project.id)).filter((c) => c.changeIdeaId === row.id)
        : [];
    return (
      <NodePage
        ctx={reply.pageContext()}
        view={{
          team,
          project,
          node: row,
          branch,
          parent: nodes.find((n) => n.id === row.parentId) ?? null,
          targets: moveTargets(nodes, row.id).map((id) => ({ id, label: labelOf(id) })),
          cycles,
          canWrite: can(await request.actor(), "improvement.write", team),
        }}
        values={values}
        errors={errors}
      />
    );
  };

  app.get(
    "/improvement/nodes/:nodeId",
    { schema: { hide, params: NodeParams }, config: { access: accessTo("improvement.read", nodeInPath) } },
    async (request, reply) => reply.page(await nodePage(request, reply)),
  );

  const write = { access: accessTo("improvement.write", nodeInPath) };

  app.post(
    "/improvement/nodes/:nodeId",
    { schema: { hide, params: NodeParams, body: formFieldsOf(RenameForm) }, config: write },
    async (request, reply) => {
      const parsed = parseForm(RenameForm, request.body);
      if (!parsed.ok) return reply.page(await nodePage(request, reply, parsed.values, parsed.errors), 400);
      const { project, row } = loadedRow<DriverNode>(request);
      await renameNode(db, (await signedInActor(request)).userId, project, row, parsed.value.title);
      reply.flash("success", t(request)("renamed"));
      return reply.redirect(nodeHref(row.id), 303);
    },
  );

  app.post(
    "/improvement/nodes/:nodeId/children",
    { schema: { hide, params: NodeParams, body: formFieldsOf(ChildForm) }, config: write },
    async (request, reply) => {
      const parsed = parseForm(ChildForm, request.body);
      if (!parsed.ok) return reply.page(await nodePage(request, reply, parsed.values, parsed.errors), 400);
      const { project, row } = loadedRow<DriverNode>(request);
      try {
        await addNode(db, (await signedInActor(request)).userId, project, {
          kind: parsed.value.kind,
          title: parsed.value.childTitle,
          parentId: row.id,
        });
      } catch (error) {
        return reply.page(
          await nodePage(request, reply, typed(request.body), diagramErrors(error, request.locale, "kind")),
          400,
        );
      }
      reply.flash("success", t(request)("added"));
      return reply.redirect(nodeHref(row.id), 303);
    },
  );

  app.post(
    "/improvement/nodes/:nodeId/move",
    { schema: { hide, params: NodeParams, body: formFieldsOf(MoveForm) }, config: write },
    async (request, reply) => {
      const parsed = parseForm(MoveForm, request.body);
      if (!parsed.ok) return reply.page(await nodePage(request, reply, parsed.values, parsed.errors), 400);
      const { project, row } = loadedRow<DriverNode>(request);
      const parentId = parsed.value.parentId === "aim" ? null : parsed.value.parentId;
      try {
        await moveNode(db, (await signedInActor(request)).userId, project, row, parentId);
      } catch (error) {
        return reply.page(
          await nodePage(
            request,
            reply,
            typed(request.body),
            diagramErrors(error, request.locale, "parentId"),
          ),
          400,
        );
      }
      reply.flash("success", t(request)("moved"));
      return reply.redirect(nodeHref(row.id), 303);
    },
  );

  app.get(
    "/improvement/nodes/:nodeId/remove",
    { schema: { hide, params: NodeParams }, config: write },
    async (request, reply) => {
      const { team, project, row } = loadedRow<DriverNode>(request);
      const under = await removalOf(db, row);
      const ideas = new Set([row, ...under].filter((n) => n.kind === "change").map((n) => n.id));
      let cycleCount = 0;
      for (const id of ideas) cycleCount += (await cyclesOfChangeIdea(db, id)).length;
      return reply.page(
        <RemovePage
          ctx={reply.pageContext()}
          team={team}
          project={project}
          node={row}
          under={under}
          cycleCount={cycleCount}
        />,
      );
    },
  );

  app.post(
    "/improvement/nodes/:nodeId/remove",
    { schema: { hide, params: NodeParams, body: ButtonForm }, config: write },
    async (request, reply) => {
      const { project, row } = loadedRow<DriverNode>(request);
      await removeNode(db, (await signedInActor(request)).userId, project, row);
      reply.flash("success", t(request)("removed"));
      return reply.redirect(diagramHref(project.id), 303);
    },
  );
}
