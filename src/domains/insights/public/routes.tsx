import type { FastifyInstance } from "fastify";

/** The public national dashboard and its /api/v1/public read API. */
export async function publicDashboardRoutes(_app: FastifyInstance): Promise<void> {}
