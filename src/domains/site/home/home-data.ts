import type { FastifyInstance } from "fastify";
import { cachesPerApp, type Dependencies } from "../../../platform/cache";
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

type OwnWork = Pick<PersonalHome, "teams" | "due" | "joinRequests" | "communityRequests" | "communities">;
type Notices = Pick<PersonalHome, "notifications" | "unreadNotifications">;
type CommunityActivity = Pick<PersonalHome, "topics" | "meetings">;

/**
 * A home is drawn from three parts kept apart, because they change at different rates: the
 * person's own work (teams, requests, memberships, work due: rarely), their latest notices (on
 * each notice), and the activity of their communities (on every reply), which is the same for
 * everyone in the same communities and so is kept once for all of them. A reply thus costs each
 * member's home a redraw from kept parts, not eight queries.
 */
const homeParts = cachesPerApp((caches) => ({
  ownWork: caches.create<OwnWork>({ maxEntries: 20_000 }),
  notices: caches.create<Notices>({ maxEntries: 20_000 }),
  activity: caches.create<CommunityActivity>({ maxEntries: 2_000 }),
}));

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
  const parts = homeParts(app.caches);
  const schoolYear = schoolYearOf(new Date());
  const [own, notices] = await Promise.all([
    parts.ownWork.load(`${actor.userId} ${schoolYear}`, (d) => loadOwnWork(app, actor, schoolYear, d), deps),
    parts.notices.load(actor.userId, (d) => loadNotices(app, actor.userId, d), deps),
  ]);
  const communityIds = own!.communities.map((c) => c.id).sort();
  const activity = await parts.activity.load(
    communityIds.join(" "),
    (d) => loadActivity(app, communityIds, d),
    deps,
    (loaded) => untilFirstMeeting(loaded.meetings),
  );
  return {
    home: { ...own!, schoolYear, ...notices!, ...activity! },
    ttlMs: untilFirstMeeting(activity!.meetings),
  };
}

async function loadOwnWork(app: FastifyInstance, actor: Actor, schoolYear: string, deps: Dependencies) {
  const db = app.db;
  const [teams, joinRequests, communityRequests, communities] = await Promise.all([
    listMembershipsOf(db, actor.userId),
    joinRequestsWaitingFor(db, actor.userId),
    communityRequestsWaitingFor(db, actor.userId),
    communitiesOfMember(db, actor),
  ]);
  const due = await workDueFor(
    db,
    teams.map((t) => ({ id: t.organisationId, kind: t.organisationKind as "school" })),
    schoolYear,
  );
  deps.add(actor.userId, communityTags.people, communityTags.anyCommunity);
  for (const team of teams) deps.add(measuresTags.under(team.organisationId));
  for (const d of due) deps.add(d.responseId && measuresTags.response(d.responseId));
  // Requests to join are announced under their community's tag.
  for (const c of communities) if (c.role === "lead") deps.add(communityTags.community(c.id));
  return { teams, due, joinRequests, communityRequests, communities };
}

async function loadNotices(app: FastifyInstance, userId: string, deps: Dependencies) {
  const notices = await listNotifications(app.db, userId, 1, LATEST);
  // Summaries are written in the person's language; notices of a community they left are not shown.
  deps.add(userId, communityTags.notificationsOf(userId), communityTags.people, communityTags.anyCommunity);
  for (const n of notices.items)
    deps.add(n.topicId && communityTags.topic(n.topicId), n.postId && communityTags.post(n.postId));
  return { notifications: notices.items, unreadNotifications: notices.unread };
}

async function loadActivity(app: FastifyInstance, communityIds: string[], deps: Dependencies) {
  const [topics, meetings] = await Promise.all([
    latestTopicsIn(app.db, communityIds, LATEST),
    nextMeetingsIn(app.db, communityIds, LATEST),
  ]);
  for (const id of communityIds) deps.add(communityTags.topicsIn(id), communityTags.agenda(id));
  return { topics, meetings };
}

function untilFirstMeeting(meetings: NextMeeting[]): number {
  const firstStart = meetings[0]?.startsAt.getTime();
  return firstStart ? Math.max(1_000, Math.min(HOME_TTL_MS, firstStart - Date.now())) : HOME_TTL_MS;
}
