import { and, asc, eq, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { conflict, forbidden, notFound } from "../../../platform/http/problem";
import { type Actor, can } from "../../../platform/policy";
import { createNotifications } from "../notifications/service";
import { ensureProfile } from "../people/service";
import {
  communities,
  communityJoinRequests,
  communityMembers,
  type CommunityRole,
  type WatchLevel,
} from "../schema";
import { type CommunityForViewer, visibleCommunitiesCondition } from "../service";
import { endFollowsWithoutAccess } from "../discussions/topic-actions";

export async function addMember(
  db: DbOrTx,
  communityId: string,
  userId: string,
  role: CommunityRole = "member",
) {
  await ensureProfile(db, userId);
  await db
    .insert(communityMembers)
    .values({ communityId, userId, role })
    .onConflictDoUpdate({
      target: [communityMembers.communityId, communityMembers.userId],
      set: role === "lead" ? { role: "lead" } : { role: sql`${communityMembers.role}` },
    });
}

/**
 * Joining: an open community admits at once; a community "by request" records a request for a
 * lead to decide. Invitation-only communities cannot be joined without an invitation.
 */
export async function joinCommunity(
  db: Db,
  actor: Actor,
  view: CommunityForViewer,
  message?: string,
): Promise<"joined" | "requested" | "already"> {
  if (view.role) return "already";
  if (!can(actor, "community.join", view.resource) || view.community.joinPolicy === "invite")
    throw forbidden();
  const c = view.community;
  return db.transaction(async (tx) => {
    if (c.joinPolicy === "open") {
      await addMember(tx, c.id, actor.userId);
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "community.join",
        entityType: "community",
        entityId: c.id,
      });
      return "joined" as const;
    }
    const [pending] = await tx
      .select({ id: communityJoinRequests.id })
      .from(communityJoinRequests)
      .where(
        and(
          eq(communityJoinRequests.communityId, c.id),
          eq(communityJoinRequests.userId, actor.userId),
          eq(communityJoinRequests.status, "pending"),
        ),
      );
    if (!pending)
      await tx
        .insert(communityJoinRequests)
        .values({ communityId: c.id, userId: actor.userId, message: message ?? null });
    return "requested" as const;
  });
}

export async function leaveCommunity(db: Db, actor: Actor, view: CommunityForViewer) {
  if (!view.role) return;
  await db.transaction(async (tx) => {
    await tx
      .delete(communityMembers)
      .where(
        and(eq(communityMembers.communityId, view.community.id), eq(communityMembers.userId, actor.userId)),
      );
    // Leaving a private community ends following its topics (a public one stays readable).
    await endFollowsWithoutAccess(tx, { communityId: view.community.id, userId: actor.userId });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "community.leave",
      entityType: "community",
      entityId: view.community.id,
    });
  });
}

/**
 * A lead removes a member, with a reason: audited, the member told (notification and email, in
 * their language when read or sent), their follows of the community's topics ended. The last
 * lead cannot be removed (a community without leads has nobody to approve newcomers).
 */
export async function removeMember(
  db: Db,
  actor: Actor,
  view: CommunityForViewer,
  userId: string,
  reason: string,
) {
  if (!can(actor, "community.lead", view.resource)) throw forbidden();
  const c = view.community;
  await db.transaction(async (tx) => {
    // The leads' rows are locked first, so two leads removing each other cannot leave none.
    const leads = await queryRows<{ userId: string }>(
      tx,
      sql`select user_id as "userId" from community_members where community_id = ${c.id} and role = 'lead' for update`,
    );
    const [member] = await queryRows<{ role: CommunityRole }>(
      tx,
      sql`select role from community_members where community_id = ${c.id} and user_id = ${userId} for update`,
    );
    if (!member) throw notFound("This person is not a member of the community.");
    if (member.role === "lead" && leads.length <= 1) throw conflict("A community keeps at least one lead.");
    await tx
      .delete(communityMembers)
      .where(and(eq(communityMembers.communityId, c.id), eq(communityMembers.userId, userId)));
    await endFollowsWithoutAccess(tx, { communityId: c.id, userId, everyone: true });
    await tx
      .update(communityJoinRequests)
      .set({ status: "declined", decidedBy: actor.userId, decidedAt: new Date() })
      .where(
        and(
          eq(communityJoinRequests.communityId, c.id),
          eq(communityJoinRequests.userId, userId),
          eq(communityJoinRequests.status, "pending"),
        ),
      );
    await createNotifications(tx, [
      {
        userId,
        kind: "removed",
        actorId: actor.userId,
        communityId: c.id,
        params: { communityEn: c.nameEn, communityEs: c.nameEs, reason },
        link: "/communities",
      },
    ]);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "community.member.remove",
      entityType: "community",
      entityId: c.id,
      before: { userId, role: member.role },
      after: { reason },
    });
  });
}

/** The members of a community with their roles, for its leads. */
export async function membersWithRoles(db: DbOrTx, communityId: string) {
  return queryRows<{
    userId: string;
    name: string;
    handle: string | null;
    role: CommunityRole;
    joinedAt: Date;
  }>(
    db,
    sql`select u.id as "userId", u.name, p.handle, m.role, m.joined_at as "joinedAt"
        from community_members m join users u on u.id = m.user_id left join community_profiles p on p.user_id = u.id
        where m.community_id = ${communityId} order by (m.role = 'lead') desc, u.name limit 2000`,
  );
}

export async function pendingJoinRequests(db: DbOrTx, communityId: string) {
  return db
    .select({
      id: communityJoinRequests.id,
      userId: users.id,
      name: users.name,
      stakeholderRole: users.stakeholderRole,
      message: communityJoinRequests.message,
      createdAt: communityJoinRequests.createdAt,
    })
    .from(communityJoinRequests)
    .innerJoin(users, eq(users.id, communityJoinRequests.userId))
    .where(
      and(eq(communityJoinRequests.communityId, communityId), eq(communityJoinRequests.status, "pending")),
    )
    .orderBy(asc(communityJoinRequests.createdAt));
}

export async function decideJoinRequest(
  db: Db,
  actor: Actor,
  view: CommunityForViewer,
  requestId: string,
  approve: boolean,
) {
  if (!can(actor, "community.lead", view.resource)) throw forbidden();
  await db.transaction(async (tx) => {
    const [request] = await tx
      .update(communityJoinRequests)
      .set({ status: approve ? "approved" : "declined", decidedBy: actor.userId, decidedAt: new Date() })
      .where(
        and(
          eq(communityJoinRequests.id, requestId),
          eq(communityJoinRequests.communityId, view.community.id),
          eq(communityJoinRequests.status, "pending"),
        ),
      )
      .returning();
    if (!request) throw notFound("That request does not exist or was already decided.");
    if (approve) await addMember(tx, view.community.id, request.userId);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: approve ? "community.request.approve" : "community.request.decline",
      entityType: "community",
      entityId: view.community.id,
      after: { userId: request.userId },
    });
  });
}

export async function watchLevelOf(db: DbOrTx, communityId: string, userId: string): Promise<WatchLevel> {
  const [m] = await db
    .select({ watch: communityMembers.watch })
    .from(communityMembers)
    .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)));
  return m?.watch ?? "normal";
}

export async function setCommunityWatch(db: DbOrTx, communityId: string, userId: string, watch: WatchLevel) {
  await db
    .update(communityMembers)
    .set({ watch })
    .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)));
}

/**
 * A signed-in person opens a community's page, in one statement: a member's visit is recorded
 * (as `recordVisit`), and their watch level, previous visit and the community's topics they have
 * read since their last post come back — the markers a shared topic list is drawn with.
 */
export async function visitCommunity(
  db: DbOrTx,
  communityId: string,
  userId: string,
): Promise<{ watch: WatchLevel; since: Date | null; readUpToDate: Set<string> }> {
  const [row] = await queryRows<{
    since: Date | string | null;
    watch: WatchLevel | null;
    read: string[] | null;
  }>(
    db,
    sql`with visit as (
          update community_members set
            previous_visit_at = case when last_visit_at is null or last_visit_at < now() - interval '30 minutes'
                                     then last_visit_at else previous_visit_at end,
            last_visit_at = now()
          where community_id = ${communityId} and user_id = ${userId}
          returning previous_visit_at, watch)
        select (select previous_visit_at from visit) as since, (select watch from visit) as watch,
          array(select r.topic_id::text from community_topic_reads r
                join community_topics t on t.id = r.topic_id
                where r.user_id = ${userId} and t.community_id = ${communityId}
                  and r.last_read_at >= t.last_post_at) as read`,
  );
  return {
    watch: row?.watch ?? "normal",
    since: row?.since ? new Date(row.since) : null,
    readUpToDate: new Set(row?.read ?? []),
  };
}

/**
 * Records a visit and returns the time of the previous one, for "new since your last visit".
 * Visits closer than 30 minutes count as one, so reloading the page keeps the markers.
 */
export async function recordVisit(db: DbOrTx, communityId: string, userId: string): Promise<Date | null> {
  const rows = await queryRows<{ since: Date | string | null }>(
    db,
    sql`update community_members set
          previous_visit_at = case when last_visit_at is null or last_visit_at < now() - interval '30 minutes'
                                   then last_visit_at else previous_visit_at end,
          last_visit_at = now()
        where community_id = ${communityId} and user_id = ${userId}
        returning previous_visit_at as since`,
  );
  const since = rows[0]?.since;
  return since ? new Date(since) : null;
}

export interface MemberCommunity {
  id: string;
  slug: string;
  nameEn: string;
  nameEs: string;
  role: CommunityRole;
}

/** The communities a person belongs to and may still read (the policy's `community.read`). */
export async function communitiesOfMember(db: DbOrTx, actor: Actor): Promise<MemberCommunity[]> {
  return queryRows<MemberCommunity>(
    db,
    sql`select c.id, c.slug, c.name_en as "nameEn", c.name_es as "nameEs", m.role
        from community_members m join communities c on c.id = m.community_id
        where m.user_id = ${actor.userId} and ${visibleCommunitiesCondition(actor)}
        order by (c.kind = 'practice_group') desc, c.name_en limit 500`,
  );
}

/**
 * Requests to join the communities this person leads, waiting for a decision, oldest first (their
 * home page). Any lead of the community may decide, as the requests page shows them to all its leads.
 */
export async function communityRequestsWaitingFor(db: DbOrTx, leadId: string, limit = 20) {
  return db
    .select({
      id: communityJoinRequests.id,
      communitySlug: communities.slug,
      communityNameEn: communities.nameEn,
      communityNameEs: communities.nameEs,
      name: users.name,
      message: communityJoinRequests.message,
      createdAt: communityJoinRequests.createdAt,
    })
    .from(communityMembers)
    .innerJoin(communityJoinRequests, pendingRequestsOfMembersCommunity)
    .innerJoin(communities, eq(communities.id, communityMembers.communityId))
    .innerJoin(users, eq(users.id, communityJoinRequests.userId))
    .where(and(eq(communityMembers.userId, leadId), eq(communityMembers.role, "lead")))
    .orderBy(asc(communityJoinRequests.createdAt))
    .limit(limit);
}

/**
 * How many requests wait on the communities this person leads (part of the header's count), and
 * which communities those are: a request made or decided is announced under its community's tag.
 */
export async function communityRequestCountWaitingFor(
  db: DbOrTx,
  leadId: string,
): Promise<{ count: number; communityIds: string[] }> {
  const rows = await db
    .select({
      communityId: communityMembers.communityId,
      n: sql<number>`count(${communityJoinRequests.id})::int`,
    })
    .from(communityMembers)
    .leftJoin(communityJoinRequests, pendingRequestsOfMembersCommunity)
    .where(and(eq(communityMembers.userId, leadId), eq(communityMembers.role, "lead")))
    .groupBy(communityMembers.communityId);
  return {
    count: rows.reduce((sum, r) => sum + Number(r.n), 0),
    communityIds: rows.map((r) => r.communityId),
  };
}

const pendingRequestsOfMembersCommunity = and(
  eq(communityJoinRequests.communityId, communityMembers.communityId),
  eq(communityJoinRequests.status, "pending"),
);
