import type { FastifyInstance } from "fastify";
import { cachesPerApp } from "../../../platform/cache";
import type { HeaderCounts } from "../../../platform/ui/context";
import { unreadNotificationCount } from "../../communities/notifications/service";
import { joinRequestCountWaitingFor } from "../../teams/service";

/**
 * Kept per person and dropped when their id is announced: a notification made or read
 * (communities migration 0005), a request to join one of the teams they lead made or decided
 * (teams migration 0003), their teams or communities changing. Every cached page depends on the
 * viewer's id too, so a page never shows counts older than its own copy. A community turned
 * private is announced to nobody in particular: its notices leave the count within a minute.
 */
const countsCache = cachesPerApp((caches) => caches.create<HeaderCounts>({ maxEntries: 50_000 }));

export function headerCountsOf(app: FastifyInstance, viewerId: string): Promise<HeaderCounts> {
  return countsCache(app.caches).load(viewerId, async (deps) => {
    deps.add(viewerId);
    const [unreadNotifications, joinRequests] = await Promise.all([
      unreadNotificationCount(app.db, viewerId),
      joinRequestCountWaitingFor(app.db, viewerId),
    ]);
    return { unreadNotifications, joinRequests };
  }) as Promise<HeaderCounts>;
}
