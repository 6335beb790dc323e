import type { FastifyInstance } from "fastify";

/** Credit: evaluations and continuing-education certificates — pages and /api/v1 routes (filled in by the capability's work). */
export async function creditRoutes(_app: FastifyInstance): Promise<void> {}
