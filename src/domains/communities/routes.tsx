import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../platform/http/web";
import { communitiesApi } from "./api";
import { configureNotifications, scheduleDigests } from "./notifications/service";
import { communityPage } from "./browse/community-page";
import { communityListPages } from "./browse/list-page";
import { membershipPages } from "./membership/pages";
import { moderationPages } from "./moderation/pages";
import { postPages } from "./discussions/post-pages";
import { topicPages } from "./discussions/topic-pages";
import { leadPages } from "./membership/leads-pages";
import { memberPages } from "./membership/members-pages";
import { agendaPages } from "./agenda/pages";
import { meetingPages } from "./meetings/pages";
import { peopleAndReachPages } from "./people/pages";
import { notificationPages, unsubscribeEndpoint } from "./notifications/pages";
import { searchPages } from "./search/pages";

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
