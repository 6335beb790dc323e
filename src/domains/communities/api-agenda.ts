import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { problemResponses } from "../../platform/http/schemas";
import { type AgendaItemView, createAgendaItem, listAgenda, updateAgendaItem } from "./agenda";
import { Ok, requireActor, tags } from "./api-shared";
import { communityInPath } from "./route-params";
import { AgendaFilterQuery, AgendaInput, AgendaParams, SlugParams } from "./contracts";
import { requireVisibleCommunity } from "./service";

const AgendaItemResponse = Type.Object({
  id: Type.String(),
  communitySlug: Type.String(),
  title: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  priority: Type.String(),
  status: Type.String(),
  ownerName: Type.Union([Type.String(), Type.Null()]),
  linkedTopics: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
});
const presentAgendaItem = (i: AgendaItemView) => ({
  id: i.id,
  communitySlug: i.communitySlug,
  title: i.title,
  description: i.description,
  priority: i.priority,
  status: i.status,
  ownerName: i.ownerName,
  linkedTopics: i.linkedTopics ?? [],
});

/** The shared agenda across the practice groups, and each community's agenda items. */
export async function agendaApi(app: FastifyInstance) {
  app.get(
    "/agenda",
    {
      schema: {
        tags,
        summary: "The shared agenda across the national practice groups",
        querystring: AgendaFilterQuery,
        response: { 200: Type.Object({ items: Type.Array(AgendaItemResponse) }), ...problemResponses(400) },
      },
    },
    async (request) => {
      const items = await listAgenda(app.db, await request.actor(), {
        ...(request.query as typeof AgendaFilterQuery.static),
        practiceGroupsOnly: true,
      });
      return { items: items.map(presentAgendaItem) };
    },
  );

  app.get(
    "/communities/:slug/agenda",
    {
      schema: {
        tags,
        summary: "A community's agenda items",
        params: SlugParams,
        response: { 200: Type.Object({ items: Type.Array(AgendaItemResponse) }), ...problemResponses(404) },
      },
    },
    async (request) => {
      const actor = await request.actor();
      const view = await communityInPath(app, request, actor);
      return {
        items: (await listAgenda(app.db, actor, { community: view.community.slug })).map(presentAgendaItem),
      };
    },
  );

  app.post(
    "/communities/:slug/agenda",
    {
      schema: {
        tags,
        summary: "Add an agenda item (leads)",
        params: SlugParams,
        body: AgendaInput,
        response: { 201: Type.Object({ id: Type.String() }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const view = await communityInPath(app, request, actor);
      const item = await createAgendaItem(app.db, actor, view, request.body as typeof AgendaInput.static);
      return reply.status(201).send({ id: item.id });
    },
  );

  app.put(
    "/communities/:slug/agenda/:itemId",
    {
      schema: {
        tags,
        summary: "Change an agenda item (leads)",
        params: AgendaParams,
        body: AgendaInput,
        response: { 200: Ok, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      const params = request.params as { slug: string; itemId: string };
      const view = await requireVisibleCommunity(app.db, params.slug, actor);
      await updateAgendaItem(app.db, actor, view, params.itemId, request.body as typeof AgendaInput.static);
      return { ok: true };
    },
  );
}
