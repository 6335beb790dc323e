import type { FastifyInstance } from "fastify";

/** Assistance: pages and /api/v1 routes (filled in by this capability). */
export async function assistanceRoutes(_app: FastifyInstance): Promise<void> {}
