import type { FastifyInstance } from "fastify";

export default async function communitiesRoutes(_app: FastifyInstance) {
  // Routes of the communities domain.
}
