import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { resourceApi } from "./api";
import { resourcePages } from "./pages";

/** Resources: the library's pages and /api/v1/library routes. */
export async function resourcesRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(resourcePages));
  await app.register(apiRoutes(resourceApi), { prefix: "/api/v1" });
}
