import type { FastifyInstance } from "fastify";

/** Plans: pages and /api/v1 routes (filled in by this capability). */
export async function plansRoutes(_app: FastifyInstance): Promise<void> {}
