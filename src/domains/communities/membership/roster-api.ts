import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { problemResponses } from "../../../platform/http/schemas";
import { Ok, requireActor, tags } from "../api-shared";
import { COMMUNITY_ROLES } from "../schema";
import { MemberParams, RemoveMemberInput, SlugParams } from "../contracts";
import { membersWithRoles, removeMember } from "./service";
import { communityBySlug, communityOf, readable } from "../route-params";

const MemberResponse = Type.Object({
  userId: Type.String({ format: "uuid" }),
  name: Type.String(),
  handle: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union(COMMUNITY_ROLES.map((r) => Type.Literal(r))),
  joinedAt: Type.String({ format: "date-time" }),
});

/** A community's members for its leads, and removing one. */
export async function rosterApi(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const leads = { access: { action: "community.lead", load: readable(communityBySlug) } } as const;

  r.get(
    "/communities/:slug/members",
    {
      config: leads,
      schema: {
        tags,
        summary: "Members of a community with their roles (leads)",
        params: SlugParams,
        response: {
          200: Type.Object({ items: Type.Array(MemberResponse) }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const items = await membersWithRoles(app.db, communityOf(request).community.id);
      return { items: items.map((m) => ({ ...m, joinedAt: new Date(m.joinedAt).toISOString() })) };
    },
  );

  // A POST rather than a DELETE with a body: the API's operations take no body on DELETE.
  r.post(
    "/communities/:slug/members/:userId/removal",
    {
      config: leads,
      schema: {
        tags,
        summary: "Remove a member, with a reason (leads)",
        description:
          "The member is told the reason by notification and email, their follows of the community's topics end, and the removal is audited. " +
          "A community keeps at least one lead: removing the last one answers 409.",
        params: MemberParams,
        body: RemoveMemberInput,
        response: { 200: Ok, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      await removeMember(app.db, actor, communityOf(request), request.params.userId, request.body.reason);
      return { ok: true };
    },
  );
}
