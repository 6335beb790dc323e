import type { FastifyInstance } from "fastify";

export default async function directoryRoutes(_app: FastifyInstance) {
  // Routes of the directory domain.
}
