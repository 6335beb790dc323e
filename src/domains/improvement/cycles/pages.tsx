import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  ButtonForm,
  type FieldErrors,
  type FormValues,
  formFieldsOf,
  parseForm,
} from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import { translator } from "../../../platform/i18n";
import { can } from "../../../platform/policy";
import { nodeInPath } from "../diagrams/access";
import { type DriverNode, getChangeIdea } from "../diagrams/service";
import { accessTo, loadedProject, loadedRow, projectInPath, signedInActor } from "../plans/access";
import { ProjectParams } from "../plans/contracts";
import { plansCatalog } from "../plans/messages";
import { PlanError } from "../plans/service";
import { NodeParams } from "../diagrams/contracts";
import { cycleInPath } from "./access";
import { CYCLE_TEXT, CycleFields, CycleParams } from "./contracts";
import { cyclesCatalog } from "./messages";
import {
  type Cycle,
  type CycleInput,
  cyclesOfProject,
  rampOf,
  startCycle,
  startNextCycle,
  updateCycle,
} from "./service";
import { CycleFormPage, CyclePage, CyclesPage, cycleHref } from "./views/cycle-pages";

const hide = true;

/** Everything the form carries: a field left empty clears what was there. */
function fromForm(value: Static<typeof CycleFields>): CycleInput {
  const input: CycleInput = {
    title: value.title,
    stage: value.stage ?? "plan",
    startsOn: value.startsOn ?? null,
    endsOn: value.endsOn ?? null,
    decision: value.decision ?? null,
  };
  for (const f of Object.values(CYCLE_TEXT).flat()) input[f] = value[f] ?? null;
  return input;
}

function planErrors(error: unknown, locale: "en" | "es"): FieldErrors {
  if (!(error instanceof PlanError)) throw error;
  return { [error.field]: { message: translator(plansCatalog, locale)(`problem_${error.problem}`) } };
}
const typed = (body: unknown): FormValues => {
  const { _csrf, ...rest } = (body ?? {}) as FormValues;
  return rest;
};

/** PDSA cycles' pages: a plan's cycles, a cycle, its form, starting one and the next of a ramp. */
export async function cyclePages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const t = (request: FastifyRequest) => translator(cyclesCatalog, request.locale);
  const cycleForm = formFieldsOf(CycleFields);

  app.get(
    "/improvement/projects/:projectId/cycles",
    {
      schema: { hide, params: ProjectParams },
      config: { access: accessTo("improvement.read", projectInPath) },
    },
    async (request, reply) => {
      const { team, project } = loadedProject(request);
      return reply.page(
        <CyclesPage
          ctx={reply.pageContext()}
          team={team}
          project={project}
          cycles={await cyclesOfProject(db, project.id)}
        />,
      );
    },
  );

  // A new cycle on a change idea
  const newCyclePage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const { team, project, row } = loadedRow<DriverNode>(request);
    if (row.kind !== "change") throw notFound();
    return (
      <CycleFormPage
        ctx={reply.pageContext()}
        team={team}
        project={project}
        idea={row}
        values={values}
        errors={errors}
      />
    );
  };
  const writeIdea = { access: accessTo("improvement.write", nodeInPath) };
  app.get(
    "/improvement/nodes/:nodeId/cycles/new",
    { schema: { hide, params: NodeParams }, config: writeIdea },
    async (request, reply) => reply.page(newCyclePage(request, reply)),
  );
  app.post(
    "/improvement/nodes/:nodeId/cycles",
    { schema: { hide, params: NodeParams, body: cycleForm }, config: writeIdea },
    async (request, reply) => {
      const parsed = parseForm(CycleFields, request.body);
      if (!parsed.ok) return reply.page(newCyclePage(request, reply, parsed.values, parsed.errors), 400);
      const { project, row } = loadedRow<DriverNode>(request);
      if (row.kind !== "change") throw notFound();
      let cycle: Cycle;
      try {
        cycle = await startCycle(
          db,
          (await signedInActor(request)).userId,
          project,
          row,
          fromForm(parsed.value),
        );
      } catch (error) {
        return reply.page(
          newCyclePage(request, reply, typed(request.body), planErrors(error, request.locale)),
          400,
        );
      }
      reply.flash("success", t(request)("cycleStarted"));
      return reply.redirect(cycleHref(cycle.id), 303);
    },
  );

  // One cycle
  app.get(
    "/improvement/cycles/:cycleId",
    { schema: { hide, params: CycleParams }, config: { access: accessTo("improvement.read", cycleInPath) } },
    async (request, reply) => {
      const { team, project, row } = loadedRow<Cycle>(request);
      const idea = await getChangeIdea(db, row.changeIdeaId);
      if (!idea) throw notFound();
      const { previous, next } = await rampOf(db, row);
      return reply.page(
        <CyclePage
          ctx={reply.pageContext()}
          team={team}
          project={project}
          cycle={row}
          idea={idea}
          previous={previous}
          next={next}
          canWrite={can(await request.actor(), "improvement.write", team)}
        />,
      );
    },
  );

  const writeCycle = { access: accessTo("improvement.write", cycleInPath) };
  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const { team, project, row } = loadedRow<Cycle>(request);
    const idea = await getChangeIdea(db, row.changeIdeaId);
    if (!idea) throw notFound();
    return (
      <CycleFormPage
        ctx={reply.pageContext()}
        team={team}
        project={project}
        idea={idea}
        cycle={row}
        values={values}
        errors={errors}
      />
    );
  };
  app.get(
    "/improvement/cycles/:cycleId/edit",
    { schema: { hide, params: CycleParams }, config: writeCycle },
    async (request, reply) => reply.page(await editPage(request, reply)),
  );
  app.post(
    "/improvement/cycles/:cycleId",
    { schema: { hide, params: CycleParams, body: cycleForm }, config: writeCycle },
    async (request, reply) => {
      const parsed = parseForm(CycleFields, request.body);
      if (!parsed.ok) return reply.page(await editPage(request, reply, parsed.values, parsed.errors), 400);
      const { project, row } = loadedRow<Cycle>(request);
      try {
        await updateCycle(db, (await signedInActor(request)).userId, project, row, fromForm(parsed.value));
      } catch (error) {
        return reply.page(
          await editPage(request, reply, typed(request.body), planErrors(error, request.locale)),
          400,
        );
      }
      reply.flash("success", t(request)("cycleSaved"));
      return reply.redirect(cycleHref(row.id), 303);
    },
  );
  app.post(
    "/improvement/cycles/:cycleId/next",
    { schema: { hide, params: CycleParams, body: ButtonForm }, config: writeCycle },
    async (request, reply) => {
      const { project, row } = loadedRow<Cycle>(request);
      const next = await startNextCycle(db, (await signedInActor(request)).userId, project, row);
      reply.flash("success", t(request)("nextStarted"));
      return reply.redirect(`${cycleHref(next.id)}/edit`, 303);
    },
  );
}
