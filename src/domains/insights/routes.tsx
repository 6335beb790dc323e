import type { FastifyInstance } from "fastify";
import { censusRoutes } from "./census/routes";
import { publicDashboardRoutes } from "./public/routes";

/** Each capability registers its own pages and /api/v1 routes. */
export default async function insightsRoutes(app: FastifyInstance) {
  await app.register(censusRoutes);
  await app.register(publicDashboardRoutes);
}
