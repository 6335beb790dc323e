import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { notFound } from "../../platform/http/problem";
import { PageQuery, problemResponses } from "../../platform/http/schemas";
import {
  EditInput,
  EmailSettingsInput,
  FlagInput,
  MarkReadInput,
  ModerationInput,
  NotificationResponse,
  PostParams,
  PostResponse,
  ReplyInput,
  SearchQuery,
  SlugParams,
  TopicInput,
  TopicLeadInput,
  TopicSummary,
  TopicWatchInput,
} from "./contracts";
import {
  createTopic,
  editPost,
  listPosts,
  listTopics,
  type PostView,
  postRevisionsOf,
  replyToTopic,
  requireVisiblePost,
  requireVisibleTopic,
  setLike,
  setTopicWatch,
  updateTopicAsLead,
} from "./discussions";
import { flagPost, moderatePost, moderationQueue } from "./moderation";
import { listNotifications, markNotificationsRead, setEmailFrequency } from "./notifications";
import { searchPosts } from "./search";
import { Ok, requireActor, tags } from "./api-shared";
import { ensureProfile, requireVisibleCommunity } from "./service";

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

/** Topics, posts, moderation, notifications and search as JSON. */
export async function discussionsApi(app: FastifyInstance) {
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
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
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
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
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
      const { topic, view } = await requireVisibleTopic(
        app.db,
        (request.params as { topicId: string }).topicId,
        actor,
      );
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
      const { topic, view } = await requireVisibleTopic(
        app.db,
        (request.params as { topicId: string }).topicId,
        actor,
      );
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
      const { topic, view } = await requireVisibleTopic(
        app.db,
        (request.params as { topicId: string }).topicId,
        actor,
      );
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
      const { topic } = await requireVisibleTopic(
        app.db,
        (request.params as { topicId: string }).topicId,
        actor,
      );
      await setTopicWatch(
        app.db,
        actor.userId,
        topic.id,
        (request.body as typeof TopicWatchInput.static).level,
      );
      return { ok: true };
    },
  );

  app.patch(
    "/community-posts/:postId",
    {
      schema: {
        tags,
        summary: "Edit a post (author or lead); the earlier text is kept",
        params: PostParams,
        body: EditInput,
        response: { 200: Ok, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const { post, view } = await requireVisiblePost(
        app.db,
        (request.params as { postId: string }).postId,
        actor,
      );
      await editPost(app.db, actor, view, post, (request.body as typeof EditInput.static).body);
      return { ok: true };
    },
  );

  app.get(
    "/community-posts/:postId/revisions",
    {
      schema: {
        tags,
        summary: "Earlier versions of a post",
        params: PostParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                bodyMarkdown: Type.String(),
                editorName: Type.String(),
                createdAt: Type.String(),
              }),
            ),
          }),
          ...problemResponses(404),
        },
      },
    },
    async (request) => {
      const { post } = await requireVisiblePost(
        app.db,
        (request.params as { postId: string }).postId,
        await request.actor(),
      );
      if (post.status === "hidden") throw notFound();
      const items = await postRevisionsOf(app.db, post.id);
      return { items: items.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
    },
  );

  for (const [method, liked] of [
    ["PUT", true],
    ["DELETE", false],
  ] as const) {
    app.route({
      method,
      url: "/community-posts/:postId/like",
      schema: {
        tags,
        summary: liked ? "Like a post" : "Take back a like",
        params: PostParams,
        response: { 200: Ok, ...problemResponses(401, 403, 404, 409) },
      },
      handler: async (request) => {
        const actor = await requireActor(request);
        const { post, view } = await requireVisiblePost(
          app.db,
          (request.params as { postId: string }).postId,
          actor,
        );
        await setLike(app.db, actor, view, post, liked);
        return { ok: true };
      },
    });
  }

  app.post(
    "/community-posts/:postId/flags",
    {
      schema: {
        tags,
        summary: "Report a post to the leads",
        params: PostParams,
        body: FlagInput,
        response: { 201: Ok, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const { post, view } = await requireVisiblePost(
        app.db,
        (request.params as { postId: string }).postId,
        actor,
      );
      await flagPost(app.db, actor, view, post, (request.body as typeof FlagInput.static).reason);
      return reply.status(201).send({ ok: true });
    },
  );

  app.post(
    "/community-posts/:postId/moderation",
    {
      schema: {
        tags,
        summary: "Approve, hide, restore or dismiss reports on a post (leads), with a reason",
        params: PostParams,
        body: ModerationInput,
        response: { 200: Ok, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const { post, view } = await requireVisiblePost(
        app.db,
        (request.params as { postId: string }).postId,
        actor,
      );
      const body = request.body as typeof ModerationInput.static;
      await moderatePost(app.db, actor, view, post, body.decision, body.reason, app.config.publicUrl);
      return { ok: true };
    },
  );

  app.get(
    "/communities/:slug/moderation",
    {
      schema: {
        tags,
        summary: "The leads' moderation queue",
        params: SlugParams,
        response: { ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
      if (view.role !== "lead" && actor.systemRole !== "admin") throw notFound();
      return { items: await moderationQueue(app.db, view) };
    },
  );

  app.get(
    "/notifications",
    {
      schema: {
        tags,
        summary: "The caller's notifications, newest first, with the unread count",
        querystring: PageQuery,
        response: {
          200: Type.Object({
            items: Type.Array(NotificationResponse),
            total: Type.Integer(),
            unread: Type.Integer(),
          }),
          ...problemResponses(401),
        },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const { page, perPage } = request.query as { page?: number; perPage?: number };
      const { items, total, unread } = await listNotifications(
        app.db,
        actor.userId,
        page ?? 1,
        perPage ?? 30,
      );
      return {
        items: items.map((n) => ({
          id: n.id,
          kind: n.kind,
          summary: n.summary,
          link: n.link,
          read: !!n.readAt,
          createdAt: n.createdAt.toISOString(),
        })),
        total,
        unread,
      };
    },
  );

  app.post(
    "/notifications/read",
    {
      schema: {
        tags,
        summary: "Mark notifications as read (all, or the ids given)",
        body: MarkReadInput,
        response: { 200: Ok, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      await markNotificationsRead(app.db, actor.userId, (request.body as typeof MarkReadInput.static).ids);
      return { ok: true };
    },
  );

  app.put(
    "/notifications/settings",
    {
      schema: {
        tags,
        summary: "How often to email notifications",
        body: EmailSettingsInput,
        response: { 200: Ok, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      await ensureProfile(app.db, actor.userId);
      await setEmailFrequency(
        app.db,
        actor.userId,
        (request.body as typeof EmailSettingsInput.static).frequency,
      );
      return { ok: true };
    },
  );

  app.get(
    "/community-search",
    {
      schema: {
        tags,
        summary: "Full-text search (English and Spanish) over topics and posts the caller may read",
        querystring: SearchQuery,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                postId: Type.String(),
                topicId: Type.String(),
                topicTitle: Type.String(),
                communitySlug: Type.String(),
                createdAt: Type.String(),
                rank: Type.Number(),
                snippet: Type.String(),
              }),
            ),
            total: Type.Integer(),
            pages: Type.Integer(),
            limited: Type.Boolean({
              description: "True when the words are so common that only the most recent matches were ranked",
            }),
          }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const result = await searchPosts(
        app.db,
        await request.actor(),
        request.query as typeof SearchQuery.static,
      );
      return { ...result, items: result.items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })) };
    },
  );
}
