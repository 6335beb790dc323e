import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Actor } from "../../platform/policy";
import { requireVisiblePost, requireVisibleTopic } from "./discussions";
import { requireVisibleCommunity } from "./service";

// Pages and API routes name a community by `:slug`, a topic by `:topicId` and a post by `:postId`;
// each is found only if the caller may see it, otherwise the route answers 404.

/** The community named by the route's `:slug`. */
export function communityInPath(app: FastifyInstance, request: FastifyRequest, actor: Actor | null) {
  return requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
}

/** The topic named by the route's `:topicId`, with its community. */
export function topicInPath(app: FastifyInstance, request: FastifyRequest, actor: Actor | null) {
  return requireVisibleTopic(app.db, (request.params as { topicId: string }).topicId, actor);
}

/** The post named by the route's `:postId`, with its topic and community. */
export function postInPath(app: FastifyInstance, request: FastifyRequest, actor: Actor | null) {
  return requireVisiblePost(app.db, (request.params as { postId: string }).postId, actor);
}
