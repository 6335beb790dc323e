import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type ResourceLoader, uuidParam } from "../../../platform/http/access";
import { type FieldErrors, type FormValues, formFieldsOf, parseForm } from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import { translator } from "../../../platform/i18n";
import { can } from "../../../platform/policy";
import { getOrganisation } from "../../directory/service";
import {
  allAnswers,
  getInstrument,
  getResponse,
  type ResponseView,
  scoreAssessment,
} from "../../measures/service";
import {
  accessTo,
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
  GoalParams,
  OrgParams,
  ProjectFields,
  ProjectParams,
  StepFields,
  StepParams,
} from "./contracts";
import { plansCatalog } from "./messages";
import {
  addGoal,
  addStep,
  createProject,
  type Goal,
  listGoals,
  listProjects,
  listSteps,
  PlanError,
  type Project,
  priorityIndicators,
  renameGoal,
  type Step,
  startProjectFromReport,
  teamMembers,
  updateProject,
  updateStep,
} from "./service";
import { planCsv, planPdf } from "./plan-files";
import { projectHref } from "./views/common";
import {
  AimPage,
  GoalPage,
  ProjectPage,
  type ProjectView,
  StartFromReportPage,
  StepPage,
  TeamPlansPage,
} from "./views/plan-pages";

const hide = true;
const ResponseParams = Type.Object({ responseId: Type.String({ format: "uuid" }) });
const StartQuery = Type.Object({
  domain: Type.Optional(Type.String({ pattern: "^[a-z0-9][a-z0-9_-]{0,59}$", maxLength: 60 })),
});
const StartForm = Type.Object({
  domainKey: Type.String({ pattern: "^[a-z0-9][a-z0-9_-]{0,59}$", maxLength: 60 }),
});
const ScratchForm = Type.Object({ title: ProjectFields.properties.title });
const NewGoalForm = Type.Object({ goalTitle: GoalFields.properties.title });

/** A submitted assessment named by `:responseId`, with the team that owns it as the scope. */
const responses = new WeakMap<FastifyRequest, ResponseView>();
const reportInPath: ResourceLoader = async (request, actor) => {
  if (!actor) return null;
  const response = await getResponse(request.server.db, uuidParam(request, "responseId"));
  if (response?.instrument.kind !== "assessment" || response.status !== "submitted") throw notFound();
  responses.set(request, response);
  const team = await getOrganisation(request.server.db, response.organisationId);
  if (!team) throw notFound();
  return team;
};

const today = () => new Date().toISOString().slice(0, 10);

/** A service refusal as the form's message beside its field. */
function planErrors(error: unknown, locale: "en" | "es", field?: string): FieldErrors {
  if (!(error instanceof PlanError)) throw error;
  return {
    [field ?? error.field]: { message: translator(plansCatalog, locale)(`problem_${error.problem}`) },
  };
}
const withoutToken = (values: FormValues) => {
  const { _csrf, ...rest } = values;
  return rest;
};

/** The plans' pages: a team's plans, starting one (from a report or from scratch), a plan with its aim and action plan. */
export async function planPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  async function domainTitleOf(project: Project, locale: "en" | "es") {
    if (!project.domainKey || !project.instrumentId) return null;
    const instrument = await getInstrument(db, project.instrumentId);
    return instrument?.sections.find((s) => s.key === project.domainKey)?.title[locale] ?? null;
  }

  // --- The team's plans ---
  const teamPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const team = loadedTeam(request);
    const projects = await listProjects(db, team.id);
    const titles = new Map<string, string | null>();
    for (const p of projects) titles.set(p.id, await domainTitleOf(p, request.locale));
    return (
      <TeamPlansPage
        ctx={reply.pageContext()}
        team={team}
        projects={projects}
        canWrite={can(await request.actor(), "improvement.write", team)}
        domainTitle={(p) => titles.get(p.id) ?? ""}
        values={values}
        errors={errors}
      />
    );
  };

  app.get(
    "/improvement/teams/:orgId",
    { schema: { hide, params: OrgParams }, config: { access: accessTo("improvement.read", teamInPath) } },
    async (request, reply) => reply.page(await teamPage(request, reply)),
  );

  app.post(
    "/improvement/teams/:orgId/projects",
    {
      schema: { hide, params: OrgParams, body: formFieldsOf(ScratchForm) },
      config: { access: accessTo("improvement.write", teamInPath) },
    },
    async (request, reply) => {
      const parsed = parseForm(ScratchForm, request.body);
      if (!parsed.ok) return reply.page(await teamPage(request, reply, parsed.values, parsed.errors), 400);
      const actor = await signedInActor(request);
      const project = await createProject(db, actor.userId, loadedTeam(request).id, {
        title: parsed.value.title,
      });
      reply.flash("success", translator(plansCatalog, request.locale)("started"));
      return reply.redirect(`${projectHref(project.id)}/aim`, 303);
    },
  );

  // --- Start from a report ---
  const startPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const response = responses.get(request)!;
    const team = loadedTeamOfReport(request);
    const score = scoreAssessment(response.instrument, allAnswers(response));
    const domains = score.domains
      .map((d) => ({
        key: d.key,
        title: response.instrument.sections.find((s) => s.key === d.key)!.title[request.locale],
        score: d.status === "scored" ? d.score : null,
      }))
      .sort((a, b) => (a.score ?? 99) - (b.score ?? 99));
    return (
      <StartFromReportPage
        ctx={reply.pageContext()}
        team={team}
        responseId={response.id}
        reportTitle={`${team.name}, ${response.schoolYear}`}
        domains={domains}
        canWrite={can(await request.actor(), "improvement.write", team)}
        values={values}
        errors={errors}
      />
    );
  };
  const loadedTeamOfReport = (request: FastifyRequest) => {
    const team = request.accessResource;
    if (!team || !("name" in team)) throw notFound();
    return team as Awaited<ReturnType<typeof getOrganisation>> & object;
  };

  app.get(
    "/improvement/reports/:responseId/start",
    {
      schema: { hide, params: ResponseParams, querystring: StartQuery },
      config: { access: accessTo("improvement.read", reportInPath) },
    },
    async (request, reply) =>
      reply.page(
        await startPage(
          request,
          reply,
          request.query.domain ? { domainKey: request.query.domain } : undefined,
        ),
      ),
  );

  app.post(
    "/improvement/reports/:responseId/start",
    {
      schema: { hide, params: ResponseParams, body: formFieldsOf(StartForm) },
      config: { access: accessTo("improvement.write", reportInPath) },
    },
    async (request, reply) => {
      const parsed = parseForm(StartForm, request.body);
      if (!parsed.ok) return reply.page(await startPage(request, reply, parsed.values, parsed.errors), 400);
      const actor = await signedInActor(request);
      try {
        const project = await startProjectFromReport(
          db,
          actor.userId,
          responses.get(request)!,
          parsed.value.domainKey,
          request.locale,
        );
        reply.flash("success", translator(plansCatalog, request.locale)("started"));
        return reply.redirect(`${projectHref(project.id)}/aim`, 303);
      } catch (error) {
        const values = withoutToken(request.body as FormValues);
        return reply.page(
          await startPage(request, reply, values, planErrors(error, request.locale, "domainKey")),
          400,
        );
      }
    },
  );

  // --- One plan ---
  async function projectView(request: FastifyRequest): Promise<ProjectView> {
    const { team, project } = loadedProject(request);
    const actor = await signedInActor(request);
    const canWrite = can(actor, "improvement.write", team);
    const instrument = project.instrumentId ? await getInstrument(db, project.instrumentId) : null;
    return {
      team,
      project,
      domainTitle:
        instrument?.sections.find((s) => s.key === project.domainKey)?.title[request.locale] ?? null,
      priorities: priorityIndicators(project, instrument).map((p) => ({
        key: p.key,
        prompt: p.prompt[request.locale],
      })),
      goals: await listGoals(db, project.id),
      steps: await listSteps(db, project.id),
      members: canWrite ? await teamMembers(db, actor, team.id) : [],
      canWrite,
      today: today(),
    };
  }
  const projectPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => (
    <ProjectPage
      ctx={reply.pageContext()}
      view={await projectView(request)}
      values={values}
      errors={errors}
    />
  );

  app.get(
    "/improvement/projects/:projectId",
    {
      schema: { hide, params: ProjectParams },
      config: { access: accessTo("improvement.read", projectInPath) },
    },
    async (request, reply) => reply.page(await projectPage(request, reply)),
  );

  for (const format of ["csv", "pdf"] as const) {
    app.get(
      `/improvement/projects/:projectId/plan.${format}`,
      {
        schema: { hide, params: ProjectParams },
        config: { access: accessTo("improvement.read", projectInPath) },
      },
      async (request, reply) => {
        const view = await projectView(request);
        const name = `plan-${view.project.id.slice(0, 8)}.${format}`;
        reply
          .header("content-disposition", `attachment; filename="${name}"`)
          .header("cache-control", "private, no-store");
        if (format === "csv")
          return reply.type("text/csv; charset=utf-8").send(planCsv(view, request.locale));
        return reply.type("application/pdf").send(await planPdf(view, request.locale));
      },
    );
  }

  const write = (load: ResourceLoader) => ({ access: accessTo("improvement.write", load) });

  // The aim (with the title and status)
  const aimForm = formFieldsOf(ProjectFields);
  const aimPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const { team, project } = loadedProject(request);
    return (
      <AimPage ctx={reply.pageContext()} team={team} project={project} values={values} errors={errors} />
    );
  };
  app.get(
    "/improvement/projects/:projectId/aim",
    { schema: { hide, params: ProjectParams }, config: write(projectInPath) },
    async (request, reply) => reply.page(aimPage(request, reply)),
  );
  app.post(
    "/improvement/projects/:projectId/aim",
    { schema: { hide, params: ProjectParams, body: aimForm }, config: write(projectInPath) },
    async (request, reply) => {
      const parsed = parseForm(ProjectFields, request.body);
      if (!parsed.ok) return reply.page(aimPage(request, reply, parsed.values, parsed.errors), 400);
      const { project } = loadedProject(request);
      const actor = await signedInActor(request);
      // Every aim field is on the form: an empty one clears it.
      const { aimWhat, aimHowMuch, aimByWhen, aimForWhom } = parsed.value;
      try {
        await updateProject(db, actor.userId, project, {
          ...parsed.value,
          aimWhat: aimWhat ?? null,
          aimHowMuch: aimHowMuch ?? null,
          aimByWhen: aimByWhen ?? null,
          aimForWhom: aimForWhom ?? null,
        });
      } catch (error) {
        const values = withoutToken(request.body as FormValues);
        return reply.page(aimPage(request, reply, values, planErrors(error, request.locale)), 400);
      }
      reply.flash("success", translator(plansCatalog, request.locale)("aimSaved"));
      return reply.redirect(projectHref(project.id), 303);
    },
  );

  // Goals
  app.post(
    "/improvement/projects/:projectId/goals",
    {
      schema: { hide, params: ProjectParams, body: formFieldsOf(NewGoalForm) },
      config: write(projectInPath),
    },
    async (request, reply) => {
      const parsed = parseForm(NewGoalForm, request.body);
      if (!parsed.ok) {
        const errors = parsed.errors.goalTitle ? { title: parsed.errors.goalTitle } : parsed.errors;
        return reply.page(await projectPage(request, reply, {}, errors), 400);
      }
      const { project } = loadedProject(request);
      await addGoal(db, (await signedInActor(request)).userId, project, parsed.value.goalTitle);
      reply.flash("success", translator(plansCatalog, request.locale)("goalAdded"));
      return reply.redirect(projectHref(project.id), 303);
    },
  );
  const goalPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const { team, project, row } = loadedRow<Goal>(request);
    return (
      <GoalPage
        ctx={reply.pageContext()}
        team={team}
        project={project}
        goal={row}
        values={values}
        errors={errors}
      />
    );
  };
  app.get(
    "/improvement/goals/:goalId",
    { schema: { hide, params: GoalParams }, config: write(goalInPath) },
    async (request, reply) => reply.page(goalPage(request, reply)),
  );
  app.post(
    "/improvement/goals/:goalId",
    { schema: { hide, params: GoalParams, body: formFieldsOf(GoalFields) }, config: write(goalInPath) },
    async (request, reply) => {
      const parsed = parseForm(GoalFields, request.body);
      if (!parsed.ok) return reply.page(goalPage(request, reply, parsed.values, parsed.errors), 400);
      const { project, row } = loadedRow<Goal>(request);
      await renameGoal(db, (await signedInActor(request)).userId, project, row, parsed.value.title);
      reply.flash("success", translator(plansCatalog, request.locale)("goalSaved"));
      return reply.redirect(projectHref(project.id), 303);
    },
  );

  // Steps
  const stepForm = formFieldsOf(StepFields);
  app.post(
    "/improvement/projects/:projectId/steps",
    { schema: { hide, params: ProjectParams, body: stepForm }, config: write(projectInPath) },
    async (request, reply) => {
      const parsed = parseForm(StepFields, request.body);
      if (!parsed.ok) return reply.page(await projectPage(request, reply, parsed.values, parsed.errors), 400);
      const { project } = loadedProject(request);
      try {
        await addStep(db, (await signedInActor(request)).userId, project, parsed.value);
      } catch (error) {
        const values = withoutToken(request.body as FormValues);
        return reply.page(await projectPage(request, reply, values, planErrors(error, request.locale)), 400);
      }
      reply.flash("success", translator(plansCatalog, request.locale)("stepAdded"));
      return reply.redirect(projectHref(project.id), 303);
    },
  );
  const stepPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const { team, project, row } = loadedRow<Step>(request);
    const actor = await signedInActor(request);
    return (
      <StepPage
        ctx={reply.pageContext()}
        team={team}
        project={project}
        step={row}
        goals={await listGoals(db, project.id)}
        members={await teamMembers(db, actor, team.id)}
        values={values}
        errors={errors}
      />
    );
  };
  app.get(
    "/improvement/steps/:stepId",
    { schema: { hide, params: StepParams }, config: write(stepInPath) },
    async (request, reply) => reply.page(await stepPage(request, reply)),
  );
  app.post(
    "/improvement/steps/:stepId",
    { schema: { hide, params: StepParams, body: stepForm }, config: write(stepInPath) },
    async (request, reply) => {
      const parsed = parseForm(StepFields, request.body);
      if (!parsed.ok) return reply.page(await stepPage(request, reply, parsed.values, parsed.errors), 400);
      const { project, row } = loadedRow<Step>(request);
      try {
        // The form always carries every field: an empty owner or due date clears it.
        await updateStep(db, (await signedInActor(request)).userId, project, row, {
          ...parsed.value,
          ownerId: parsed.value.ownerId ?? null,
          dueOn: parsed.value.dueOn ?? null,
        });
      } catch (error) {
        const values = withoutToken(request.body as FormValues);
        return reply.page(await stepPage(request, reply, values, planErrors(error, request.locale)), 400);
      }
      reply.flash("success", translator(plansCatalog, request.locale)("stepSaved"));
      return reply.redirect(projectHref(project.id), 303);
    },
  );
}
