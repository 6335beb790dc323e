import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { programApi } from "./api";
import { programPages } from "./pages";

/** Program: rooms, the schedule, the published program and personal agendas — pages and /api/v1 routes. */
export async function programRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(programPages));
  await app.register(apiRoutes(programApi), { prefix: "/api/v1" });
}
