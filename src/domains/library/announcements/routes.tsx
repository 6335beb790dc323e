import type { FastifyInstance } from "fastify";

/** Announcements: pages and /api/v1 routes (filled in by the capability's work). */
export async function announcementsRoutes(_app: FastifyInstance): Promise<void> {}
