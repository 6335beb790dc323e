import type { FastifyRequest } from "fastify";
import { type ResourceLoader, uuidParam } from "../../platform/http/access";
import { notFound } from "../../platform/http/problem";
import { type Actor, can, type MembershipResource } from "../../platform/policy";
import { getOrganisation, type Organisation } from "../directory/service";
import * as repo from "./repo";

/*
 * What a team route acts on, found before the policy decides (`config.access.load`): always an
 * organisation with the ids above it. For a join request, membership or invitation it is the
 * organisation that owns the row, never one named beside it in the URL: a team page address
 * whose organisation does not own the row names nothing (404).
 *
 * A signed-out caller gets no resource (nothing is looked up): the declared rule then sends
 * them to sign in (pages) or answers 401 (API).
 */

async function organisationById(request: FastifyRequest, id: string): Promise<Organisation> {
  const organisation = await getOrganisation(request.server.db, id);
  if (!organisation) throw notFound();
  return organisation;
}

/** A team the actor may not see does not exist for them: 404, whatever the route would do. */
function visibleTeam(actor: Actor, organisation: Organisation): Organisation {
  if (!can(actor, "scope.readPrivate", organisation)) throw notFound();
  return organisation;
}

/** The row's organisation, which must be the one the URL names under `inParam` (when given). */
async function ownerOf(
  request: FastifyRequest,
  actor: Actor,
  row: { organisationId: string } | null,
  inParam?: string,
): Promise<Organisation> {
  if (!row) throw notFound();
  if (inParam && uuidParam(request, inParam) !== row.organisationId) throw notFound();
  return visibleTeam(actor, await organisationById(request, row.organisationId));
}

/** The organisation named by the `:param` route parameter, as anyone may know it (asking to join, leaving). */
export function organisationIn(param: string): ResourceLoader {
  return async (request, actor) => {
    if (!actor) return null;
    return organisationById(request, uuidParam(request, param));
  };
}

/** The team of the organisation named by `:param`, hidden (404) from those who may not see it. */
export function teamIn(param: string): ResourceLoader {
  return async (request, actor) => {
    if (!actor) return null;
    return visibleTeam(actor, await organisationById(request, uuidParam(request, param)));
  };
}

/** The team a join request (`:param`) was sent to; under a team's address (`:inParam`), it must be that team's. */
export function teamOfJoinRequest(param: string, inParam?: string): ResourceLoader {
  return async (request, actor) => {
    if (!actor) return null;
    const row = await repo.joinRequestById(request.server.db, uuidParam(request, param));
    return ownerOf(request, actor, row, inParam);
  };
}

/** A membership (`:param`) as the policy sees it: its team, and whose membership it is. */
export function teamOfMembership(param: string, inParam?: string): ResourceLoader {
  return async (request, actor): Promise<MembershipResource | null> => {
    if (!actor) return null;
    const row = await repo.membershipById(request.server.db, uuidParam(request, param));
    const organisation = await ownerOf(request, actor, row, inParam);
    return { ...organisation, memberUserId: row!.userId };
  };
}

/** The team an invitation (`:param`) is to; under a team's address (`:inParam`), it must be that team's. */
export function teamOfInvitation(param: string, inParam?: string): ResourceLoader {
  return async (request, actor) => {
    if (!actor) return null;
    const row = await repo.invitationById(request.server.db, uuidParam(request, param));
    return ownerOf(request, actor, row, inParam);
  };
}
