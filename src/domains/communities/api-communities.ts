import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { problemResponses } from "../../platform/http/schemas";
import { requireActor, tags } from "./api-shared";
import { communityInPath } from "./route-params";
import { CommunityDetail, CommunityFilterQuery, CommunityList, NewCommunityInput, SlugParams } from "./contracts";
import {
  type CommunityListItem,
  createCommunity,
  leadsOf,
  listCommunities,
  memberCountsByStakeholder,
} from "./service";

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
  app.get(
    "/communities",
    {
      schema: {
        tags,
        summary: "Communities the caller may see, with filters",
        querystring: CommunityFilterQuery,
        response: { 200: CommunityList, ...problemResponses(400) },
      },
    },
    async (request) => {
      const query = request.query as typeof CommunityFilterQuery.static;
      const page = query.page ?? 1;
      const { items, total } = await listCommunities(app.db, await request.actor(), query, page, 50);
      return { items: items.map(presentCommunity), total, page };
    },
  );

  app.post(
    "/communities",
    {
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
      const row = await createCommunity(app.db, actor, request.body as typeof NewCommunityInput.static);
      return reply.status(201).send({ id: row.id, slug: row.slug });
    },
  );

  app.get(
    "/communities/:slug",
    {
      schema: {
        tags,
        summary: "One community: purpose, leads, members by stakeholder type",
        params: SlugParams,
        response: { 200: CommunityDetail, ...problemResponses(404) },
      },
    },
    async (request) => {
      const actor = await request.actor();
      const view = await communityInPath(app, request, actor);
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
