import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { PageQuery, problemResponses } from "../../../platform/http/schemas";
import { Ok, requireActor, tags } from "../api-shared";
import {
  PostResponse,
  ReplyInput,
  SlugParams,
  TopicIdParams,
  TopicInput,
  TopicLeadInput,
  TopicSummary,
  TopicWatchInput,
} from "../contracts";
import { communityBySlug, communityOf, readable, topicById, topicOf } from "../route-params";
import { listPosts, listTopics, type PostView } from "./service";
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

/** A community's topics: listing, starting, reading with their posts, replying, lead actions, following. */
export async function topicsApi(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    "/communities/:slug/topics",
    {
      config: { access: { action: "community.read", load: communityBySlug, refuse: 404 } },
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
      const { page, perPage } = request.query;
      const { items, total } = await listTopics(app.db, communityOf(request), await request.actor(), {
        page,
        perPage,
      });
      return { items: items.map((i) => ({ ...i, lastPostAt: i.lastPostAt.toISOString() })), total };
    },
  );

  r.post(
    "/communities/:slug/topics",
    {
      config: { access: { action: "community.post", load: readable(communityBySlug) } },
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
      const { topic, post } = await createTopic(
        app.db,
        actor,
        communityOf(request),
        request.body,
        app.config.publicUrl,
      );
      return reply.status(201).send({ id: topic.id, status: topic.status, postId: post.id });
    },
  );

  r.get(
    "/community-topics/:topicId",
    {
      config: { access: { action: "community.read", load: topicById, refuse: 404 } },
      schema: {
        tags,
        summary: "A topic with one page of its posts (50 per page)",
        params: TopicIdParams,
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
      const { topic, view } = topicOf(request);
      const page = request.query.page ?? 1;
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

  r.post(
    "/community-topics/:topicId/posts",
    {
      config: { access: { action: "community.post", load: readable(topicById) } },
      schema: {
        tags,
        summary: "Reply to a topic (members); a new account's first posts wait for approval",
        params: TopicIdParams,
        body: ReplyInput,
        response: {
          201: Type.Object({ id: Type.String(), status: Type.String() }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const { topic, view } = topicOf(request);
      const post = await replyToTopic(app.db, actor, view, topic, request.body, app.config.publicUrl);
      return reply.status(201).send({ id: post.id, status: post.status });
    },
  );

  r.patch(
    "/community-topics/:topicId",
    {
      config: { access: { action: "community.lead", load: readable(topicById) } },
      schema: {
        tags,
        summary: "Pin, close or move a topic (leads)",
        params: TopicIdParams,
        body: TopicLeadInput,
        response: { 200: Ok, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const { topic, view } = topicOf(request);
      await updateTopicAsLead(app.db, actor, view, topic, request.body);
      return { ok: true };
    },
  );

  r.put(
    "/community-topics/:topicId/watch",
    {
      config: { access: { action: "community.react", load: readable(topicById) } },
      schema: {
        tags,
        summary: "Follow, mute or reset notifications for a topic",
        params: TopicIdParams,
        body: TopicWatchInput,
        response: { 200: Ok, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      await setTopicWatch(app.db, actor.userId, topicOf(request).topic.id, request.body.level);
      return { ok: true };
    },
  );
}
