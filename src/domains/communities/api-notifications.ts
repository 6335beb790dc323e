import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { PageQuery, problemResponses } from "../../platform/http/schemas";
import { Ok, requireActor, tags } from "./api-shared";
import { EmailSettingsInput, MarkReadInput, NotificationResponse, SearchQuery } from "./contracts";
import { listNotifications, markNotificationsRead, setEmailFrequency } from "./notifications";
import { searchPosts } from "./search";
import { ensureProfile } from "./people";

/** The caller's notifications and email setting, and full-text search of the discussions. */
export async function notificationsAndSearchApi(app: FastifyInstance) {
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
