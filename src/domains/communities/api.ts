import type { FastifyInstance } from "fastify";
import { agendaApi } from "./api-agenda";
import { communityApi } from "./api-communities";
import { meetingsApi } from "./api-meetings";
import { membershipApi } from "./api-members";
import { notificationsAndSearchApi } from "./api-notifications";
import { peopleApi } from "./api-people";
import { postsApi } from "./api-posts";
import { rosterApi } from "./api-roster";
import { topicsApi } from "./api-topics";

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
