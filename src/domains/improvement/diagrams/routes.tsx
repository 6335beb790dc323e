import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { diagramApi } from "./api";
import { diagramPages } from "./pages";

/** Driver diagrams: pages and /api/v1 routes. */
export async function diagramsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(diagramPages));
  await app.register(apiRoutes(diagramApi), { prefix: "/api/v1" });
}
