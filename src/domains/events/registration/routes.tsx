import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { registrationApi } from "./api";
import { attendPages } from "./attend-pages";
import { managePages } from "./manage-pages";
import { configureRegistration } from "./service";

/** Registration: tickets, registration and the waitlist, check-in and attendance per session — pages and /api/v1 routes. */
export async function registrationRoutes(app: FastifyInstance): Promise<void> {
  configureRegistration({ publicUrl: app.config.publicUrl });
  await app.register(pageRoutes(attendPages));
  await app.register(pageRoutes(managePages));
  await app.register(apiRoutes(registrationApi), { prefix: "/api/v1" });
}
