import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { planApi } from "./api";
import { planPages } from "./pages";

/** Plans: pages and /api/v1 routes. */
export async function plansRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(planPages));
  await app.register(apiRoutes(planApi), { prefix: "/api/v1" });
}
