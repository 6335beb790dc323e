import type { FastifyInstance } from "fastify";

export default async function adminRoutes(_app: FastifyInstance) {
  // Routes of the admin domain.
}
