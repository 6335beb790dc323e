import type { FastifyRequest } from "fastify";
import { cachesPerApp } from "../../../platform/cache";
import type { ResourceLoader } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import type { LibraryItemResource } from "../../../platform/policy";
import type { ResourceRow } from "./repo";
import { resourceForViewer, shelfBySlug } from "./service";

/*
 * What a library route acts on, found before the policy decides (`config.access.load`):
 *   - `resourceInPath`: the resource named by `:resourceSlug`, as the actor sees it (its shelf,
 *     status, community-only flag and the actor's role in its community) — for `library.read`
 *     and `library.edit` (an item stands for its shelf);
 *   - `shelfInPath`: the shelf named by `:shelfSlug` (`national` or a community's slug).
 * Something missing answers 404, and the routes declare `refuse: 404`, so a community-only or
 * draft resource does not show, even that it exists, to someone who may not read it.
 */

const SLUG = /^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$/;

function slugParam(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, unknown>)[name];
  if (typeof value !== "string" || !SLUG.test(value)) throw notFound();
  return value;
}

const loadedResources = new WeakMap<FastifyRequest, { row: ResourceRow; item: LibraryItemResource }>();
const loadedShelves = new WeakMap<FastifyRequest, NonNullable<Awaited<ReturnType<typeof shelfBySlug>>>>();

const lookups = cachesPerApp((caches) => ({ rows: caches.create<ResourceRow>({ maxEntries: 20_000 }) }));

export const resourceInPath: ResourceLoader = async (request, actor) => {
  const found = await resourceForViewer(
    request.server.db,
    slugParam(request, "resourceSlug"),
    actor,
    lookups(request.server.caches).rows,
  );
  if (!found) throw notFound();
  loadedResources.set(request, found);
  return found.item;
};

export const shelfInPath: ResourceLoader = async (request, actor) => {
  const shelf = await shelfBySlug(request.server.db, slugParam(request, "shelfSlug"), actor);
  if (!shelf) throw notFound();
  loadedShelves.set(request, shelf);
  return shelf;
};

/** The resource the route's access rule loaded. */
export function loadedResource(request: FastifyRequest) {
  const found = loadedResources.get(request);
  if (!found) throw notFound();
  return found;
}

export function loadedShelf(request: FastifyRequest) {
  const shelf = loadedShelves.get(request);
  if (!shelf) throw notFound();
  return shelf;
}

export const readAccess = { action: "library.read", load: resourceInPath, refuse: 404 } as const;
export const editAccess = { action: "library.edit", load: resourceInPath, refuse: 404 } as const;
export const shelfAccess = { action: "library.edit", load: shelfInPath, refuse: 404 } as const;
