import type { FastifyInstance } from "fastify";

/** Calls: calls for proposals, reviewers, blind review and decisions — pages and /api/v1 routes (filled in by the capability's work). */
export async function callsRoutes(_app: FastifyInstance): Promise<void> {}
