import type { FastifyInstance } from "fastify";

export default async function measuresRoutes(_app: FastifyInstance) {
  // Routes of the measures domain.
}
