import type { FeedTokenItem } from "../../platform/auth/feed-tokens";
import type { Caches } from "../../platform/cache";
import type { Db } from "../../platform/db/client";
import { listMembershipsOf, type MembershipSummary } from "../teams/service";
import * as repo from "./repo";

/** Everything the account page shows about a person. */
export interface AccountOverview {
  user: repo.UserRow;
  memberships: MembershipSummary[];
  sessions: Awaited<ReturnType<typeof repo.listSessionsOf>>;
  tokenCount: number;
  feeds: FeedTokenItem[];
}

/**
 * The account page is where people land after signing in and come back to most; its two
 * queries (its own rows in one, the teams' in the other) are kept per person in the platform's caches, which drop them as soon as the
 * person's account, sessions, tokens, calendar links or teams change.
 */
export function accountOverviews(db: Db, caches: Caches) {
  const cache = caches.create<AccountOverview>({ maxEntries: 10_000 });
  return (userId: string) =>
    cache.load(userId, async (deps) => {
      deps.add(userId);
      const [rows, memberships] = await Promise.all([
        repo.findAccountRows(db, userId),
        listMembershipsOf(db, userId),
      ]);
      return rows ? { ...rows, memberships } : null;
    });
}
