import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { conflict, forbidden } from "../../../platform/http/problem";
import { type Actor, can } from "../../../platform/policy";
import { type Post, postResource, type Topic } from "../discussions/service";
import { createNotifications, notifyAboutPost, postLink } from "../notifications/service";
import { postFlags, posts, topics } from "../discussions/schema";
import type { CommunityForViewer } from "../service";

/** Anyone who can read a post may flag it for the leads, with a reason. */
export async function flagPost(db: Db, actor: Actor, view: CommunityForViewer, post: Post, reason: string) {
  await db.transaction(async (tx) => {
    const [open] = await tx
      .select({ id: postFlags.id })
      .from(postFlags)
      .where(
        and(
          eq(postFlags.postId, post.id),
          eq(postFlags.flaggedBy, actor.userId),
          eq(postFlags.status, "open"),
        ),
      );
    if (open) return;
    const [flag] = await tx
      .insert(postFlags)
      .values({ postId: post.id, communityId: view.community.id, flaggedBy: actor.userId, reason })
      .returning({ id: postFlags.id });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "community.post.flag",
      entityType: "community_post",
      entityId: post.id,
      after: { flagId: flag!.id, reason },
    });
  });
}

export interface QueueItem {
  postId: string;
  topicId: string;
  topicTitle: string;
  authorName: string;
  bodyHtml: string;
  status: Post["status"];
  createdAt: Date;
  flagCount: number;
  reasons: string[] | null;
}

/** What waits for the leads: flagged posts and posts from new accounts. */
export async function moderationQueue(db: DbOrTx, view: CommunityForViewer): Promise<QueueItem[]> {
  return queryRows<QueueItem>(
    db,
    sql`select p.id as "postId", p.topic_id as "topicId", t.title as "topicTitle", u.name as "authorName", p.body_html as "bodyHtml",
          p.status, p.created_at as "createdAt",
          (select count(*)::int from community_post_flags f where f.post_id = p.id and f.status = 'open') as "flagCount",
          (select array_agg(f.reason order by f.created_at) from community_post_flags f where f.post_id = p.id and f.status = 'open') as reasons
        from community_posts p join community_topics t on t.id = p.topic_id join users u on u.id = p.author_id
        where p.community_id = ${view.community.id}
          and (p.status = 'pending' or exists (select 1 from community_post_flags f where f.post_id = p.id and f.status = 'open'))
        order by p.created_at
        limit 200`,
  );
}

export async function queueSize(db: DbOrTx, communityId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from community_posts p where p.community_id = ${communityId}
          and (p.status = 'pending' or exists (select 1 from community_post_flags f where f.post_id = p.id and f.status = 'open'))`,
  );
  return row?.n ?? 0;
}

export type ModerationDecision = "approve" | "hide" | "restore" | "dismiss";

/**
 * A lead's decision on a post, with the reason kept on the post and in the audit trail.
 * Approving the first post of a waiting topic publishes the topic too.
 */
export async function moderatePost(
  db: Db,
  actor: Actor,
  view: CommunityForViewer,
  post: Post,
  decision: ModerationDecision,
  reason: string,
  publicUrl: string,
) {
  if (!can(actor, "post.moderate", postResource(post, view))) throw forbidden();
  await db.transaction(async (tx) => {
    const before = { status: post.status, moderationReason: post.moderationReason };
    let status = post.status;
    if (decision === "approve") {
      if (post.status !== "pending") throw conflict("This post is not waiting for approval.");
      status = "visible";
    } else if (decision === "hide") {
      status = "hidden";
    } else if (decision === "restore") {
      if (post.status !== "hidden") throw conflict("This post is not hidden.");
      status = "visible";
    }
    const [updated] = await tx
      .update(posts)
      .set({ status, moderationReason: decision === "dismiss" ? post.moderationReason : reason })
      .where(eq(posts.id, post.id))
      .returning();
    await tx
      .update(postFlags)
      .set({ status: "resolved", resolvedBy: actor.userId, resolvedAt: new Date() })
      .where(and(eq(postFlags.postId, post.id), eq(postFlags.status, "open")));
    if (decision === "approve") {
      const [topic] = await tx.select().from(topics).where(eq(topics.id, post.topicId));
      const isFirst = topic!.status === "pending";
      let published: Topic = topic!;
      if (isFirst) {
        [published] = (await tx
          .update(topics)
          .set({ status: "visible", lastPostAt: new Date() })
          .where(eq(topics.id, topic!.id))
          .returning()) as [Topic];
      } else {
        await tx
          .update(topics)
          .set({ replyCount: sql`${topics.replyCount} + 1`, lastPostAt: new Date() })
          .where(eq(topics.id, topic!.id));
      }
      await notifyAboutPost(
        tx,
        { post: updated!, topic: published, community: view.community, isNewTopic: isFirst },
        publicUrl,
      );
    }
    // The author hears when a waiting post is published or a lead hides or restores it.
    if (decision !== "dismiss" && post.authorId !== actor.userId) {
      const [topic] = await tx
        .select({ title: topics.title })
        .from(topics)
        .where(eq(topics.id, post.topicId));
      await createNotifications(tx, [
        {
          userId: post.authorId,
          kind: decision === "approve" ? "approval" : "moderation",
          actorId: actor.userId,
          communityId: view.community.id,
          topicId: post.topicId,
          postId: post.id,
          params: { title: topic?.title ?? "" },
          link: postLink(post.id),
        },
      ]);
    }
    await recordAudit(tx, {
      actorId: actor.userId,
      action: `community.post.${decision}`,
      entityType: "community_post",
      entityId: post.id,
      scopeId: null,
      before,
      after: { status, reason },
    });
  });
}
