import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { callsApi } from "./api";
import { managePages } from "./pages-manage";
import { proposePages } from "./pages-propose";
import { reviewPages } from "./pages-review";

/** Calls: calls for proposals, reviewers, blind review and decisions — pages and /api/v1 routes. */
export async function callsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(proposePages));
  await app.register(pageRoutes(reviewPages));
  await app.register(pageRoutes(managePages));
  await app.register(apiRoutes(callsApi), { prefix: "/api/v1" });
}
