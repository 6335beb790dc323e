import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { chartsApi } from "./api";
import { chartsPages } from "./pages";

/** Charts: measures, their values and charts — pages and /api/v1 routes. */
export async function chartsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(chartsPages));
  await app.register(apiRoutes(chartsApi), { prefix: "/api/v1" });
}
