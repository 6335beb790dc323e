import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { notFound } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import { Ok, requireActor, tags } from "../api-shared";
import { HandleParams, ProfileInput, SlugParams } from "../contracts";
import { communityBySlug, communityOf } from "../route-params";
import { profileByHandle, reach, updateProfile } from "./service";

const ReachResponse = Type.Object({
  total: Type.Integer(),
  byStakeholder: Type.Array(Type.Object({ key: Type.String(), n: Type.Integer() })),
  byState: Type.Array(Type.Object({ key: Type.Union([Type.String(), Type.Null()]), n: Type.Integer() })),
});

/** Member profiles and the reach figures (people reached by stakeholder type and state). */
export async function peopleApi(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // Public: what a profile shows is decided by its owner's privacy settings (people.ts).
  r.get(
    "/people/:handle",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "A member's profile, within their privacy settings",
        params: HandleParams,
        response: {
          200: Type.Object({
            handle: Type.String(),
            name: Type.String(),
            stakeholderRole: Type.String(),
            email: Type.Union([Type.String(), Type.Null()]),
            stateCode: Type.Union([Type.String(), Type.Null()]),
            organisation: Type.Union([Type.String(), Type.Null()]),
            bio: Type.Union([Type.String(), Type.Null()]),
            communities: Type.Union([
              Type.Array(Type.Object({ slug: Type.String(), role: Type.String() })),
              Type.Null(),
            ]),
          }),
          ...problemResponses(404),
        },
      },
    },
    async (request) => {
      const profile = await profileByHandle(app.db, request.params.handle, await request.actor());
      if (!profile) throw notFound();
      const { userId: _id, isSelf: _self, ...shown } = profile;
      return shown;
    },
  );

  r.put(
    "/people/me",
    {
      config: { access: "signedIn" },
      schema: {
        tags,
        summary: "Change your own profile and privacy settings",
        body: ProfileInput,
        response: { 200: Ok, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const actor = await requireActor(request);
      await updateProfile(app.db, actor.userId, request.body);
      return { ok: true };
    },
  );

  r.get(
    "/communities/reach",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "People reached across every community the caller may see, by stakeholder type and state",
        response: { 200: ReachResponse },
      },
    },
    async (request) => reach(app.db, await request.actor()),
  );

  r.get(
    "/communities/:slug/reach",
    {
      config: { access: { action: "community.read", load: communityBySlug, refuse: 404 } },
      schema: {
        tags,
        summary: "People reached by one community, by stakeholder type and state",
        params: SlugParams,
        response: { 200: ReachResponse, ...problemResponses(404) },
      },
    },
    async (request) => {
      return reach(app.db, await request.actor(), communityOf(request).community.id);
    },
  );
}
