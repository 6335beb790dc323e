import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Static } from "@sinclair/typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FieldErrors } from "../../../platform/http/forms";
import { badRequest, conflict } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
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
  EpisodeListResponse,
  EpisodeParams,
  EpisodeResponse,
  ObjectiveFields,
  ObjectiveParams,
  ObjectiveStatusFields,
  ReportQuery,
  ReportResponse,
  RequestFields,
  ScopeParams,
  StateParams,
  SurveyFields,
  TeamParams,
  TriageFields,
} from "./fields";
import {
  AssistanceError,
  addObjective,
  answerSurvey,
  checkContact,
  checkRequest,
  checkTriage,
  closeEpisode,
  contactsOf,
  type EpisodeView,
  episodesOfState,
  episodesOfTeam,
  findEpisode,
  logContact,
  objectivesOf,
  reportFor,
  requestHelp,
  setObjectiveStatus,
  surveyOf,
  topicsOffered,
  triageEpisode,
} from "./service";
import { rowLabel, tr } from "./views";

const tags = ["technical assistance"];

const problemsOf = (errors: FieldErrors) =>
  Object.keys(errors).map((field) => ({ pointer: `/${field}`, detail: `${field} is missing or not valid` }));

const CONFLICT_DETAIL: Record<AssistanceError["code"], string> = {
  closed: "The episode is closed.",
  notAccepted: "Only an accepted episode in progress takes contacts, objectives and a close.",
  notClosed: "The survey opens when the episode is closed.",
  answered: "The team has already answered the survey.",
  noState: "Only a school, district or state team can ask its state for help.",
};

/** Runs an operation; a state the episode is not in (closed, answered…) is a 409. */
async function orConflict<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof AssistanceError) throw conflict(CONFLICT_DETAIL[error.code], { code: error.code });
    throw error;
  }
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** An episode as the API shows it; with its contacts, objectives and survey when `full`. */
export async function presentEpisode(
  request: FastifyRequest,
  e: EpisodeView,
  full: boolean,
): Promise<Static<typeof EpisodeResponse>> {
  const db = request.server.db;
  const base: Static<typeof EpisodeResponse> = {
    id: e.id,
    team: { id: e.organisationId, name: e.teamName },
    stateId: e.stateId,
    topic: e.topic,
    need: e.need,
    urgency: e.urgency,
    status: e.status,
    intensity: e.intensity,
    provider: e.providerId ? { id: e.providerId, name: e.providerName ?? "" } : null,
    referral:
      e.referralKind && e.referralTo ? { kind: e.referralKind, to: e.referralTo, url: e.referralUrl } : null,
    declineReason: e.declineReason,
    requestedAt: e.requestedAt.toISOString(),
    triagedAt: iso(e.triagedAt),
    closedAt: iso(e.closedAt),
    outcomeNote: e.outcomeNote,
    hours: e.hours,
    contactCount: e.contactCount,
    scoreBefore: e.scoreBefore,
    scoreAfter: e.scoreAfter,
  };
  if (!full) return base;
  const [contacts, objectives, survey] = await Promise.all([
    contactsOf(db, e.id),
    objectivesOf(db, e.id),
    surveyOf(db, e.id),
  ]);
  return {
    ...base,
    contacts: contacts.map((c) => ({
      id: c.id,
      contactDate: c.contactDate,
      mode: c.mode,
      hours: c.hours,
      participants: c.participants as Record<string, number>,
      summary: c.summary,
    })),
    objectives: objectives.map((o) => ({
      id: o.id,
      text: o.text,
      status: o.status,
      updatedAt: o.updatedAt.toISOString(),
    })),
    survey: survey
      ? {
          useful: survey.useful,
          timely: survey.timely,
          knowledgeable: survey.knowledgeable,
          wouldRecommend: survey.wouldRecommend,
          comment: survey.comment,
          answeredAt: survey.answeredAt.toISOString(),
        }
      : null,
  };
}

const current = async (request: FastifyRequest) =>
  presentEpisode(request, (await findEpisode(request.server.db, loadedEpisode(request).id))!, true);

const TopicListResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      key: Type.String(),
      title: Type.Object({ en: Type.String(), es: Type.String() }),
      domain: Type.Boolean(),
    }),
  ),
});

/** Technical assistance under /api/v1/assistance. */
export async function assistanceApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const actorId = viewerId;
  const episodeId = (request: FastifyRequest) => loadedEpisode(request).id;

  app.get(
    "/assistance/topics",
    {
      config: { access: "signedIn" },
      schema: {
        tags,
        summary: "Topics a team may ask about: the quality assessment's domains, then others",
        response: { 200: TopicListResponse, ...problemResponses(401) },
      },
    },
    async () => ({ items: await topicsOffered(app.db) }),
  );

  app.get(
    "/assistance/teams/:teamId/episodes",
    {
      config: { access: readTeamEpisodes },
      schema: {
        tags,
        summary: "A team's TA requests and episodes, newest first",
        params: TeamParams,
        response: { 200: EpisodeListResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const episodes = await episodesOfTeam(app.db, loadedOrganisation(request).id);
      return { items: await Promise.all(episodes.map((e) => presentEpisode(request, e, false))) };
    },
  );

  app.post(
    "/assistance/teams/:teamId/episodes",
    {
      config: { access: askForHelp },
      schema: {
        tags,
        summary: "Ask for technical assistance (the state's coordinators are emailed)",
        params: TeamParams,
        body: RequestFields,
        response: { 201: EpisodeResponse, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const errors = await checkRequest(app.db, request.body);
      if (Object.keys(errors).length > 0)
        throw badRequest("The topic is not one on offer.", problemsOf(errors));
      const episode = await orConflict(() =>
        requestHelp(app.db, {
          actorId: actorId(request),
          team: loadedOrganisation(request),
          input: request.body,
          publicUrl: app.config.publicUrl,
        }),
      );
      return reply.status(201).send(await presentEpisode(request, episode, true));
    },
  );

  app.get(
    "/assistance/episodes/:episodeId",
    {
      config: { access: readEpisode },
      schema: {
        tags,
        summary: "One TA episode with its contacts, objectives and survey",
        params: EpisodeParams,
        response: { 200: EpisodeResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => presentEpisode(request, loadedEpisode(request), true),
  );

  app.post(
    "/assistance/episodes/:episodeId/triage",
    {
      config: { access: triageAccess },
      schema: {
        tags,
        summary:
          "Triage a request: accept (intensity, provider), refer, or decline with a reason (state's coordinators)",
        params: EpisodeParams,
        body: TriageFields,
        response: { 200: EpisodeResponse, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const checked = await checkTriage(app.db, loadedEpisode(request), request.body);
      if (!checked.ok) throw badRequest("The decision is incomplete.", problemsOf(checked.errors));
      await orConflict(() =>
        triageEpisode(app.db, {
          actorId: actorId(request),
          episodeId: episodeId(request),
          triage: checked.value,
          publicUrl: app.config.publicUrl,
        }),
      );
      return current(request);
    },
  );

  app.post(
    "/assistance/episodes/:episodeId/contacts",
    {
      config: { access: provideAccess },
      schema: {
        tags,
        summary:
          "Log a contact (date, mode, hours in quarter hours, participants by stakeholder type, what was done)",
        params: EpisodeParams,
        body: ContactFields,
        response: { 201: EpisodeResponse, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const errors = checkContact(loadedEpisode(request), request.body);
      if (Object.keys(errors).length > 0)
        throw badRequest("contactDate must not be in the future nor before the request.", problemsOf(errors));
      await orConflict(() =>
        logContact(app.db, { actorId: actorId(request), episodeId: episodeId(request), input: request.body }),
      );
      return reply.status(201).send(await current(request));
    },
  );

  app.post(
    "/assistance/episodes/:episodeId/objectives",
    {
      config: { access: provideAccess },
      schema: {
        tags,
        summary: "Set an objective (not started)",
        params: EpisodeParams,
        body: ObjectiveFields,
        response: { 201: EpisodeResponse, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      await orConflict(() =>
        addObjective(app.db, {
          actorId: actorId(request),
          episodeId: episodeId(request),
          input: request.body,
        }),
      );
      return reply.status(201).send(await current(request));
    },
  );

  app.patch(
    "/assistance/episodes/:episodeId/objectives/:objectiveId",
    {
      config: { access: objectiveAccess },
      schema: {
        tags,
        summary: "Change an objective's status (not started, in progress, completed, suspended)",
        params: ObjectiveParams,
        body: ObjectiveStatusFields,
        response: { 200: EpisodeResponse, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      await orConflict(() =>
        setObjectiveStatus(app.db, {
          actorId: actorId(request),
          episodeId: episodeId(request),
          objectiveId: request.params.objectiveId,
          status: request.body.status,
        }),
      );
      return current(request);
    },
  );

  app.post(
    "/assistance/episodes/:episodeId/closure",
    {
      config: { access: provideAccess },
      schema: {
        tags,
        summary: "Close the episode with an outcome note (the team is asked for the survey)",
        params: EpisodeParams,
        body: CloseFields,
        response: { 200: EpisodeResponse, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      await orConflict(() =>
        closeEpisode(app.db, {
          actorId: actorId(request),
          episodeId: episodeId(request),
          input: request.body,
          publicUrl: app.config.publicUrl,
        }),
      );
      return current(request);
    },
  );

  app.post(
    "/assistance/episodes/:episodeId/survey",
    {
      config: { access: answerSurveyAccess },
      schema: {
        tags,
        summary: "The team's satisfaction survey (1-5 items and a comment), once per closed episode",
        params: EpisodeParams,
        body: SurveyFields,
        response: { 201: EpisodeResponse, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      await orConflict(() =>
        answerSurvey(app.db, {
          actorId: actorId(request),
          episodeId: episodeId(request),
          input: request.body,
        }),
      );
      return reply.status(201).send(await current(request));
    },
  );

  app.get(
    "/assistance/states/:stateId/episodes",
    {
      config: { access: coordinateState },
      schema: {
        tags,
        summary: "A state's requests waiting for triage and episodes in progress (its coordinators)",
        params: StateParams,
        response: { 200: EpisodeListResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const episodes = await episodesOfState(app.db, loadedOrganisation(request).id, [
        "requested",
        "accepted",
      ]);
      return { items: await Promise.all(episodes.map((e) => presentEpisode(request, e, false))) };
    },
  );

  app.get(
    "/assistance/reports/:scopeId",
    {
      config: { access: readReport },
      schema: {
        tags,
        summary:
          "TA report of a state (its team, the nation's) or of the nation: episodes, hours, teams, score change; rows under 10 episodes suppressed",
        params: ScopeParams,
        querystring: ReportQuery,
        response: { 200: ReportResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const report = await reportFor(app.db, loadedOrganisation(request), request.query, app.caches);
      const t = tr(request.locale);
      const topics = await topicsOffered(app.db);
      return {
        scope: report.scope,
        by: report.by,
        from: report.from,
        to: report.to,
        rows: report.table.rows.map(({ name, ...r }) => ({
          ...r,
          label: rowLabel(t, topics, request.locale, report.by, { key: r.key, name }),
        })),
        total: { ...report.table.total, label: t("total") },
      };
    },
  );
}
