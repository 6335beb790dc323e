import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { setupApi } from "./api";
import { setupPages } from "./pages";

/** Setup: events, their tracks and CE credit types; browsing published events — pages and /api/v1 routes. */
export async function setupRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(setupPages));
  await app.register(apiRoutes(setupApi), { prefix: "/api/v1" });
}
