import type { FastifyInstance } from "fastify";

/** Census roll-ups, trends and comparisons for a district, a state and the nation. */
export async function censusRoutes(_app: FastifyInstance): Promise<void> {}
