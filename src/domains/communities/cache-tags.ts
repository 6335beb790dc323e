import { tag } from "../../platform/cache";

/**
 * What cached community pages and lookups depend on, as announced by this domain's triggers
 * (migration 0004_change_notices explains each). A page names every tag whose change would
 * change what it shows; the coherence test (test/page-cache-coherence.test.ts) catches one left out.
 */
export const communityTags = {
  /** The community's row and its members' roles. */
  community: (id: string) => tag.of("community", id),
  /** Which communities exist and what lists show of them. */
  anyCommunity: "community:any",
  topicsIn: (communityId: string) => tag.of("topics", communityId),
  topic: (id: string) => tag.of("topic", id),
  post: (id: string) => tag.of("post", id),
  postsBy: (userId: string) => tag.of("posts-by", userId),
  moderation: (communityId: string) => tag.of("moderation", communityId),
  agenda: (communityId: string) => tag.of("agenda", communityId),
  anyAgenda: "agenda:any",
  agendaItem: (id: string) => tag.of("agenda-item", id),
  meeting: (id: string) => tag.of("meeting", id),
  readsOf: (userId: string) => tag.of("reads", userId),
  watchesOf: (userId: string) => tag.of("watches", userId),
  notificationsOf: (userId: string) => tag.of("notifications", userId),
  person: tag.person,
  /** Anyone's name, handle or stakeholder role, as pages about others show them (rarely changes). */
  people: "people:any",
};
