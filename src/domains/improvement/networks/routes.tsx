import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { networksApi } from "./api";
import { networkPages } from "./pages";
import { scheduleNetworkReminders } from "./reminders";
import { configureNetworkEmails } from "./service";

/** Networks: pages and /api/v1 routes; reminders scheduled when the jobs worker runs. */
export async function networksRoutes(app: FastifyInstance): Promise<void> {
  configureNetworkEmails({ publicUrl: app.config.publicUrl });
  if (app.config.JOBS_WORKER) app.addHook("onReady", () => scheduleNetworkReminders(app.db));
  await app.register(pageRoutes(networkPages));
  await app.register(apiRoutes(networksApi), { prefix: "/api/v1" });
}
