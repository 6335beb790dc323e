import type { FastifyInstance } from "fastify";

/** Networks: pages and /api/v1 routes (filled in by this capability). */
export async function networksRoutes(_app: FastifyInstance): Promise<void> {}
