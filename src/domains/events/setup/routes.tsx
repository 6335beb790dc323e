import type { FastifyInstance } from "fastify";

/** Setup: events, their tracks and CE credit types; browsing published events — pages and /api/v1 routes (filled in by the capability's work). */
export async function setupRoutes(_app: FastifyInstance): Promise<void> {}
