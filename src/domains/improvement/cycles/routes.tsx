import type { FastifyInstance } from "fastify";

/** Cycles: pages and /api/v1 routes (filled in by this capability). */
export async function cyclesRoutes(_app: FastifyInstance): Promise<void> {}
