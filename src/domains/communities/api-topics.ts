import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { PageQuery, problemResponses } from "../../platform/http/schemas";
import { Ok, requireActor, tags } from "./api-shared";
import { communityInPath, topicInPath } from "./route-params";
import {
  ReplyInput,
  SlugParams,
  TopicInput,
  TopicLeadInput,
  TopicSummary,
  TopicWatchInput,
  PostResponse,
} from "./contracts";
import { listPosts, listTopics, type PostView } from "./discussions";
import { createTopic, replyToTopic } from "./posts";
import { setTopicWatch, updateTopicAsLead } from "./topic-actions";

const presentPost = (p: PostView) => ({
  id: p.id,
  authorId: p.authorId,
  authorName: p.authorName,
  bodyHtml: p.bodyHtml,
  bodyMarkdown: p.bodyMarkdown,
  status: p.status,
  likeCount: p.likeCount,
  createdAt: p.createdAt.toISOString(),
  editedAt: p.editedAt ? p.editedAt.toISOString() : null,
});

const TopicParamsApi = Type.Object({ topicId: Type.String({ format: "uuid" }) });

/** A community's topics: listing, starting, reading with their posts, replying, lead actions, following. */
export async function topicsApi(app: FastifyInstance) {
  app.get(
    "/communities/:slug/topics",
    {
      schema: {
        tags,
        summary: "Topics of a community, pinned first",
        params: SlugParams,
        querystring: PageQuery,
        response: {
          200: Type.Object({ items: Type.Array(TopicSummary), total: Type.Integer() }),
          ...problemResponses(404),
        },
      },
    },
    async (request) => {
      const actor = await request.actor();
      const view = await communityInPath(app, request, actor);
      const q = request.query as { page?: number; perPage?: number };
      const { items, total } = await listTopics(app.db, view, actor, { page: q.page, perPage: q.perPage });
      return { items: items.map((i) => ({ ...i, lastPostAt: i.lastPostAt.toISOString() })), total };
    },
  );

  app.post(
    "/communities/:slug/topics",
    {
      schema: {
        tags,
        summary: "Start a topic (members)",
        params: SlugParams,
        body: TopicInput,
        response: {
          201: Type.Object({ id: Type.String(), status: Type.String(), postId: Type.String() }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const view = await communityInPath(app, request, actor);
      const { topic, post } = await createTopic(
        app.db,
        actor,
        view,
        request.body as typeof TopicInput.static,
        app.config.publicUrl,
      );
      return reply.status(201).send({ id: topic.id, status: topic.status, postId: post.id });
    },
  );

  app.get(
    "/community-topics/:topicId",
    {
      schema: {
        tags,
        summary: "A topic with one page of its posts (50 per page)",
        params: TopicParamsApi,
        querystring: Type.Object({
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
        }),
        response: {
          200: Type.Object({
            id: Type.String(),
            communitySlug: Type.String(),
            title: Type.String(),
            pinned: Type.Boolean(),
            closed: Type.Boolean(),
            status: Type.String(),
            page: Type.Integer(),
            pages: Type.Integer(),
            totalPosts: Type.Integer(),
            posts: Type.Array(PostResponse),
          }),
          ...problemResponses(400, 404),
        },
      },
    },
    async (request) => {
      const actor = await request.actor();
      const { topic, view } = await topicInPath(app, request, actor);
      const page = (request.query as { page?: number }).page ?? 1;
      const { items, pages, total } = await listPosts(app.db, topic, view, actor, page);
      return {
        id: topic.id,
        communitySlug: view.community.slug,
        title: topic.title,
        pinned: topic.pinned,
        closed: topic.closed,
        status: topic.status,
        page,
        pages,
        totalPosts: total,
        posts: items.map(presentPost),
      };
    },
  );

  app.post(
    "/community-topics/:topicId/posts",
    {
      schema: {
        tags,
        summary: "Reply to a topic (members); a new account's first posts wait for approval",
        params: TopicParamsApi,
        body: ReplyInput,
        response: {
          201: Type.Object({ id: Type.String(), status: Type.String() }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const { topic, view } = await topicInPath(app, request, actor);
      const post = await replyToTopic(
        app.db,
        actor,
        view,
        topic,
        request.body as typeof ReplyInput.static,
        app.config.publicUrl,
      );
      return reply.status(201).send({ id: post.id, status: post.status });
    },
  );

  app.patch(
    "/community-topics/:topicId",
    {
      schema: {
        tags,
        summary: "Pin, close or move a topic (leads)",
        params: TopicParamsApi,
        body: TopicLeadInput,
        response: { 200: Ok, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const { topic, view } = await topicInPath(app, request, actor);
      await updateTopicAsLead(app.db, actor, view, topic, request.body as typeof TopicLeadInput.static);
      return { ok: true };
    },
  );

  app.put(
    "/community-topics/:topicId/watch",
    {
      schema: {
        tags,
        summary: "Follow, mute or reset notifications for a topic",
        params: TopicParamsApi,
        body: TopicWatchInput,
        response: { 200: Ok, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const { topic } = await topicInPath(app, request, actor);
      await setTopicWatch(
        app.db,
        actor.userId,
        topic.id,
        (request.body as typeof TopicWatchInput.static).level,
      );
      return { ok: true };
    },
  );
}
