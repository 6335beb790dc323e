import type { FastifyInstance } from "fastify";

/** Registration: tickets, registration and the waitlist, check-in and attendance per session — pages and /api/v1 routes (filled in by the capability's work). */
export async function registrationRoutes(_app: FastifyInstance): Promise<void> {}
