import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { PageQuery, problemResponses } from "../../../platform/http/schemas";
import { Ok, requireActor, tags } from "../api-shared";
import { EmailSettingsInput, MarkReadInput, NotificationResponse, SearchQuery } from "../contracts";
import { listNotifications, markNotificationsRead, setEmailFrequency } from "./service";
import { searchPosts } from "../search/service";
import { ensureProfile } from "../people/service";

/** The caller's notifications and email setting, and full-text search of the discussions. */
export async function notificationsAndSearchApi(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const own = { access: "signedIn" } as const;
  r.get(
    "/notifications",
    {
      config: own,
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
      const { page, perPage } = request.query;
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

  r.post(
    "/notifications/read",
    {
      config: own,
      schema: {
        tags,
        summary: "Mark notifications as read (all, or the ids given)",
        body: MarkReadInput,
        response: { 200: Ok, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      await markNotificationsRead(app.db, actor.userId, request.body.ids);
      return { ok: true };
    },
  );

  r.put(
    "/notifications/settings",
    {
      config: own,
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
      await setEmailFrequency(app.db, actor.userId, request.body.frequency);
      return { ok: true };
    },
  );

  // Public: search finds only what the caller may read (search.ts asks the policy).
  r.get(
    "/community-search",
    {
      config: { access: "public" },
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
      const result = await searchPosts(app.db, await request.actor(), request.query);
      return { ...result, items: result.items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })) };
    },
  );
}
