import type { FastifyRequest } from "fastify";
import { type Access, type ResourceLoader, uuidParam } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import type { Resource } from "../../../platform/policy";
import { getOrganisation, type Organisation } from "../../directory/service";
import {
  type EpisodeView,
  episodeResource,
  findEpisode,
  findObjective,
  type ObjectiveRow,
  REQUESTING_KINDS,
  scopeOf,
} from "./service";

/*
 * What each assistance route acts on, found before the policy decides. An episode's scope is
 * always read from its row (the team that asked, the state that triages), never from the
 * address; anything missing is a 404, and routes refuse with 404 so a peer cannot learn that an
 * episode exists. Episodes are read on every request (no cache): a triage or a close counts at once.
 */

interface Loaded {
  organisation?: Organisation;
  episode?: EpisodeView;
  objective?: ObjectiveRow;
}
const loaded = new WeakMap<FastifyRequest, Loaded>();

async function organisationIn(
  request: FastifyRequest,
  param: string,
  kinds: readonly Organisation["kind"][],
): Promise<Organisation> {
  const organisation = await getOrganisation(request.server.db, uuidParam(request, param));
  if (!organisation || !kinds.includes(organisation.kind)) throw notFound();
  loaded.set(request, { organisation });
  return organisation;
}

async function episodeIn(request: FastifyRequest): Promise<EpisodeView> {
  const episode = await findEpisode(request.server.db, uuidParam(request, "episodeId"));
  if (!episode) throw notFound();
  loaded.set(request, { episode });
  return episode;
}

const teamScope = (e: EpisodeView) => scopeOf({ id: e.organisationId, ancestorIds: e.teamAncestorIds });

const signedIn =
  (load: (request: FastifyRequest) => Promise<Resource>): ResourceLoader =>
  async (request, actor) =>
    actor ? load(request) : null;

/** A team's own episodes and its request form: the team (`:teamId`, a school, district or state). */
const teamInPath = signedIn(async (request) =>
  scopeOf(await organisationIn(request, "teamId", REQUESTING_KINDS)),
);
/** An episode as its team's: read by the team and the levels above; the survey is the team's. */
const episodeOfTeam = signedIn(async (request) => teamScope(await episodeIn(request)));
/** An episode as its state's: triaged by the state's coordinators. */
const episodeOfState = signedIn(async (request) => {
  const e = await episodeIn(request);
  return scopeOf({ id: e.stateId, ancestorIds: e.stateAncestorIds });
});
/** An episode as its provider's. */
const episodeOfProvider = signedIn(async (request) => episodeResource(await episodeIn(request)));
/** An objective of the episode in the address (another episode's objective is no objective). */
const objectiveOfProvider = signedIn(async (request) => {
  const episode = await episodeIn(request);
  const objective = await findObjective(request.server.db, uuidParam(request, "objectiveId"));
  if (!objective || objective.episodeId !== episode.id) throw notFound();
  loaded.set(request, { episode, objective });
  return episodeResource(episode);
});
const stateInPath = signedIn(async (request) => scopeOf(await organisationIn(request, "stateId", ["state"])));
/** A report covers a state (its team and the nation's read it) or the nation (the nation's team). */
const reportScopeInPath = signedIn(async (request) =>
  scopeOf(await organisationIn(request, "scopeId", ["state", "nation"])),
);

export const readTeamEpisodes: Access = { action: "improvement.read", load: teamInPath, refuse: 404 };
export const askForHelp: Access = { action: "improvement.write", load: teamInPath, refuse: 404 };
export const readEpisode: Access = { action: "improvement.read", load: episodeOfTeam, refuse: 404 };
export const answerSurveyAccess: Access = { action: "improvement.write", load: episodeOfTeam, refuse: 404 };
export const triageAccess: Access = { action: "assistance.coordinate", load: episodeOfState, refuse: 404 };
export const provideAccess: Access = { action: "assistance.provide", load: episodeOfProvider, refuse: 404 };
export const objectiveAccess: Access = {
  action: "assistance.provide",
  load: objectiveOfProvider,
  refuse: 404,
};
export const coordinateState: Access = { action: "assistance.coordinate", load: stateInPath, refuse: 404 };
export const readReport: Access = { action: "improvement.read", load: reportScopeInPath, refuse: 404 };

export function loadedOrganisation(request: FastifyRequest): Organisation {
  const found = loaded.get(request)?.organisation;
  if (!found) throw new Error("This route declares no organisation loader.");
  return found;
}

export function loadedEpisode(request: FastifyRequest): EpisodeView {
  const found = loaded.get(request)?.episode;
  if (!found) throw new Error("This route declares no episode loader.");
  return found;
}

export const viewerId = (request: FastifyRequest): string => request.viewer!.id;
