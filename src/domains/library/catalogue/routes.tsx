import type { FastifyInstance } from "fastify";

/** Catalogue: pages and /api/v1 routes (filled in by the capability's work). */
export async function catalogueRoutes(_app: FastifyInstance): Promise<void> {}
