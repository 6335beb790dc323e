import type { FeedTokenItem } from "../../platform/auth/feed-tokens";
import type { Caches } from "../../platform/cache";
import type { Db } from "../../platform/db/client";
import { listMembershipsOf, type MembershipSummary } from "../teams/service";
import * as repo from "./repo";
import { listAccessTokens, listFeedLinks } from "./service";

/** Everything the account page shows about a person. */
export interface AccountOverview {
  user: repo.UserRow;
  memberships: MembershipSummary[];
  sessions: Awaited<ReturnType<typeof repo.listSessionsOf>>;
  tokenCount: number;
  feeds: FeedTokenItem[];
}

/**
 * The account page is where people land after signing in and come back to most; its five
 * queries are kept per person in the platform's caches, which drop them as soon as the
 * person's account, sessions, tokens, calendar links or teams change.
 */
export function accountOverviews(db: Db, caches: Caches) {
  const cache = caches.create<AccountOverview>({ maxEntries: 10_000 });
  return (userId: string) =>
    cache.load(userId, async (deps) => {
      deps.add(userId);
      const user = await repo.findUserById(db, userId);
      if (!user) return null;
      const [memberships, sessions, tokens, feeds] = await Promise.all([
        listMembershipsOf(db, userId),
        repo.listSessionsOf(db, userId),
        listAccessTokens(db, userId),
        listFeedLinks(db, userId),
      ]);
      return { user, memberships, sessions, tokenCount: tokens.length, feeds };
    });
}
