import type { FastifyInstance } from "fastify";
import { cachesPerApp, type Dependencies } from "../../../platform/cache";
import type { HeaderCounts } from "../../../platform/ui/context";
import { communityTags } from "../../communities/cache-tags";
import { communityRequestCountWaitingFor } from "../../communities/membership/service";
import { unreadNotificationCount } from "../../communities/notifications/service";
import { joinRequestCountWaitingFor } from "../../teams/service";

/**
 * Kept per person and dropped when their notifications change (`notifications:<user>`: one made,
 * read or removed) or their id is announced: a request to join one of the teams they lead made
 * or decided (teams migration 0003), their teams or communities changing; and when a community they
 * lead is announced (a request to join it made or decided). Every cached page
 * depends on what the counts depend on (`deps`), so a page never shows counts older than its own
 * copy. Notifications announce only their own tag (communities migration 0006): a reply's notices
 * to its topic's followers drop their pages, not their sessions and per-person caches. A
 * community turned private is announced to nobody in particular: its notices leave the count
 * within a minute.
 */
const countsCache = cachesPerApp((caches) => ({
  unread: caches.create<number>({ maxEntries: 50_000 }),
  requests: caches.create<number>({ maxEntries: 50_000 }),
}));

/**
 * The two counts are kept apart: every reply to a topic a person follows changes their unread
 * count, while requests to join change rarely, so a notice costs one count, not three.
 */
export async function headerCountsOf(
  app: FastifyInstance,
  viewerId: string,
  into?: Dependencies,
): Promise<HeaderCounts> {
  const counts = countsCache(app.caches);
  const [unreadNotifications, joinRequests] = await Promise.all([
    counts.unread.load(
      viewerId,
      async (deps) => {
        deps.add(viewerId, communityTags.notificationsOf(viewerId));
        return unreadNotificationCount(app.db, viewerId);
      },
      into,
    ),
    counts.requests.load(
      viewerId,
      async (deps) => {
        deps.add(viewerId);
        const [teamRequests, communityRequests] = await Promise.all([
          joinRequestCountWaitingFor(app.db, viewerId),
          communityRequestCountWaitingFor(app.db, viewerId),
        ]);
        for (const id of communityRequests.communityIds) deps.add(communityTags.community(id));
        return teamRequests + communityRequests.count;
      },
      into,
    ),
  ]);
  return { unreadNotifications: unreadNotifications ?? 0, joinRequests: joinRequests ?? 0 };
}
