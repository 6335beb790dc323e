import type { FastifyInstance } from "fastify";
import type { Dependencies } from "../../../platform/cache";
import type { Actor } from "../../../platform/policy";
import { communityTags } from "../../communities/cache-tags";
import { nextMeetingsIn, type NextMeeting } from "../../communities/meetings/service";
import {
  communitiesOfMember,
  communityRequestsWaitingFor,
  type MemberCommunity,
} from "../../communities/membership/service";
import { latestTopicsIn, type RecentTopic } from "../../communities/discussions/service";
import { listNotifications } from "../../communities/notifications/service";
import { measuresTags, schoolYearOf, type WorkDue, workDueFor } from "../../measures/service";
import { joinRequestsWaitingFor, listMembershipsOf, type MembershipSummary } from "../../teams/service";

export type WaitingRequest = Awaited<ReturnType<typeof joinRequestsWaitingFor>>[number];
export type WaitingCommunityRequest = Awaited<ReturnType<typeof communityRequestsWaitingFor>>[number];
type NotificationsPage = Awaited<ReturnType<typeof listNotifications>>;

/** What a signed-in person's home shows: their own work, gathered from each domain's service. */
export interface PersonalHome {
  teams: MembershipSummary[];
  schoolYear: string;
  due: WorkDue[];
  joinRequests: WaitingRequest[];
  /** Requests to join the communities the person leads. */
  communityRequests: WaitingCommunityRequest[];
  notifications: NotificationsPage["items"];
  unreadNotifications: number;
  communities: MemberCommunity[];
  topics: RecentTopic[];
  meetings: NextMeeting[];
}

const LATEST = 5;
/** The page lists next meetings: kept no longer than until the first of them begins. */
const HOME_TTL_MS = 10 * 60_000;

/**
 * Loads the home's sections and names what each depends on in `deps`. The person's own rows —
 * teams, community memberships, requests waiting on the teams they lead, unread notices — are
 * announced with their id, which every page depends on already.
 */
export async function loadPersonalHome(
  app: FastifyInstance,
  actor: Actor,
  deps: Dependencies,
): Promise<{ home: PersonalHome; ttlMs: number }> {
  const db = app.db;
  const schoolYear = schoolYearOf(new Date());
  const [teams, joinRequests, communityRequests, notices, communities] = await Promise.all([
    listMembershipsOf(db, actor.userId),
    joinRequestsWaitingFor(db, actor.userId),
    communityRequestsWaitingFor(db, actor.userId),
    listNotifications(db, actor.userId, 1, LATEST),
    communitiesOfMember(db, actor),
  ]);
  const communityIds = communities.map((c) => c.id);
  const [due, topics, meetings] = await Promise.all([
    workDueFor(
      db,
      teams.map((t) => ({ id: t.organisationId, kind: t.organisationKind as "school" })),
      schoolYear,
    ),
    latestTopicsIn(db, communityIds, LATEST),
    nextMeetingsIn(db, communityIds, LATEST),
  ]);

  deps.add(communityTags.people, communityTags.notificationsOf(actor.userId), communityTags.anyCommunity);
  for (const n of notices.items)
    deps.add(n.topicId && communityTags.topic(n.topicId), n.postId && communityTags.post(n.postId));
  for (const team of teams) deps.add(measuresTags.under(team.organisationId));
  for (const d of due) deps.add(d.responseId && measuresTags.response(d.responseId));
  for (const id of communityIds) deps.add(communityTags.topicsIn(id), communityTags.agenda(id));
  // Requests to join are announced under their community's tag.
  for (const c of communities) if (c.role === "lead") deps.add(communityTags.community(c.id));

  const firstStart = meetings[0]?.startsAt.getTime();
  const ttlMs = firstStart ? Math.max(1_000, Math.min(HOME_TTL_MS, firstStart - Date.now())) : HOME_TTL_MS;
  return {
    home: {
      teams,
      schoolYear,
      due,
      joinRequests,
      communityRequests,
      notifications: notices.items,
      unreadNotifications: notices.unread,
      communities,
      topics,
      meetings,
    },
    ttlMs,
  };
}
