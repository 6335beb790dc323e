import { eq } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { type Cache, cachesPerApp, Dependencies } from "../../platform/cache";
import type { Db } from "../../platform/db/client";
import { type ResourceLoader, uuidParam } from "../../platform/http/access";
import { notFound } from "../../platform/http/problem";
import { type Actor, can } from "../../platform/policy";
import { findAgendaItem } from "./agenda/service";
import { findPost, isLead, type Post, postResource, type Topic } from "./discussions/service";
import { findMeeting, type Meeting } from "./meetings/service";
import { communityTags } from "./cache-tags";
import { communities, type CommunityRole } from "./schema";
import { topics } from "./discussions/schema";
import { type Community, type CommunityForViewer, resourceFor, roleOf } from "./service";

/*
 * The access loaders of the communities' routes. Pages and API routes name a community by
 * `:slug`, a topic by `:topicId`, a post by `:postId`, and a meeting or agenda item by its id
 * under the community's `:slug`. A loader finds the row, the actor's role in its community and
 * the policy resource; the route's declared action then decides (`config: { access }`), and the
 * handler takes what was loaded with `communityOf(request)`, `topicOf(request)` and so on.
 *
 * Loaders run before the params are validated, so an id that is not well formed names nothing
 * (404). A signed-out visitor is never told that a private community exists: it is not found for
 * them rather than a reason to sign in.
 *
 * They run on every request, cached pages included, so the rows they read (community, the
 * viewer's role, topic, post) come from tagged caches: a repeat costs no query, and the change
 * that alters an answer (a rename, the community made private, leaving or removal, a role
 * change, a topic hidden or moved) is announced by the database and drops it before the next
 * request. `dependenciesOf(request)` gives a cached page the tags of what was loaded.
 */

export interface TopicInPath {
  topic: Topic;
  view: CommunityForViewer;
}
export interface PostInPath extends TopicInPath {
  post: Post;
}

interface Loaded {
  deps: Dependencies;
  view: CommunityForViewer;
  topic?: Topic;
  post?: Post;
  meeting?: Meeting;
  agendaItem?: AgendaItem;
}
type AgendaItem = NonNullable<Awaited<ReturnType<typeof findAgendaItem>>>;
const loadedFor = new WeakMap<FastifyRequest, Loaded>();

const SLUG = /^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$/;

function slugParam(request: FastifyRequest): string {
  const params: unknown = request.params;
  const value = params && typeof params === "object" && "slug" in params ? params.slug : undefined;
  if (typeof value !== "string" || !SLUG.test(value)) throw notFound();
  return value;
}

/** The rows every communities route checks, cached per app (its `caches`), keyed by what names them. */
const lookupsOf = cachesPerApp((caches) => ({
  communityBySlug: caches.create<Community>({ maxEntries: 5_000 }),
  communityById: caches.create<Community>({ maxEntries: 5_000 }),
  roles: caches.create<{ role: CommunityRole | null }>({ maxEntries: 100_000 }),
  topics: caches.create<Topic>({ maxEntries: 20_000 }),
  posts: caches.create<Post>({ maxEntries: 20_000 }),
}));

const lookups = (request: FastifyRequest) => lookupsOf(request.server.caches);

function communityRow(
  db: Db,
  cache: Cache<Community>,
  key: string,
  where: ReturnType<typeof eq>,
  deps: Dependencies,
) {
  return cache.load(
    key,
    async (own) => {
      const [community] = await db.select().from(communities).where(where);
      own.add(community && communityTags.community(community.id));
      return community ?? null;
    },
    deps,
  );
}

/** The viewer's role; a membership change announces the person, which drops it. */
async function cachedRoleOf(
  request: FastifyRequest,
  communityId: string,
  userId: string | undefined,
  deps: Dependencies,
) {
  if (!userId) return null;
  const db = request.server.db;
  const found = await lookups(request).roles.load(
    `${communityId} ${userId}`,
    async (own) => {
      own.add(communityTags.person(userId));
      return { role: await roleOf(db, communityId, userId) };
    },
    deps,
  );
  return found?.role ?? null;
}

async function viewOf(
  request: FastifyRequest,
  actor: Actor | null,
  by: { slug: string } | { id: string },
  deps: Dependencies,
) {
  const db = request.server.db;
  const cached = lookups(request);
  const community =
    "slug" in by
      ? await communityRow(db, cached.communityBySlug, by.slug, eq(communities.slug, by.slug), deps)
      : await communityRow(db, cached.communityById, by.id, eq(communities.id, by.id), deps);
  if (!community) throw notFound();
  const role = await cachedRoleOf(request, community.id, actor?.userId, deps);
  const view: CommunityForViewer = { community, role, resource: resourceFor(community, role) };
  if (!actor && !can(null, "community.read", view.resource)) throw notFound();
  return view;
}

/** Whether any community has this address (a moved topic's old address still leads to it). */
export async function communityWithSlugExists(request: FastifyRequest, slug: string) {
  const [row] = await request.server.db
    .select({ id: communities.id })
    .from(communities)
    .where(eq(communities.slug, slug));
  return !!row;
}

/** The community named by `:slug`, as its policy resource (for `community.*` actions). */
export const communityBySlug: ResourceLoader = async (request, actor) => {
  const deps = new Dependencies();
  const view = await viewOf(request, actor, { slug: slugParam(request) }, deps);
  loadedFor.set(request, { deps, view });
  return view.resource;
};

async function loadTopic(
  request: FastifyRequest,
  actor: Actor | null,
  topicId: string,
  deps: Dependencies,
): Promise<TopicInPath> {
  const db = request.server.db;
  const topic = await lookups(request).topics.load(
    topicId,
    async (own) => {
      own.add(communityTags.topic(topicId));
      const [row] = await db.select().from(topics).where(eq(topics.id, topicId));
      return row ?? null;
    },
    deps,
  );
  if (!topic) throw notFound();
  const view = await viewOf(request, actor, { id: topic.communityId }, deps);
  // A topic waiting for approval exists only for its author and the leads.
  if (topic.status !== "visible" && !isLead(actor, view) && topic.authorId !== actor?.userId)
    throw notFound();
  return { topic, view };
}

/** The topic named by `:topicId`; the resource is its community. */
export const topicById: ResourceLoader = async (request, actor) => {
  const deps = new Dependencies();
  const found = await loadTopic(request, actor, uuidParam(request, "topicId"), deps);
  // Under a community's address (`/communities/:slug/topics/:topicId`) the address must be a
  // community's: the topic's own, or one it was moved from (its pages redirect from there).
  const params: unknown = request.params;
  if (params && typeof params === "object" && "slug" in params) {
    const slug = slugParam(request);
    if (slug !== found.view.community.slug && !(await communityWithSlugExists(request, slug)))
      throw notFound();
  }
  loadedFor.set(request, { deps, ...found });
  return found.view.resource;
};

async function loadPost(
  request: FastifyRequest,
  actor: Actor | null,
  deps: Dependencies,
): Promise<PostInPath> {
  const db = request.server.db;
  const postId = uuidParam(request, "postId");
  const post = await lookups(request).posts.load(
    postId,
    async (own) => {
      own.add(communityTags.post(postId));
      return findPost(db, postId);
    },
    deps,
  );
  if (!post) throw notFound();
  const found = await loadTopic(request, actor, post.topicId, deps);
  // A post waiting for approval exists only for its author and the leads.
  if (post.status === "pending" && !isLead(actor, found.view) && post.authorId !== actor?.userId)
    throw notFound();
  return { post, ...found };
}

/** The post named by `:postId`; the resource is its topic's community. */
export const postById: ResourceLoader = async (request, actor) => {
  const deps = new Dependencies();
  const found = await loadPost(request, actor, deps);
  loadedFor.set(request, { deps, ...found });
  return found.view.resource;
};

/** The post named by `:postId` as a resource of its own (its author and community), for `post.*` actions. */
export const postItselfById: ResourceLoader = async (request, actor) => {
  const deps = new Dependencies();
  const found = await loadPost(request, actor, deps);
  loadedFor.set(request, { deps, ...found });
  return postResource(found.post, found.view);
};

/** The meeting named by `:meetingId` in the community named by `:slug`; the resource is the community. */
export const meetingById: ResourceLoader = async (request, actor) => {
  const deps = new Dependencies();
  const view = await viewOf(request, actor, { slug: slugParam(request) }, deps);
  const meeting = await findMeeting(request.server.db, view, uuidParam(request, "meetingId"));
  if (!meeting) throw notFound();
  deps.add(communityTags.meeting(meeting.id));
  loadedFor.set(request, { deps, view, meeting });
  return view.resource;
};

/** The agenda item named by `:itemId` in the community named by `:slug`; the resource is the community. */
export const agendaItemById: ResourceLoader = async (request, actor) => {
  const deps = new Dependencies();
  const view = await viewOf(request, actor, { slug: slugParam(request) }, deps);
  const agendaItem = await findAgendaItem(request.server.db, view, uuidParam(request, "itemId"));
  if (!agendaItem) throw notFound();
  deps.add(communityTags.agenda(view.community.id), communityTags.agendaItem(agendaItem.id));
  loadedFor.set(request, { deps, view, agendaItem });
  return view.resource;
};

/**
 * For routes that act in a community (post, join, lead…): one the actor may not read is not
 * found, whatever the act, so a refusal never tells an outsider that a private community exists.
 */
export function readable(load: ResourceLoader): ResourceLoader {
  return async (request, actor) => {
    const resource = await load(request, actor);
    const view = loadedFor.get(request)?.view;
    if (!view || !can(actor, "community.read", view.resource)) throw notFound();
    return resource;
  };
}

function loaded(request: FastifyRequest): Loaded {
  const found = loadedFor.get(request);
  if (!found) throw new Error(`${request.routeOptions.url} declares no communities loader in config.access`);
  return found;
}
function need<T>(value: T | undefined, what: string, request: FastifyRequest): T {
  if (value === undefined) throw new Error(`${request.routeOptions.url} loads no ${what}`);
  return value;
}

/** The tags of what the route's access loader read, for a cached page built from it. */
export const dependenciesOf = (request: FastifyRequest): Iterable<string> => loaded(request).deps.tags;

/** The community the route's access loader found (and the policy let the actor through to). */
export const communityOf = (request: FastifyRequest): CommunityForViewer => loaded(request).view;
export const topicOf = (request: FastifyRequest): TopicInPath => {
  const found = loaded(request);
  return { topic: need(found.topic, "topic", request), view: found.view };
};
export const postOf = (request: FastifyRequest): PostInPath => {
  const found = loaded(request);
  return {
    post: need(found.post, "post", request),
    topic: need(found.topic, "topic", request),
    view: found.view,
  };
};
export const meetingOf = (request: FastifyRequest) => {
  const found = loaded(request);
  return { meeting: need(found.meeting, "meeting", request), view: found.view };
};
/** The agenda item the route names, or null on a route that names none (a new item). */
export const agendaItemOf = (request: FastifyRequest) => {
  const found = loaded(request);
  return { agendaItem: found.agendaItem ?? null, view: found.view };
};
