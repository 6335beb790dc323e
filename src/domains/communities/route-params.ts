import { eq } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { type ResourceLoader, uuidParam } from "../../platform/http/access";
import { notFound } from "../../platform/http/problem";
import { type Actor, can } from "../../platform/policy";
import { findAgendaItem } from "./agenda/service";
import { findPost, isLead, type Post, postResource, type Topic } from "./discussions/service";
import { findMeeting, type Meeting } from "./meetings/service";
import { communities } from "./schema";
import { topics } from "./discussions/schema";
import { type CommunityForViewer, resourceFor, roleOf } from "./service";

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
 */

export interface TopicInPath {
  topic: Topic;
  view: CommunityForViewer;
}
export interface PostInPath extends TopicInPath {
  post: Post;
}

interface Loaded {
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

async function viewOf(request: FastifyRequest, actor: Actor | null, where: ReturnType<typeof eq>) {
  const db = request.server.db;
  const [community] = await db.select().from(communities).where(where);
  if (!community) throw notFound();
  const role = await roleOf(db, community.id, actor?.userId);
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
  const view = await viewOf(request, actor, eq(communities.slug, slugParam(request)));
  loadedFor.set(request, { view });
  return view.resource;
};

async function loadTopic(
  request: FastifyRequest,
  actor: Actor | null,
  topicId: string,
): Promise<TopicInPath> {
  const [topic] = await request.server.db.select().from(topics).where(eq(topics.id, topicId));
  if (!topic) throw notFound();
  const view = await viewOf(request, actor, eq(communities.id, topic.communityId));
  // A topic waiting for approval exists only for its author and the leads.
  if (topic.status !== "visible" && !isLead(actor, view) && topic.authorId !== actor?.userId)
    throw notFound();
  return { topic, view };
}

/** The topic named by `:topicId`; the resource is its community. */
export const topicById: ResourceLoader = async (request, actor) => {
  const found = await loadTopic(request, actor, uuidParam(request, "topicId"));
  // Under a community's address (`/communities/:slug/topics/:topicId`) the address must be a
  // community's: the topic's own, or one it was moved from (its pages redirect from there).
  const params: unknown = request.params;
  if (params && typeof params === "object" && "slug" in params) {
    const slug = slugParam(request);
    if (slug !== found.view.community.slug && !(await communityWithSlugExists(request, slug)))
      throw notFound();
  }
  loadedFor.set(request, found);
  return found.view.resource;
};

async function loadPost(request: FastifyRequest, actor: Actor | null): Promise<PostInPath> {
  const post = await findPost(request.server.db, uuidParam(request, "postId"));
  if (!post) throw notFound();
  const found = await loadTopic(request, actor, post.topicId);
  // A post waiting for approval exists only for its author and the leads.
  if (post.status === "pending" && !isLead(actor, found.view) && post.authorId !== actor?.userId)
    throw notFound();
  return { post, ...found };
}

/** The post named by `:postId`; the resource is its topic's community. */
export const postById: ResourceLoader = async (request, actor) => {
  const found = await loadPost(request, actor);
  loadedFor.set(request, found);
  return found.view.resource;
};

/** The post named by `:postId` as a resource of its own (its author and community), for `post.*` actions. */
export const postItselfById: ResourceLoader = async (request, actor) => {
  const found = await loadPost(request, actor);
  loadedFor.set(request, found);
  return postResource(found.post, found.view);
};

/** The meeting named by `:meetingId` in the community named by `:slug`; the resource is the community. */
export const meetingById: ResourceLoader = async (request, actor) => {
  const view = await viewOf(request, actor, eq(communities.slug, slugParam(request)));
  const meeting = await findMeeting(request.server.db, view, uuidParam(request, "meetingId"));
  if (!meeting) throw notFound();
  loadedFor.set(request, { view, meeting });
  return view.resource;
};

/** The agenda item named by `:itemId` in the community named by `:slug`; the resource is the community. */
export const agendaItemById: ResourceLoader = async (request, actor) => {
  const view = await viewOf(request, actor, eq(communities.slug, slugParam(request)));
  const agendaItem = await findAgendaItem(request.server.db, view, uuidParam(request, "itemId"));
  if (!agendaItem) throw notFound();
  loadedFor.set(request, { view, agendaItem });
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
