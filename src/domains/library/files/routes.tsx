import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { fileApi } from "./api";
import { filePages } from "./pages";

/** Files: the editor's page (add, remove, reorder), downloads, and /api/v1 routes. */
export async function filesRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(filePages));
  await app.register(apiRoutes(fileApi), { prefix: "/api/v1" });
}
