import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { announcementsApi } from "./api";
import { announcementPages, announcementUnsubscribeEndpoint } from "./pages";
import { configureAnnouncements } from "./service";

/** Announcements: pages, the one-click unsubscribe endpoint (outside CSRF) and /api/v1 routes. */
export async function announcementsRoutes(app: FastifyInstance): Promise<void> {
  configureAnnouncements({ publicUrl: app.config.publicUrl, secret: app.config.sessionSecret });
  await app.register(pageRoutes(announcementPages));
  await app.register(announcementUnsubscribeEndpoint);
  await app.register(apiRoutes(announcementsApi), { prefix: "/api/v1" });
}
