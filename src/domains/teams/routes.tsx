import type { FastifyInstance } from "fastify";

export default async function teamsRoutes(_app: FastifyInstance) {
  // Routes of the teams domain.
}
