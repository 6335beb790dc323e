import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { catalogueApi } from "./api";
import { cataloguePages } from "./pages";

/** Catalogue: pages and /api/v1 routes. */
export async function catalogueRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(cataloguePages));
  await app.register(apiRoutes(catalogueApi), { prefix: "/api/v1" });
}
