import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../platform/http/web";
import { communitiesApi } from "./api";
import { configureNotifications, scheduleDigests } from "./notifications";
import { communityPage } from "./pages-community";
import { communityListPages } from "./pages-community-list";
import { membershipPages } from "./pages-membership";
import { moderationPages } from "./pages-moderation";
import { postPages } from "./pages-posts";
import { topicPages } from "./pages-topics";
import { leadPages } from "./pages-leads";
import { memberPages } from "./pages-members";
import { agendaPages } from "./pages-agenda";
import { meetingPages } from "./pages-meetings";
import { peopleAndReachPages } from "./pages-people";
import { notificationPages, unsubscribeEndpoint } from "./pages-notifications";
import { searchPages } from "./pages-search";

export default async function communitiesRoutes(app: FastifyInstance) {
  configureNotifications({ publicUrl: app.config.publicUrl, secret: app.config.sessionSecret });
  if (app.config.JOBS_WORKER) app.addHook("onReady", () => scheduleDigests(app.db));
  await app.register(
    pageRoutes(async (pages) => {
      await communityListPages(pages);
      await communityPage(pages);
      await membershipPages(pages);
      await leadPages(pages);
      await memberPages(pages);
      await topicPages(pages);
      await postPages(pages);
      await moderationPages(pages);
      await notificationPages(pages);
      await searchPages(pages);
      await agendaPages(pages);
      await meetingPages(pages);
      await peopleAndReachPages(pages);
    }),
  );
  await app.register(unsubscribeEndpoint);
  await app.register(apiRoutes(communitiesApi), { prefix: "/api/v1" });
}
