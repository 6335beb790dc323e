import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../platform/http/web";
import { teamsApi } from "./api";
import { teamsPages } from "./pages";

/** Team membership: asking to join, the team page, invitations; as pages and as /api/v1. */
export default async function teamsRoutes(app: FastifyInstance) {
  await app.register(pageRoutes(teamsPages));
  await app.register(apiRoutes(teamsApi), { prefix: "/api/v1" });
}
