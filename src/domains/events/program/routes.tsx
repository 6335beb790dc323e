import type { FastifyInstance } from "fastify";

/** Program: rooms, the schedule, the published program and personal agendas — pages and /api/v1 routes (filled in by the capability's work). */
export async function programRoutes(_app: FastifyInstance): Promise<void> {}
