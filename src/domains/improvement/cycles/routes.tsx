import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { cycleApi } from "./api";
import { cyclePages } from "./pages";

/** PDSA cycles: pages and /api/v1 routes. */
export async function cyclesRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(cyclePages));
  await app.register(apiRoutes(cycleApi), { prefix: "/api/v1" });
}
