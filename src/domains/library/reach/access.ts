import type { FastifyRequest } from "fastify";
import { type Access, type ResourceLoader, uuidParam } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import { requireVisibleCommunity } from "../../communities/service";
import type { ReachScope } from "./report";
import { findReachScope } from "./service";

/*
 * What a reach route acts on: the nation or a state (`:scopeId`; `reach.read` lets its team
 * and the levels above in), or a community (`:slug`; its leads). Anything else, or anything
 * the reader may not see, is a 404.
 */

const COMMUNITY_SLUG = /^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$/;
const loaded = new WeakMap<FastifyRequest, ReachScope>();

const scopeInPath: ResourceLoader = async (request) => {
  const scope = await findReachScope(request.server.db, uuidParam(request, "scopeId"));
  if (!scope) throw notFound();
  const { ancestorIds, ...rest } = scope;
  loaded.set(request, rest as ReachScope);
  return { id: scope.id, ancestorIds };
};

const communityInPath: ResourceLoader = async (request, actor) => {
  const slug = (request.params as { slug?: string }).slug ?? "";
  // The loader runs before the params are validated: an address no community can have is none.
  if (!COMMUNITY_SLUG.test(slug)) throw notFound();
  const found = await requireVisibleCommunity(request.server.db, slug, actor);
  const name = request.locale === "es" ? found.community.nameEs : found.community.nameEn;
  loaded.set(request, { kind: "community", id: found.community.id, name, slug: found.community.slug });
  return found.resource;
};

export const readScopeReach: Access = { action: "reach.read", load: scopeInPath, refuse: 404 };
export const readCommunityReach: Access = { action: "reach.read", load: communityInPath, refuse: 404 };

export function loadedScope(request: FastifyRequest): ReachScope {
  const scope = loaded.get(request);
  if (!scope) throw new Error("This route declares no reach scope loader.");
  return scope;
}
