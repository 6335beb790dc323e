import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../platform/http/web";
import { applicationApi, decisionApi } from "./applications/api";
import { applicationPages, reviewPages } from "./applications/pages";
import { fileApi } from "./files/api";
import { filePages } from "./files/pages";

/** Research access pages and /api/v1 routes. */
export default async function researchRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(applicationPages));
  await app.register(pageRoutes(reviewPages));
  await app.register(pageRoutes(filePages));
  await app.register(apiRoutes(applicationApi), { prefix: "/api/v1" });
  await app.register(apiRoutes(decisionApi), { prefix: "/api/v1" });
  await app.register(apiRoutes(fileApi), { prefix: "/api/v1" });
}
