import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../platform/http/web";
import { adminApi } from "./api";
import { adminPages } from "./pages";

/** National administration: pages under /admin and the JSON API under /api/v1/admin. */
export default async function adminRoutes(app: FastifyInstance) {
  await app.register(pageRoutes(adminPages));
  await app.register(apiRoutes(adminApi), { prefix: "/api/v1/admin" });
}
