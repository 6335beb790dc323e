import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { notFound } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import { Ok, requireActor, tags } from "../api-shared";
import { EditInput, FlagInput, ModerationInput, PostParams, SlugParams } from "../contracts";
import { communityBySlug, communityOf, postById, postItselfById, postOf, readable } from "../route-params";
import { editPost, postRevisionsOf, setLike } from "./posts";
import { flagPost, moderatePost, moderationQueue } from "../moderation/service";

/** One post: editing and its history, likes, reports, and the leads' moderation of posts. */
export async function postsApi(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.patch(
    "/community-posts/:postId",
    {
      config: { access: { action: "post.edit", load: readable(postItselfById) } },
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
      const { post, view } = postOf(request);
      await editPost(app.db, actor, view, post, request.body.body);
      return { ok: true };
    },
  );

  r.get(
    "/community-posts/:postId/revisions",
    {
      config: { access: { action: "community.read", load: postById, refuse: 404 } },
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
      const { post } = postOf(request);
      if (post.status === "hidden") throw notFound();
      const items = await postRevisionsOf(app.db, post.id);
      return { items: items.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
    },
  );

  for (const [method, liked] of [
    ["PUT", true],
    ["DELETE", false],
  ] as const) {
    r.route({
      method,
      url: "/community-posts/:postId/like",
      config: { access: { action: "community.post", load: readable(postById) } },
      schema: {
        tags,
        summary: liked ? "Like a post" : "Take back a like",
        params: PostParams,
        response: { 200: Ok, ...problemResponses(401, 403, 404, 409) },
      },
      handler: async (request) => {
        const actor = await requireActor(request);
        const { post, view } = postOf(request);
        await setLike(app.db, actor, view, post, liked);
        return { ok: true };
      },
    });
  }

  r.post(
    "/community-posts/:postId/flags",
    {
      config: { access: { action: "community.react", load: readable(postById) } },
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
      const { post, view } = postOf(request);
      await flagPost(app.db, actor, view, post, request.body.reason);
      return reply.status(201).send({ ok: true });
    },
  );

  r.post(
    "/community-posts/:postId/moderation",
    {
      config: { access: { action: "post.moderate", load: readable(postItselfById) } },
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
      const { post, view } = postOf(request);
      const body = request.body;
      await moderatePost(app.db, actor, view, post, body.decision, body.reason, app.config.publicUrl);
      return { ok: true };
    },
  );

  r.get(
    "/communities/:slug/moderation",
    {
      // To anyone but the leads the queue does not exist.
      config: { access: { action: "community.lead", load: readable(communityBySlug), refuse: 404 } },
      schema: {
        tags,
        summary: "The leads' moderation queue",
        params: SlugParams,
        response: { ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      return { items: await moderationQueue(app.db, communityOf(request)) };
    },
  );
}
