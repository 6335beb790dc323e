import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Static, TObject } from "@sinclair/typebox";
import { stringify } from "csv-stringify/sync";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type FieldErrors, type FormValues, formFieldsOf, parseForm } from "../../../platform/http/forms";
import { translator } from "../../../platform/i18n";
import { can } from "../../../platform/policy";
import { getNation } from "../../directory/service";
import { listMembershipsOf } from "../../teams/service";
import {
  answerSurveyAccess,
  askForHelp,
  coordinateState,
  loadedEpisode,
  loadedOrganisation,
  objectiveAccess,
  provideAccess,
  readEpisode,
  readReport,
  readTeamEpisodes,
  triageAccess,
  viewerId,
} from "./access";
import {
  CloseFields,
  ContactFields,
  EpisodeParams,
  ObjectiveFields,
  ObjectiveParams,
  ObjectiveStatusFields,
  ReportQuery,
  RequestFields,
  ScopeParams,
  StateParams,
  SurveyFields,
  TeamParams,
  TriageFields,
} from "./fields";
import { assistanceCatalog } from "./messages";
import {
  AssistanceError,
  addObjective,
  answerSurvey,
  checkContact,
  checkRequest,
  checkTriage,
  closeEpisode,
  contactsOf,
  episodeResource,
  episodesOfProvider,
  episodesOfState,
  episodesOfTeam,
  logContact,
  objectivesOf,
  providersFor,
  reportFor,
  requestHelp,
  scopeOf,
  setObjectiveStatus,
  statesWithEpisodes,
  surveyOf,
  topicsOffered,
  triageEpisode,
} from "./service";
import {
  type EpisodeForm,
  EpisodePage,
  OverviewPage,
  QueuePage,
  ReportPage,
  RequestPage,
  reportCells,
  reportHeaders,
  rowLabel,
  TeamPage,
  tr,
} from "./views";

const hidden = { hide: true };
const form = <T extends TObject>(fields: T) => formFieldsOf(fields);
const valuesOf = (body: unknown): FormValues => {
  const { _csrf, ...values } = (body ?? {}) as FormValues;
  return values;
};

/** The technical-assistance pages: every one works without JavaScript. */
export async function assistancePages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get("/assistance", { config: { access: "signedIn" }, schema: hidden }, async (request, reply) => {
    const actor = (await request.actor())!;
    const memberships = await listMembershipsOf(app.db, actor.userId);
    const nation = await getNation(app.db);
    const leadsNation =
      !!nation && memberships.some((m) => m.organisationId === nation.id && m.role === "lead");
    const coordinates =
      leadsNation || actor.systemRole === "admin"
        ? await statesWithEpisodes(app.db)
        : memberships
            .filter((m) => m.organisationKind === "state" && m.role === "lead")
            .map((m) => ({ id: m.organisationId, name: m.organisationName }));
    const reports = memberships
      .filter((m) => m.organisationKind === "state" || m.organisationKind === "nation")
      .map((m) => ({ id: m.organisationId, name: m.organisationName }));
    if (actor.systemRole === "admin" && nation && !reports.some((r) => r.id === nation.id))
      reports.push({ id: nation.id, name: nation.name });
    const data = {
      teams: memberships
        .filter((m) => ["school", "district", "state"].includes(m.organisationKind))
        .map((m) => ({ id: m.organisationId, name: m.organisationName })),
      coordinates,
      providing: await episodesOfProvider(app.db, actor.userId),
      reports,
    };
    return reply.page(
      <OverviewPage ctx={reply.pageContext()} data={data} topics={await topicsOffered(app.db)} />,
    );
  });

  app.get(
    "/assistance/teams/:teamId",
    { config: { access: readTeamEpisodes }, schema: { ...hidden, params: TeamParams } },
    async (request, reply) => {
      const team = loadedOrganisation(request);
      const actor = await request.actor();
      return reply.page(
        <TeamPage
          ctx={reply.pageContext()}
          team={team}
          episodes={await episodesOfTeam(app.db, team.id)}
          topics={await topicsOffered(app.db)}
          mayAsk={can(actor, "improvement.write", scopeOf(team))}
        />,
      );
    },
  );

  const requestPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) =>
    reply.page(
      <RequestPage
        ctx={reply.pageContext()}
        team={loadedOrganisation(request)}
        topics={await topicsOffered(app.db)}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    );

  app.get(
    "/assistance/teams/:teamId/request",
    { config: { access: askForHelp }, schema: { ...hidden, params: TeamParams } },
    async (request, reply) => requestPage(request, reply),
  );

  app.post(
    "/assistance/teams/:teamId/request",
    { config: { access: askForHelp }, schema: { ...hidden, params: TeamParams, body: form(RequestFields) } },
    async (request, reply) => {
      const parsed = parseForm(RequestFields, request.body);
      const errors = parsed.ok ? await checkRequest(app.db, parsed.value) : parsed.errors;
      if (!parsed.ok || Object.keys(errors).length > 0)
        return requestPage(request, reply, valuesOf(request.body), errors);
      const episode = await requestHelp(app.db, {
        actorId: viewerId(request),
        team: loadedOrganisation(request),
        input: parsed.value,
        publicUrl: app.config.publicUrl,
      });
      reply.flash("success", translator(assistanceCatalog, request.locale)("requested"));
      return reply.redirect(`/assistance/episodes/${episode.id}`, 303);
    },
  );

  const episodePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    failed?: { form: EpisodeForm; values: FormValues; errors: FieldErrors },
  ) => {
    const episode = loadedEpisode(request);
    const actor = await request.actor();
    const state = scopeOf({ id: episode.stateId, ancestorIds: episode.stateAncestorIds });
    const may = {
      triage: can(actor, "assistance.coordinate", state),
      provide: can(actor, "assistance.provide", episodeResource(episode)),
      answer: can(
        actor,
        "improvement.write",
        scopeOf({ id: episode.organisationId, ancestorIds: episode.teamAncestorIds }),
      ),
    };
    const [contacts, objectives, survey, topics, providers] = await Promise.all([
      contactsOf(app.db, episode.id),
      objectivesOf(app.db, episode.id),
      surveyOf(app.db, episode.id),
      topicsOffered(app.db),
      may.triage ? providersFor(app.db, state) : Promise.resolve([]),
    ]);
    return reply.page(
      <EpisodePage
        ctx={reply.pageContext()}
        episode={episode}
        topics={topics}
        contacts={contacts}
        objectives={objectives}
        survey={survey}
        may={may}
        providers={providers}
        failed={failed}
      />,
      failed ? 400 : 200,
    );
  };

  app.get(
    "/assistance/episodes/:episodeId",
    { config: { access: readEpisode }, schema: { ...hidden, params: EpisodeParams } },
    async (request, reply) => episodePage(request, reply),
  );

  /**
   * An episode form's post: checked by its schema (and `check`, for what the schema cannot
   * know), then done; problems come back on the episode page beside the field, the rest kept.
   */
  function episodeAction<T extends TObject>(
    path: string,
    access: typeof readEpisode,
    name: EpisodeForm,
    fields: T,
    check: (request: FastifyRequest, value: Static<T>) => Promise<FieldErrors> | FieldErrors,
    act: (request: FastifyRequest, value: Static<T>) => Promise<unknown>,
    done: keyof typeof assistanceCatalog.en,
    params: TObject = EpisodeParams,
  ) {
    app.post(
      path,
      { config: { access }, schema: { ...hidden, params, body: form(fields) } },
      async (request, reply) => {
        const t = translator(assistanceCatalog, request.locale);
        const parsed = parseForm(fields, request.body);
        const errors = parsed.ok ? await check(request, parsed.value) : parsed.errors;
        if (!parsed.ok || Object.keys(errors).length > 0)
          return episodePage(request, reply, { form: name, values: valuesOf(request.body), errors });
        const episode = loadedEpisode(request);
        try {
          await act(request, parsed.value);
          reply.flash("success", t(done));
        } catch (error) {
          if (!(error instanceof AssistanceError)) throw error;
          reply.flash("error", t(`error_${error.code}`));
        }
        return reply.redirect(`/assistance/episodes/${episode.id}`, 303);
      },
    );
  }

  const none = () => ({});
  const base = (request: FastifyRequest) => ({
    actorId: viewerId(request),
    episodeId: loadedEpisode(request).id,
  });

  const triaged = new WeakMap<FastifyRequest, Awaited<ReturnType<typeof checkTriage>>>();
  episodeAction(
    "/assistance/episodes/:episodeId/triage",
    triageAccess,
    "triage",
    TriageFields,
    async (request, value) => {
      const checked = await checkTriage(app.db, loadedEpisode(request), value);
      triaged.set(request, checked);
      return checked.ok ? {} : checked.errors;
    },
    async (request) => {
      const checked = triaged.get(request)!;
      if (!checked.ok) return;
      await triageEpisode(app.db, {
        ...base(request),
        triage: checked.value,
        publicUrl: app.config.publicUrl,
      });
    },
    "triaged",
  );
  episodeAction(
    "/assistance/episodes/:episodeId/contacts",
    provideAccess,
    "contact",
    ContactFields,
    (request, value) => checkContact(loadedEpisode(request), value),
    (request, input) => logContact(app.db, { ...base(request), input }),
    "contactLogged",
  );
  episodeAction(
    "/assistance/episodes/:episodeId/objectives",
    provideAccess,
    "objective",
    ObjectiveFields,
    none,
    (request, input) => addObjective(app.db, { ...base(request), input }),
    "objectiveAdded",
  );
  episodeAction(
    "/assistance/episodes/:episodeId/objectives/:objectiveId",
    objectiveAccess,
    "objective",
    ObjectiveStatusFields,
    none,
    (request, value) =>
      setObjectiveStatus(app.db, {
        ...base(request),
        objectiveId: (request.params as { objectiveId: string }).objectiveId,
        status: value.status,
      }),
    "statusSaved",
    ObjectiveParams,
  );
  episodeAction(
    "/assistance/episodes/:episodeId/close",
    provideAccess,
    "close",
    CloseFields,
    none,
    (request, input) => closeEpisode(app.db, { ...base(request), input, publicUrl: app.config.publicUrl }),
    "closed",
  );
  episodeAction(
    "/assistance/episodes/:episodeId/survey",
    answerSurveyAccess,
    "survey",
    SurveyFields,
    none,
    (request, input) => answerSurvey(app.db, { ...base(request), input }),
    "surveyAnswered",
  );

  app.get(
    "/assistance/states/:stateId",
    { config: { access: coordinateState }, schema: { ...hidden, params: StateParams } },
    async (request, reply) => {
      const state = loadedOrganisation(request);
      const [waiting, inProgress, topics] = await Promise.all([
        episodesOfState(app.db, state.id, ["requested"]),
        episodesOfState(app.db, state.id, ["accepted"]),
        topicsOffered(app.db),
      ]);
      return reply.page(
        <QueuePage
          ctx={reply.pageContext()}
          state={state}
          waiting={waiting}
          inProgress={inProgress}
          topics={topics}
        />,
      );
    },
  );

  app.get(
    "/assistance/reports/:scopeId",
    { config: { access: readReport }, schema: { ...hidden, params: ScopeParams, querystring: ReportQuery } },
    async (request, reply) =>
      // Drawn once for everyone reading the same figures (the table is the cached object itself,
      // so its digest is taken once), until an episode of the scope changes.
      reply.sharedPage(
        async (deps) => {
          const { table, ...report } = await reportFor(
            app.db,
            loadedOrganisation(request),
            request.query,
            app.caches,
            deps,
          );
          const query = new URLSearchParams({ by: report.by, from: report.from, to: report.to });
          if (report.topic) query.set("topic", report.topic);
          if (report.intensity) query.set("intensity", report.intensity);
          return { report, table, topics: await topicsOffered(app.db), query: query.toString() };
        },
        (ctx, m) => (
          <ReportPage ctx={ctx} report={{ ...m.report, table: m.table }} topics={m.topics} query={m.query} />
        ),
      ),
  );

  app.get(
    "/assistance/reports/:scopeId.csv",
    { config: { access: readReport }, schema: { ...hidden, params: ScopeParams, querystring: ReportQuery } },
    async (request, reply) => {
      const report = await reportFor(app.db, loadedOrganisation(request), request.query, app.caches);
      const t = tr(request.locale);
      const topics = await topicsOffered(app.db);
      const rows = [
        ...report.table.rows.map((r) => [
          rowLabel(t, topics, request.locale, report.by, r),
          ...reportCells(r, t),
        ]),
        [t("total"), ...reportCells(report.table.total, t)],
      ];
      const csv = stringify([reportHeaders(t, report.by), ...rows]);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="ta-report-${report.from}-${report.to}.csv"`)
        .send(csv);
    },
  );
}
