import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { problemResponses } from "../../../platform/http/schemas";
import { requireActor, tags } from "../api-shared";
import {
  CommunityDetail,
  CommunityFilterQuery,
  CommunityList,
  NewCommunityInput,
  SlugParams,
} from "../contracts";
import { communityBySlug, communityOf } from "../route-params";
import {
  type CommunityListItem,
  createCommunity,
  leadsOf,
  listCommunities,
  memberCountsByStakeholder,
} from "../service";

const presentCommunity = (c: CommunityListItem) => ({
  id: c.id,
  slug: c.slug,
  kind: c.kind,
  level: c.level,
  stateCode: c.stateCode,
  name: { en: c.nameEn, es: c.nameEs },
  purpose: { en: c.purposeEn, es: c.purposeEs },
  visibility: c.visibility,
  joinPolicy: c.joinPolicy,
  topics: c.topics,
  memberCount: c.memberCount,
  viewerRole: c.viewerRole,
});

/** Finding, creating and describing communities. */
export async function communityApi(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    "/communities",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Communities the caller may see, with filters",
        querystring: CommunityFilterQuery,
        response: { 200: CommunityList, ...problemResponses(400) },
      },
    },
    async (request) => {
      const query = request.query;
      const page = query.page ?? 1;
      const { items, total } = await listCommunities(app.db, await request.actor(), query, page, 50);
      return { items: items.map(presentCommunity), total, page };
    },
  );

  r.post(
    "/communities",
    {
      config: { access: { action: "community.create" } },
      schema: {
        tags,
        summary: "Create a community (national admins)",
        body: NewCommunityInput,
        response: {
          201: Type.Object({ id: Type.String(), slug: Type.String() }),
          ...problemResponses(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const row = await createCommunity(app.db, actor, request.body);
      return reply.status(201).send({ id: row.id, slug: row.slug });
    },
  );

  r.get(
    "/communities/:slug",
    {
      config: { access: { action: "community.read", load: communityBySlug, refuse: 404 } },
      schema: {
        tags,
        summary: "One community: purpose, leads, members by stakeholder type",
        params: SlugParams,
        response: { 200: CommunityDetail, ...problemResponses(404) },
      },
    },
    async (request) => {
      const view = communityOf(request);
      const [leads, counts] = await Promise.all([
        leadsOf(app.db, view.community.id),
        memberCountsByStakeholder(app.db, view.community.id),
      ]);
      const c = view.community;
      return {
        ...presentCommunity({
          ...c,
          memberCount: counts.reduce((s, r) => s + r.n, 0),
          viewerRole: view.role,
        }),
        leads,
        membersByStakeholder: counts,
      };
    },
  );
}
