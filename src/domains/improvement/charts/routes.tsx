import type { FastifyInstance } from "fastify";

/** Charts: pages and /api/v1 routes (filled in by this capability). */
export async function chartsRoutes(_app: FastifyInstance): Promise<void> {}
