import type { FastifyInstance } from "fastify";

/** Resources: pages and /api/v1 routes (filled in by the capability's work). */
export async function resourcesRoutes(_app: FastifyInstance): Promise<void> {}
