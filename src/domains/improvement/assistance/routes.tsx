import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { assistanceApi } from "./api";
import { assistancePages } from "./pages";

/** Assistance: pages and /api/v1 routes. */
export async function assistanceRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(assistancePages));
  await app.register(apiRoutes(assistanceApi), { prefix: "/api/v1" });
}
