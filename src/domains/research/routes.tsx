import type { FastifyInstance } from "fastify";

/** Research access pages and /api/v1 routes. */
export default async function researchRoutes(_app: FastifyInstance): Promise<void> {}
