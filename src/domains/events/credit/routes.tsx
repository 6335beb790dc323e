import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { creditApi } from "./api";
import { creditPages } from "./pages";
import { configureCredit } from "./service";

/** Credit: evaluations and continuing-education certificates — pages and /api/v1 routes. */
export async function creditRoutes(app: FastifyInstance): Promise<void> {
  configureCredit({ publicUrl: app.config.publicUrl });
  await app.register(pageRoutes(creditPages));
  await app.register(apiRoutes(creditApi), { prefix: "/api/v1" });
}
