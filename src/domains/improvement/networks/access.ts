import type { FastifyRequest } from "fastify";
import { cachesPerApp, Dependencies, tag } from "../../../platform/cache";
import { type ResourceLoader, uuidParam } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import type { Actor, Resource } from "../../../platform/policy";
import { networkTags } from "./cache-tags";
import { findTeam, type TeamRow } from "./repo";
import { type NetworkForViewer, networkForViewer } from "./service";

/*
 * What a network route acts on, found before the policy decides (`config.access.load`):
 *   - `networkInPath`: the network named by `:networkSlug`, as the actor stands in it (its
 *     community role, their member teams) — for `network.read` and `network.lead`;
 *   - `teamInPath("read")`: also one of its teams by `:teamId` (an active one), same resource;
 *   - `teamInPath("write")`: an active member team, whose organisation's scope is the resource
 *     (`improvement.write`: the team's own people report and share for it);
 *   - `teamInPath("decide")`: a team still invited, its scope the resource (`scope.manageTeam`:
 *     the team's leads answer).
 * Something missing answers 404, and the routes declare `refuse: 404`, so outside the network
 * nothing shows, not even that it exists. Lookups are cached and dropped by the tags the
 * network's triggers, the community's and the person's teams announce.
 */

interface Loaded {
  view: NetworkForViewer;
  team?: TeamRow;
  deps: Dependencies;
}
const loaded = new WeakMap<FastifyRequest, Loaded>();

const lookupsOf = cachesPerApp((caches) => ({
  views: caches.create<NetworkForViewer>({ maxEntries: 20_000 }),
  teams: caches.create<TeamRow>({ maxEntries: 50_000 }),
}));

/** A community address, as communities make them; anything else names nothing (404) before a query. */
const SLUG = /^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$/;

function slugParam(request: FastifyRequest): string {
  const value = (request.params as Record<string, unknown>).networkSlug;
  if (typeof value !== "string" || !SLUG.test(value)) throw notFound();
  return value;
}

async function viewOf(request: FastifyRequest, actor: Actor, deps: Dependencies): Promise<NetworkForViewer> {
  const slug = slugParam(request);
  const view = await lookupsOf(request.server.caches).views.load(
    `${slug} ${actor.userId}`,
    async (own) => {
      // Who the person is in it: their community role, and the teams they are on.
      own.add("community:any", networkTags.anyNetwork, tag.person(actor.userId));
      const found = await networkForViewer(request.server.db, slug, actor);
      if (found) own.add(`community:${found.network.id}`, networkTags.network(found.network.id));
      return found;
    },
    deps,
  );
  if (!view) throw notFound();
  return view;
}

/** The network named by `:networkSlug`; the resource is the network as the actor stands in it. */
export const networkInPath: ResourceLoader = async (request, actor) => {
  if (!actor) return null;
  const deps = new Dependencies();
  const view = await viewOf(request, actor, deps);
  loaded.set(request, { view, deps });
  return view.resource;
};

/** A team of the network by `:teamId`; which resource it stands for depends on the route's act. */
export function teamInPath(act: "read" | "write" | "decide"): ResourceLoader {
  return async (request, actor): Promise<Resource> => {
    if (!actor) return null;
    const deps = new Dependencies();
    const view = await viewOf(request, actor, deps);
    const teamId = uuidParam(request, "teamId");
    const team = await lookupsOf(request.server.caches).teams.load(
      `${view.network.id} ${teamId}`,
      async (own) => {
        own.add(networkTags.network(view.network.id));
        return findTeam(request.server.db, view.network.id, teamId);
      },
      deps,
    );
    const wanted = act === "decide" ? "invited" : "active";
    if (!team || team.status !== wanted) throw notFound();
    loaded.set(request, { view, team, deps });
    if (act === "read") return view.resource;
    return { id: team.organisationId, ancestorIds: team.ancestorIds };
  };
}

/** The network (and team) the route's declared rule loaded and the policy allowed. */
export function loadedNetwork(request: FastifyRequest): Loaded {
  const found = loaded.get(request);
  if (!found) throw new Error("This route declares no network loader.");
  return found;
}

export function loadedTeam(request: FastifyRequest): {
  view: NetworkForViewer;
  team: TeamRow;
  deps: Dependencies;
} {
  const found = loadedNetwork(request);
  if (!found.team) throw new Error("This route declares no team loader.");
  return { view: found.view, team: found.team, deps: found.deps };
}

export { signedInActor } from "../../../platform/http/access";
