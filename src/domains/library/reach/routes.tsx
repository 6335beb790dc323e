import type { FastifyInstance } from "fastify";

/** Reach: pages and /api/v1 routes (filled in by the capability's work). */
export async function reachRoutes(_app: FastifyInstance): Promise<void> {}
