import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { notFound } from "../../platform/http/problem";
import { problemResponses } from "../../platform/http/schemas";
import { Ok, requireActor, tags } from "./api-shared";
import { communityInPath, postInPath } from "./route-params";
import { EditInput, FlagInput, ModerationInput, PostParams, SlugParams } from "./contracts";
import { editPost, postRevisionsOf, setLike } from "./posts";
import { flagPost, moderatePost, moderationQueue } from "./moderation";

/** One post: editing and its history, likes, reports, and the leads' moderation of posts. */
export async function postsApi(app: FastifyInstance) {
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
      const { post, view } = await postInPath(app, request, actor);
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
      const { post } = await postInPath(app, request, await request.actor());
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
        const { post, view } = await postInPath(app, request, actor);
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
      const { post, view } = await postInPath(app, request, actor);
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
      const { post, view } = await postInPath(app, request, actor);
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
      const view = await communityInPath(app, request, actor);
      if (view.role !== "lead" && actor.systemRole !== "admin") throw notFound();
      return { items: await moderationQueue(app.db, view) };
    },
  );
}
