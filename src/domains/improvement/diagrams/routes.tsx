import type { FastifyInstance } from "fastify";

/** Diagrams: pages and /api/v1 routes (filled in by this capability). */
export async function diagramsRoutes(_app: FastifyInstance): Promise<void> {}
