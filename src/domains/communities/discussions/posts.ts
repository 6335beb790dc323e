import { and, desc, eq, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import type { Db, DbOrTx, Tx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { badRequest, conflict, forbidden } from "../../../platform/http/problem";
import { type Actor, can } from "../../../platform/policy";
import { isLead, type Post, postResource, type Topic } from "./service";
import { renderMarkdown } from "./markdown";
import { notifyAboutPost } from "../notifications/service";
import { ensureProfile } from "../people/service";
import { postLikes, postRevisions, posts, topicReads, topics, topicWatches } from "./schema";
import type { CommunityForViewer } from "../service";
import { markTopicRead } from "./topic-actions";

/** A new account's first posts wait for a lead (a new-user trust level, against spam). */
export const POSTS_BEFORE_TRUSTED = 2;

/** Whether this author's next post must wait for approval in this community. */
async function needsApproval(tx: DbOrTx, actor: Actor, view: CommunityForViewer): Promise<boolean> {
  if (isLead(actor, view)) return false;
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from community_posts where author_id = ${actor.userId} and status <> 'pending'`,
  );
  return (row?.n ?? 0) < POSTS_BEFORE_TRUSTED;
}

async function insertPost(
  tx: Tx,
  actor: Actor,
  view: CommunityForViewer,
  topicId: string,
  body: string,
  status: Post["status"],
  quotedPostId?: string | null,
) {
  const [post] = await tx
    .insert(posts)
    .values({
      topicId,
      communityId: view.community.id,
      authorId: actor.userId,
      bodyMarkdown: body,
      bodyHtml: renderMarkdown(body),
      status,
      quotedPostId: quotedPostId ?? null,
    })
    .returning();
  return post!;
}

export async function createTopic(
  db: Db,
  actor: Actor,
  view: CommunityForViewer,
  input: { title: string; body: string },
  publicUrl: string,
) {
  if (!can(actor, "community.post", view.resource)) throw forbidden("Join this community to start a topic.");
  return db.transaction(async (tx) => {
    await ensureProfile(tx, actor.userId);
    const status = (await needsApproval(tx, actor, view)) ? "pending" : "visible";
    const [topic] = await tx
      .insert(topics)
      .values({ communityId: view.community.id, authorId: actor.userId, title: input.title, status })
      .returning();
    const post = await insertPost(tx, actor, view, topic!.id, input.body, status);
    await tx
      .insert(topicWatches)
      .values({ topicId: topic!.id, userId: actor.userId, level: "following" })
      .onConflictDoNothing();
    await tx.insert(topicReads).values({ topicId: topic!.id, userId: actor.userId }).onConflictDoNothing();
    if (status === "visible")
      await notifyAboutPost(
        tx,
        { post, topic: topic!, community: view.community, isNewTopic: true },
        publicUrl,
      );
    return { topic: topic!, post };
  });
}

export async function replyToTopic(
  db: Db,
  actor: Actor,
  view: CommunityForViewer,
  topic: Topic,
  input: { body: string; quotedPostId?: string },
  publicUrl: string,
) {
  if (!can(actor, "community.post", view.resource)) throw forbidden("Join this community to reply.");
  if (topic.closed && !isLead(actor, view)) throw conflict("This topic is closed.");
  if (topic.status !== "visible") throw conflict("This topic is waiting for approval.");
  return db.transaction(async (tx) => {
    await ensureProfile(tx, actor.userId);
    if (input.quotedPostId) {
      const [quoted] = await tx
        .select({ topicId: posts.topicId })
        .from(posts)
        .where(eq(posts.id, input.quotedPostId));
      if (!quoted || quoted.topicId !== topic.id) throw badRequest("The quoted post is not in this topic.");
    }
    const status = (await needsApproval(tx, actor, view)) ? "pending" : "visible";
    const post = await insertPost(tx, actor, view, topic.id, input.body, status, input.quotedPostId);
    if (status === "visible") {
      await tx
        .update(topics)
        .set({ replyCount: sql`${topics.replyCount} + 1`, lastPostAt: post.createdAt })
        .where(eq(topics.id, topic.id));
      await notifyAboutPost(tx, { post, topic, community: view.community, isNewTopic: false }, publicUrl);
    }
    await markTopicRead(tx, actor.userId, topic.id);
    return post;
  });
}

export async function editPost(db: Db, actor: Actor, view: CommunityForViewer, post: Post, body: string) {
  if (!can(actor, "post.edit", postResource(post, view)))
    throw forbidden("Only the author or a lead may edit this post.");
  if (post.status === "hidden" && !can(actor, "post.moderate", postResource(post, view)))
    throw conflict("A hidden post cannot be edited.");
  if (body === post.bodyMarkdown) return post;
  return db.transaction(async (tx) => {
    await tx
      .insert(postRevisions)
      .values({ postId: post.id, bodyMarkdown: post.bodyMarkdown, editedBy: actor.userId });
    const [updated] = await tx
      .update(posts)
      .set({ bodyMarkdown: body, bodyHtml: renderMarkdown(body), editedAt: new Date() })
      .where(eq(posts.id, post.id))
      .returning();
    return updated!;
  });
}

export async function postRevisionsOf(db: DbOrTx, postId: string) {
  return db
    .select({
      id: postRevisions.id,
      bodyMarkdown: postRevisions.bodyMarkdown,
      createdAt: postRevisions.createdAt,
      editorName: users.name,
    })
    .from(postRevisions)
    .innerJoin(users, eq(users.id, postRevisions.editedBy))
    .where(eq(postRevisions.postId, postId))
    .orderBy(desc(postRevisions.createdAt));
}

export async function setLike(db: Db, actor: Actor, view: CommunityForViewer, post: Post, liked: boolean) {
  if (!can(actor, "community.post", view.resource)) throw forbidden("Join this community to like posts.");
  if (post.status !== "visible") throw conflict("This post cannot be liked.");
  await db.transaction(async (tx) => {
    const changed = liked
      ? await tx
          .insert(postLikes)
          .values({ postId: post.id, userId: actor.userId })
          .onConflictDoNothing()
          .returning()
      : await tx
          .delete(postLikes)
          .where(and(eq(postLikes.postId, post.id), eq(postLikes.userId, actor.userId)))
          .returning();
    if (changed.length > 0) {
      await tx
        .update(posts)
        .set({ likeCount: sql`${posts.likeCount} + ${liked ? 1 : -1}` })
        .where(eq(posts.id, post.id));
    }
  });
}
