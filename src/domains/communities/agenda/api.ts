import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { problemResponses } from "../../../platform/http/schemas";
import { type AgendaItemView, createAgendaItem, listAgenda, updateAgendaItem } from "./service";
import { Ok, requireActor, tags } from "../api-shared";
import { AgendaFilterQuery, AgendaInput, AgendaParams, SlugParams } from "../contracts";
import { agendaItemById, agendaItemOf, communityBySlug, communityOf, readable } from "../route-params";

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
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    "/agenda",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "The shared agenda across the national practice groups",
        querystring: AgendaFilterQuery,
        response: { 200: Type.Object({ items: Type.Array(AgendaItemResponse) }), ...problemResponses(400) },
      },
    },
    async (request) => {
      const items = await listAgenda(app.db, await request.actor(), {
        ...request.query,
        practiceGroupsOnly: true,
      });
      return { items: items.map(presentAgendaItem) };
    },
  );

  r.get(
    "/communities/:slug/agenda",
    {
      config: { access: { action: "community.read", load: communityBySlug, refuse: 404 } },
      schema: {
        tags,
        summary: "A community's agenda items",
        params: SlugParams,
        response: { 200: Type.Object({ items: Type.Array(AgendaItemResponse) }), ...problemResponses(404) },
      },
    },
    async (request) => {
      const actor = await request.actor();
      const view = communityOf(request);
      return {
        items: (await listAgenda(app.db, actor, { community: view.community.slug })).map(presentAgendaItem),
      };
    },
  );

  r.post(
    "/communities/:slug/agenda",
    {
      config: { access: { action: "community.lead", load: readable(communityBySlug) } },
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
      const item = await createAgendaItem(app.db, actor, communityOf(request), request.body);
      return reply.status(201).send({ id: item.id });
    },
  );

  r.put(
    "/communities/:slug/agenda/:itemId",
    {
      config: { access: { action: "community.lead", load: readable(agendaItemById) } },
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
      await updateAgendaItem(app.db, actor, agendaItemOf(request).view, request.params.itemId, request.body);
      return { ok: true };
    },
  );
}
