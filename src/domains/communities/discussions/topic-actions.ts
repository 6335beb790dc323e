import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { forbidden } from "../../../platform/http/problem";
import { type Actor, can } from "../../../platform/policy";
import { isLead, type Topic } from "./service";
import { postFlags, posts, topicReads, topics, topicWatches } from "./schema";
import { type CommunityForViewer, communityReadableBy, findVisibleCommunityById } from "../service";

export async function markTopicRead(db: DbOrTx, userId: string, topicId: string) {
  await db
    .insert(topicReads)
    .values({ topicId, userId, lastReadAt: new Date() })
    .onConflictDoUpdate({ target: [topicReads.userId, topicReads.topicId], set: { lastReadAt: new Date() } });
}

/**
 * A person opens a topic: in one statement (a page miss costs a statement per step), it is
 * marked read — written only when posts came after their last read, so rereading writes nothing
 * — the notifications that pointed to it are read, and their watch level is returned.
 */
export async function openTopic(db: DbOrTx, userId: string, topicId: string) {
  const [row] = await queryRows<{ level: "following" | "muted" | null }>(
    db,
    sql`with marked as (
          insert into community_topic_reads as r (topic_id, user_id, last_read_at)
          values (${topicId}, ${userId}, now())
          on conflict (user_id, topic_id) do update set last_read_at = excluded.last_read_at
          where r.last_read_at < (select t.last_post_at from community_topics t where t.id = ${topicId})
          returning 1),
        noticed as (
          update community_notifications set read_at = now()
          where user_id = ${userId} and topic_id = ${topicId} and read_at is null
          returning 1)
        select (select w.level from community_topic_watches w
                where w.topic_id = ${topicId} and w.user_id = ${userId}) as level`,
  );
  return row?.level ?? "normal";
}

export async function topicWatchOf(db: DbOrTx, userId: string, topicId: string) {
  const [row] = await db
    .select({ level: topicWatches.level })
    .from(topicWatches)
    .where(and(eq(topicWatches.topicId, topicId), eq(topicWatches.userId, userId)));
  return row?.level ?? null;
}

export async function setTopicWatch(
  db: DbOrTx,
  userId: string,
  topicId: string,
  level: "following" | "muted" | "normal",
) {
  if (level === "normal") {
    await db
      .delete(topicWatches)
      .where(and(eq(topicWatches.topicId, topicId), eq(topicWatches.userId, userId)));
    return;
  }
  await db
    .insert(topicWatches)
    .values({ topicId, userId, level })
    .onConflictDoUpdate({ target: [topicWatches.topicId, topicWatches.userId], set: { level } });
}

/**
 * Following and muting end when access ends: drops the follows of people who may no longer read
 * the topic's community (the policy's `community.read`), among the follows of one community's
 * topics, one topic's, and/or one person's. `everyone` ends them all regardless (a removal).
 */
export async function endFollowsWithoutAccess(
  db: DbOrTx,
  where: { communityId?: string; topicId?: string; userId?: string; everyone?: boolean },
) {
  const filters = [sql`t.id = w.topic_id`, sql`c.id = t.community_id`, sql`u.id = w.user_id`];
  if (where.communityId) filters.push(sql`t.community_id = ${where.communityId}`);
  if (where.topicId) filters.push(sql`w.topic_id = ${where.topicId}`);
  if (where.userId) filters.push(sql`w.user_id = ${where.userId}`);
  if (!where.everyone) {
    filters.push(
      sql`not ${communityReadableBy({ userId: sql`u.id`, systemRole: sql`u.system_role` }, { id: sql`c.id`, visibility: sql`c.visibility` })}`,
    );
  }
  await db.execute(
    sql`delete from community_topic_watches w using community_topics t, communities c, users u where ${sql.join(filters, sql` and `)}`,
  );
}

/** Leads pin, close and move topics; each change is in the audit trail. */
export async function updateTopicAsLead(
  db: Db,
  actor: Actor,
  view: CommunityForViewer,
  topic: Topic,
  change: { pinned?: boolean; closed?: boolean; moveToCommunityId?: string },
) {
  if (!isLead(actor, view)) throw forbidden();
  return db.transaction(async (tx) => {
    const set: Partial<Topic> = {};
    if (change.pinned !== undefined) set.pinned = change.pinned;
    if (change.closed !== undefined) set.closed = change.closed;
    if (change.moveToCommunityId && change.moveToCommunityId !== topic.communityId) {
      const target = await findVisibleCommunityById(tx, change.moveToCommunityId, actor);
      if (!target || !can(actor, "community.lead", target.resource)) {
        throw forbidden("You can only move a topic to a community you lead.");
      }
      set.communityId = target.community.id;
      await tx.update(posts).set({ communityId: target.community.id }).where(eq(posts.topicId, topic.id));
      await tx
        .update(postFlags)
        .set({ communityId: target.community.id })
        .where(
          inArray(
            postFlags.postId,
            tx.select({ id: posts.id }).from(posts).where(eq(posts.topicId, topic.id)),
          ),
        );
    }
    if (Object.keys(set).length === 0) return topic;
    const [updated] = await tx.update(topics).set(set).where(eq(topics.id, topic.id)).returning();
    // Moved into a community its followers may not read: they stop following it.
    if (set.communityId) await endFollowsWithoutAccess(tx, { topicId: topic.id });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "community.topic.update",
      entityType: "community_topic",
      entityId: topic.id,
      before: { pinned: topic.pinned, closed: topic.closed, communityId: topic.communityId },
      after: { pinned: updated!.pinned, closed: updated!.closed, communityId: updated!.communityId },
    });
    return updated!;
  });
}

/** Communities the actor leads, as targets for moving a topic. */
export async function communitiesLedBy(db: DbOrTx, actor: Actor) {
  const rows = await queryRows<{ id: string; nameEn: string; nameEs: string }>(
    db,
    actor.systemRole === "admin"
      ? sql`select id, name_en as "nameEn", name_es as "nameEs" from communities order by name_en`
      : sql`select c.id, c.name_en as "nameEn", c.name_es as "nameEs" from communities c
            join community_members m on m.community_id = c.id and m.user_id = ${actor.userId} and m.role = 'lead'
            order by c.name_en`,
  );
  return rows;
}
