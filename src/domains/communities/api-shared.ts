import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { unauthorized } from "../../platform/http/problem";
import type { Actor } from "../../platform/policy";
import { requireVisiblePost, requireVisibleTopic } from "./discussions";
import { requireVisibleCommunity } from "./service";

export const tags = ["communities"];
export const Ok = Type.Object({ ok: Type.Boolean() });

export async function requireActor(request: FastifyRequest): Promise<Actor> {
  const actor = await request.actor();
  if (!actor) throw unauthorized();
  return actor;
}

/** The community named by the route's `:slug`, if the caller may see it (404 otherwise). */
export function communityInPath(app: FastifyInstance, request: FastifyRequest, actor: Actor | null) {
  return requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
}

/** The topic named by the route's `:topicId`, with its community, if the caller may read it. */
export function topicInPath(app: FastifyInstance, request: FastifyRequest, actor: Actor | null) {
  return requireVisibleTopic(app.db, (request.params as { topicId: string }).topicId, actor);
}

/** The post named by the route's `:postId`, with its topic and community, if the caller may read it. */
export function postInPath(app: FastifyInstance, request: FastifyRequest, actor: Actor | null) {
  return requireVisiblePost(app.db, (request.params as { postId: string }).postId, actor);
}
