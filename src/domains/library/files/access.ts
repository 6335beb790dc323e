import { eq, sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { ResourceLoader } from "../../../platform/http/access";
import type { DbOrTx } from "../../../platform/db/client";
import { notFound } from "../../../platform/http/problem";
import type { Actor, LibraryItemResource } from "../../../platform/policy";
import { roleOf } from "../../communities/service";
import { getNation } from "../../directory/service";
import { libraryResources } from "../resources/schema";

/** The resource whose files a route serves, and the policy's view of it for the caller. */
export interface FilesResource {
  row: { id: string; slug: string; title: string; language: "en" | "es"; currentVersion: number };
  item: LibraryItemResource;
}

declare module "fastify" {
  interface FastifyRequest {
    filesResource?: FilesResource;
  }
}

// TODO(files): use resources' resourceForViewer once it is on main.
async function resourceForViewer(
  db: DbOrTx,
  slug: string,
  actor: Actor | null,
): Promise<FilesResource | null> {
  const [row] = await db
    .select({
      id: libraryResources.id,
      slug: libraryResources.slug,
      title: libraryResources.title,
      language: libraryResources.language,
      currentVersion: libraryResources.currentVersion,
      communityId: libraryResources.communityId,
      communityOnly: libraryResources.communityOnly,
      status: libraryResources.status,
      visibility: sql<
        "public" | "private"
      >`(select visibility from communities where id = ${libraryResources.communityId})`,
    })
    .from(libraryResources)
    .where(eq(libraryResources.slug, slug));
  if (!row) return null;
  const role = row.communityId ? await roleOf(db, row.communityId, actor?.userId) : null;
  const community = row.communityId
    ? { id: row.communityId, ancestorIds: [], visibility: row.visibility, viewerRole: role }
    : null;
  return {
    row,
    item: {
      id: community?.id ?? (await getNation(db))!.id,
      ancestorIds: [],
      community,
      status: row.status,
      communityOnly: row.communityOnly,
    },
  };
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$/;

/**
 * Loads the resource named by `:resourceSlug` (404 when there is none) for both access rules:
 * `library.read` on the item for downloads and lists, `library.edit` on its shelf (the item is
 * its shelf to the policy) for adding, removing and ordering files.
 */
export const loadFilesResource: ResourceLoader = async (request: FastifyRequest, actor) => {
  const slug = (request.params as { resourceSlug?: unknown }).resourceSlug;
  if (typeof slug !== "string" || !SLUG.test(slug)) throw notFound();
  const found = await resourceForViewer(request.server.db, slug, actor);
  if (!found) throw notFound();
  request.filesResource = found;
  return found.item;
};

/** The resource the access rule loaded (routes declaring loadFilesResource only). */
export function filesResourceOf(request: FastifyRequest): FilesResource {
  if (!request.filesResource) throw notFound();
  return request.filesResource;
}

export const readFiles = { action: "library.read", load: loadFilesResource, refuse: 404 } as const;
export const editFiles = { action: "library.edit", load: loadFilesResource, refuse: 404 } as const;
