import type { FastifyRequest } from "fastify";
import { cachesPerApp, Dependencies } from "../../platform/cache";
import { type ResourceLoader, uuidParam } from "../../platform/http/access";
import { badRequest, notFound } from "../../platform/http/problem";
import { getNation, getOrganisation, type Organisation } from "../directory/service";
import { measuresTags } from "./cache-tags";
import { getResponse, type ResponseView } from "./responses/service";

type OrgKind = Organisation["kind"];

/**
 * What a measures route acts on, found before the policy decides (`config.access.load`). The
 * scope is always an organisation with the ids above it: the one in the URL, the one a body
 * names, or — for a response — the organisation that owns the response row, so an id in the
 * URL can never lend its scope to someone else's response. Anything missing answers 404, and
 * the routes declare `refuse: 404`, so a peer school cannot learn that a response exists.
 *
 * A signed-out caller gets no resource (nothing is looked up): the declared rule then sends
 * them to sign in (pages) or answers 401 (API).
 *
 * Loaders run on every request, cached pages included, so what they read comes from tagged
 * caches: a repeat costs no query. A response is dropped when its row, answers or scores change
 * (`response:<id>`); organisations when any is renamed or removed ('*'); who may read what
 * follows the actor, reloaded when their teams change. Cached values are shared between
 * requests: handlers must not change them.
 */
interface Loaded {
  organisation: Organisation;
  response?: ResponseView;
  deps: Dependencies;
}
const loaded = new WeakMap<FastifyRequest, Loaded>();

function remember(request: FastifyRequest, found: Loaded): Organisation {
  loaded.set(request, found);
  return found.organisation;
}

const lookupsOf = cachesPerApp((caches) => ({
  organisations: caches.create<Organisation>({ maxEntries: 20_000 }),
  responses: caches.create<ResponseView>({ maxEntries: 20_000 }),
}));

const lookups = (request: FastifyRequest) => lookupsOf(request.server.caches);

/** An organisation by id, from the cache; any rename or removal of one announces '*'. */
export function cachedOrganisation(request: FastifyRequest, id: string): Promise<Organisation | null> {
  return lookups(request).organisations.load(id, () => getOrganisation(request.server.db, id));
}

async function organisationOfKind(
  request: FastifyRequest,
  id: string,
  kinds?: readonly OrgKind[],
): Promise<Organisation> {
  const organisation = await cachedOrganisation(request, id);
  if (!organisation || (kinds && !kinds.includes(organisation.kind))) throw notFound();
  return organisation;
}

/** The organisation named by the `:id` route parameter (of one of `kinds`, when given). */
export function organisationInPath(kinds?: readonly OrgKind[]): ResourceLoader {
  return async (request, actor) => {
    if (!actor) return null;
    return remember(request, {
      organisation: await organisationOfKind(request, uuidParam(request, "id"), kinds),
      deps: new Dependencies(),
    });
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The organisation a JSON body names in `organisationId`. The body is not validated yet when
 * the rule runs, so a missing or malformed id is answered here, as validation would (400).
 */
export function organisationInBody(kinds?: readonly OrgKind[]): ResourceLoader {
  return async (request, actor) => {
    if (!actor) return null;
    const body: unknown = request.body;
    const id = body && typeof body === "object" && "organisationId" in body ? body.organisationId : undefined;
    if (typeof id !== "string" || !UUID.test(id)) {
      throw badRequest("organisationId must be the uuid of a school or district.", [
        { pointer: "/body/organisationId", detail: "is not a uuid" },
      ]);
    }
    return remember(request, {
      organisation: await organisationOfKind(request, id, kinds),
      deps: new Dependencies(),
    });
  };
}

/** The response named by `:id`, with the organisation that owns it as the scope. */
export const responseInPath: ResourceLoader = async (request, actor) => {
  if (!actor) return null;
  const id = uuidParam(request, "id");
  const deps = new Dependencies();
  const response = await lookups(request).responses.load(
    id,
    async (own) => {
      own.add(measuresTags.response(id));
      const found = await getResponse(request.server.db, id);
      // It names who last saved each section: a new name must reach it too.
      for (const section of Object.values(found?.sections ?? {}))
        if (section.updatedBy) own.add(measuresTags.person(section.updatedBy));
      return found;
    },
    deps,
  );
  if (!response) throw notFound();
  return remember(request, {
    organisation: await organisationOfKind(request, response.organisationId),
    response,
    deps,
  });
};

/** The nation: the scope of the national view. */
export const theNation: ResourceLoader = async (request, actor) => {
  if (!actor) return null;
  const nation = await lookups(request).organisations.load("nation", () => getNation(request.server.db));
  if (!nation) throw notFound();
  return remember(request, { organisation: nation, deps: new Dependencies() });
};

/** The organisation the route's declared rule loaded (and the policy allowed). */
export function loadedOrganisation(request: FastifyRequest): Organisation {
  const found = loaded.get(request);
  if (!found) throw new Error("This route declares no measures loader.");
  return found.organisation;
}

/** The response the route's declared rule loaded, with the organisation that owns it. */
export function loadedResponse(request: FastifyRequest): {
  organisation: Organisation;
  response: ResponseView;
} {
  const found = loaded.get(request);
  if (!found?.response) throw new Error("This route declares no response loader.");
  return { organisation: found.organisation, response: found.response };
}

/** The tags of what the route's loader read (for a cached page built from it). */
export function loadedDependencies(request: FastifyRequest): Iterable<string> {
  return loaded.get(request)?.deps.tags ?? [];
}

export { signedInActor } from "../../platform/http/access";
