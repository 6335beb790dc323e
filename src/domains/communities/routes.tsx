import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../platform/http/web";
import { communitiesApi } from "./api";
import { configureNotifications, scheduleDigests } from "./notifications";
import { communityPages } from "./pages-communities";
import { discussionPages } from "./pages-discussions";
import { morePages } from "./pages-more";
import { notificationPages, unsubscribeEndpoint } from "./pages-notifications";

export default async function communitiesRoutes(app: FastifyInstance) {
  configureNotifications({ publicUrl: app.config.publicUrl, secret: app.config.sessionSecret });
  if (app.config.JOBS_WORKER) app.addHook("onReady", () => scheduleDigests(app.db));
  await app.register(
    pageRoutes(async (pages) => {
      await communityPages(pages);
      await discussionPages(pages);
      await notificationPages(pages);
      await morePages(pages);
    }),
  );
  await app.register(unsubscribeEndpoint);
  await app.register(apiRoutes(communitiesApi), { prefix: "/api/v1" });
}
