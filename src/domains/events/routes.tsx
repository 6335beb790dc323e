import type { FastifyInstance } from "fastify";
import { setupRoutes } from "./setup/routes";
import { callsRoutes } from "./calls/routes";
import { programRoutes } from "./program/routes";
import { registrationRoutes } from "./registration/routes";
import { creditRoutes } from "./credit/routes";

/** Each capability registers its own pages and /api/v1 routes. */
export default async function eventsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(setupRoutes);
  await app.register(callsRoutes);
  await app.register(programRoutes);
  await app.register(registrationRoutes);
  await app.register(creditRoutes);
}
