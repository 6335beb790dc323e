import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { notFound } from "../../platform/http/problem";
import { IdParams, problemResponses } from "../../platform/http/schemas";
import { apiRoutes } from "../../platform/http/web";
import { tags } from "./api";
import { requireViewer } from "./http";
import { CreatedFeedTokenView, CreateFeedTokenBody, FeedTokenView } from "./schema";
import * as accounts from "./service";

/** The person's calendar links (feed tokens): list, make, revoke. */
export function feedTokensApi(app: FastifyInstance) {
  const own = { access: "signedIn" } as const;

  return apiRoutes(async (instance) => {
    const api = instance.withTypeProvider<TypeBoxTypeProvider>();

    api.get(
      "/me/feed-tokens",
      {
        config: own,
        schema: {
          tags,
          summary: "Your working calendar links (never their addresses)",
          response: { 200: Type.Object({ items: Type.Array(FeedTokenView) }), ...problemResponses(401) },
        },
      },
      async (request) => {
        const items = await accounts.listFeedLinks(app.db, requireViewer(request).id);
        return { items: items.map(accounts.presentFeedLink) };
      },
    );

    api.post(
      "/me/feed-tokens",
      {
        config: own,
        schema: {
          tags,
          summary: "Make a calendar link",
          description:
            "Returns the address of a personal calendar feed of your communities' meetings, for calendar apps that cannot sign in. The address is in this response only; anyone who has it sees those meetings until you revoke it.",
          body: CreateFeedTokenBody,
          response: { 201: CreatedFeedTokenView, ...problemResponses(400, 401) },
        },
      },
      async (request, reply) => {
        const created = await accounts.createFeedLink(
          app.db,
          requireViewer(request).id,
          app.config.publicUrl,
        );
        return reply.status(201).send({ ...accounts.presentFeedLink(created), url: created.url });
      },
    );

    api.delete(
      "/me/feed-tokens/:id",
      {
        config: own,
        schema: {
          tags,
          summary: "Revoke a calendar link",
          params: IdParams,
          response: { 204: Type.Null(), ...problemResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        if (!(await accounts.revokeFeedLink(app.db, requireViewer(request).id, request.params.id)))
          throw notFound();
        return reply.status(204).send(null);
      },
    );
  });
}
