import type { FastifyInstance } from "fastify";
import { agendaApi } from "./agenda/api";
import { communityApi } from "./browse/api";
import { meetingsApi } from "./meetings/api";
import { membershipApi } from "./membership/api";
import { notificationsAndSearchApi } from "./notifications/api";
import { peopleApi } from "./people/api";
import { postsApi } from "./discussions/posts-api";
import { rosterApi } from "./membership/roster-api";
import { topicsApi } from "./discussions/topics-api";

/**
 * The communities' JSON API under /api/v1, one file per resource. The order of registration is
 * the order of the paths in the OpenAPI document.
 */
export async function communitiesApi(app: FastifyInstance) {
  await agendaApi(app);
  await meetingsApi(app);
  await peopleApi(app);
  await communityApi(app);
  await membershipApi(app);
  await rosterApi(app);
  await topicsApi(app);
  await postsApi(app);
  await notificationsAndSearchApi(app);
}
