import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { users } from "../../platform/auth/schema";
import { recordAudit } from "../../platform/audit";
import type { Db, DbOrTx, Tx } from "../../platform/db/client";
import { queryRows } from "../../platform/db/client";
import { badRequest, conflict, forbidden, notFound } from "../../platform/http/problem";
import { type Actor, can } from "../../platform/policy";
import { renderMarkdown } from "./markdown";
import { notifyAboutPost } from "./notifications";
import {
  memberProfiles,
  postFlags,
  postLikes,
  postRevisions,
  posts,
  topicReads,
  topics,
  topicWatches,
} from "./schema";
import { type CommunityForViewer, findVisibleCommunityById } from "./service";
import { ensureProfile } from "./people";

export type Topic = typeof topics.$inferSelect;
export type Post = typeof posts.$inferSelect;
export const POSTS_PER_PAGE = 50;
/** A new account's first posts wait for a lead (a new-user trust level, against spam). */
export const POSTS_BEFORE_TRUSTED = 2;

const isLead = (actor: Actor | null, view: CommunityForViewer) => can(actor, "community.lead", view.resource);

/** Whether this author's next post must wait for approval in this community. */
async function needsApproval(tx: DbOrTx, actor: Actor, view: CommunityForViewer): Promise<boolean> {
  if (isLead(actor, view)) return false;
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from community_posts where author_id = ${actor.userId} and status <> 'pending'`,
  );
  return (row?.n ?? 0) < POSTS_BEFORE_TRUSTED;
}

export interface TopicListItem {
  id: string;
  title: string;
  status: Topic["status"];
  pinned: boolean;
  closed: boolean;
  replyCount: number;
  lastPostAt: Date;
  createdAt: Date;
  authorName: string;
  unread: boolean;
  isNew: boolean;
}

/** Topics of a community, pinned first, each with the viewer's unread and "new since last visit" markers. */
export async function listTopics(
  db: DbOrTx,
  view: CommunityForViewer,
  actor: Actor | null,
  options: { since?: Date | null; page?: number; perPage?: number } = {},
): Promise<{ items: TopicListItem[]; total: number }> {
  const viewerId = actor?.userId ?? null;
  const seeAll = isLead(actor, view);
  const statusCondition = seeAll
    ? sql`true`
    : sql`t.status = 'visible' or (t.status = 'pending' and t.author_id = ${viewerId})`;
  const perPage = options.perPage ?? 30;
  const page = options.page ?? 1;
  const since = options.since ? options.since.toISOString() : null;
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from community_topics t where t.community_id = ${view.community.id} and (${statusCondition})`,
  );
  const items = await queryRows<TopicListItem>(
    db,
    sql`select t.id, t.title, t.status, t.pinned, t.closed, t.reply_count as "replyCount", t.last_post_at as "lastPostAt",
          t.created_at as "createdAt", u.name as "authorName",
          (${viewerId}::uuid is not null and (r.last_read_at is null or r.last_read_at < t.last_post_at)) as unread,
          (${since}::timestamptz is not null and t.created_at > ${since}::timestamptz) as "isNew"
        from community_topics t join users u on u.id = t.author_id
        left join community_topic_reads r on r.topic_id = t.id and r.user_id = ${viewerId}
        where t.community_id = ${view.community.id} and (${statusCondition})
        order by t.pinned desc, t.last_post_at desc
        limit ${perPage} offset ${(page - 1) * perPage}`,
  );
  return { items: items.map((i) => ({ ...i, lastPostAt: new Date(i.lastPostAt), createdAt: new Date(i.createdAt) })), total: count?.n ?? 0 };
}

/** A topic with its community, if the actor may see both. */
export async function findVisibleTopic(db: DbOrTx, topicId: string, actor: Actor | null) {
  const [topic] = await db.select().from(topics).where(eq(topics.id, topicId));
  if (!topic) return null;
  const view = await findVisibleCommunityById(db, topic.communityId, actor);
  if (!view) return null;
  if (topic.status !== "visible" && !isLead(actor, view) && topic.authorId !== actor?.userId) return null;
  return { topic, view };
}

export async function requireVisibleTopic(db: DbOrTx, topicId: string, actor: Actor | null) {
  const found = await findVisibleTopic(db, topicId, actor);
  if (!found) throw notFound();
  return found;
}

export interface PostView {
  id: string;
  authorId: string;
  authorName: string;
  authorHandle: string | null;
  bodyHtml: string;
  bodyMarkdown: string;
  status: Post["status"];
  moderationReason: string | null;
  likeCount: number;
  likedByViewer: boolean;
  createdAt: Date;
  editedAt: Date | null;
  quotedPostId: string | null;
}

/** One page of a topic's posts, oldest first; the (topic_id, created_at, id) index keeps deep pages quick. */
export async function listPosts(
  db: DbOrTx,
  topic: Topic,
  view: CommunityForViewer,
  actor: Actor | null,
  page = 1,
  perPage = POSTS_PER_PAGE,
): Promise<{ items: PostView[]; total: number; pages: number }> {
  const viewerId = actor?.userId ?? null;
  const lead = isLead(actor, view);
  // Leads see hidden and waiting posts to moderate them; authors see their own waiting posts.
  const statusCondition = lead
    ? sql`true`
    : sql`(p.status = 'visible' or (p.status = 'pending' and p.author_id = ${viewerId}) or p.status = 'hidden')`;
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from community_posts p where p.topic_id = ${topic.id} and ${statusCondition}`,
  );
  const total = count?.n ?? 0;
  // The page's posts are picked first from the topic index alone; authors, profiles and likes
  // are then joined for those rows only, not for every post the offset skips.
  const rows = await queryRows<PostView>(
    db,
    sql`with page as (
          select p.id from community_posts p
          where p.topic_id = ${topic.id} and ${statusCondition}
          order by p.created_at, p.id
          limit ${perPage} offset ${(page - 1) * perPage})
        select p.id, p.author_id as "authorId", u.name as "authorName", pr.handle as "authorHandle",
          p.body_html as "bodyHtml", p.body_markdown as "bodyMarkdown", p.status, p.moderation_reason as "moderationReason",
          p.like_count as "likeCount", p.created_at as "createdAt", p.edited_at as "editedAt", p.quoted_post_id as "quotedPostId",
          exists (select 1 from community_post_likes l where l.post_id = p.id and l.user_id = ${viewerId}) as "likedByViewer"
        from page join community_posts p on p.id = page.id join users u on u.id = p.author_id
        left join community_profiles pr on pr.user_id = p.author_id
        order by p.created_at, p.id`,
  );
  const items = rows.map((r) => {
    const hiddenFromViewer = r.status === "hidden" && !lead;
    return {
      ...r,
      createdAt: new Date(r.createdAt),
      editedAt: r.editedAt ? new Date(r.editedAt) : null,
      // A hidden post keeps its place in the conversation but not its words.
      bodyHtml: hiddenFromViewer ? "" : r.bodyHtml,
      bodyMarkdown: hiddenFromViewer ? "" : r.bodyMarkdown,
    };
  });
  return { items, total, pages: Math.max(1, Math.ceil(total / perPage)) };
}

/** The page of its topic a post is on, counting only the posts this viewer sees. */
export async function pageOfPost(db: DbOrTx, post: Post, view: CommunityForViewer, actor: Actor | null) {
  const viewerId = actor?.userId ?? null;
  const statusCondition = isLead(actor, view)
    ? sql`true`
    : sql`(status <> 'pending' or author_id = ${viewerId})`;
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from community_posts
        where topic_id = ${post.topicId} and ${statusCondition}
          and (created_at, id) < (${post.createdAt.toISOString()}::timestamptz, ${post.id}::uuid)`,
  );
  return Math.floor((row?.n ?? 0) / POSTS_PER_PAGE) + 1;
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
    await tx.insert(topicWatches).values({ topicId: topic!.id, userId: actor.userId, level: "following" }).onConflictDoNothing();
    await tx.insert(topicReads).values({ topicId: topic!.id, userId: actor.userId }).onConflictDoNothing();
    if (status === "visible") await notifyAboutPost(tx, { post, topic: topic!, community: view.community, isNewTopic: true }, publicUrl);
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
      const [quoted] = await tx.select({ topicId: posts.topicId }).from(posts).where(eq(posts.id, input.quotedPostId));
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

export async function findPost(db: DbOrTx, postId: string) {
  const [post] = await db.select().from(posts).where(eq(posts.id, postId));
  return post ?? null;
}

/** A post the actor may see, with its topic and community. */
export async function requireVisiblePost(db: DbOrTx, postId: string, actor: Actor | null) {
  const post = await findPost(db, postId);
  if (!post) throw notFound();
  const found = await requireVisibleTopic(db, post.topicId, actor);
  if (post.status === "pending" && !isLead(actor, found.view) && post.authorId !== actor?.userId) throw notFound();
  return { post, ...found };
}

export async function editPost(db: Db, actor: Actor, view: CommunityForViewer, post: Post, body: string) {
  if (post.authorId !== actor.userId && !isLead(actor, view)) throw forbidden("Only the author or a lead may edit this post.");
  if (post.status === "hidden" && !isLead(actor, view)) throw conflict("A hidden post cannot be edited.");
  if (body === post.bodyMarkdown) return post;
  return db.transaction(async (tx) => {
    await tx.insert(postRevisions).values({ postId: post.id, bodyMarkdown: post.bodyMarkdown, editedBy: actor.userId });
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
    .select({ id: postRevisions.id, bodyMarkdown: postRevisions.bodyMarkdown, createdAt: postRevisions.createdAt, editorName: users.name })
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
      ? await tx.insert(postLikes).values({ postId: post.id, userId: actor.userId }).onConflictDoNothing().returning()
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

export async function markTopicRead(db: DbOrTx, userId: string, topicId: string) {
  await db
    .insert(topicReads)
    .values({ topicId, userId, lastReadAt: new Date() })
    .onConflictDoUpdate({ target: [topicReads.userId, topicReads.topicId], set: { lastReadAt: new Date() } });
}

export async function topicWatchOf(db: DbOrTx, userId: string, topicId: string) {
  const [row] = await db
    .select({ level: topicWatches.level })
    .from(topicWatches)
    .where(and(eq(topicWatches.topicId, topicId), eq(topicWatches.userId, userId)));
  return row?.level ?? null;
}

export async function setTopicWatch(db: DbOrTx, userId: string, topicId: string, level: "following" | "muted" | "normal") {
  if (level === "normal") {
    await db.delete(topicWatches).where(and(eq(topicWatches.topicId, topicId), eq(topicWatches.userId, userId)));
    return;
  }
  await db
    .insert(topicWatches)
    .values({ topicId, userId, level })
    .onConflictDoUpdate({ target: [topicWatches.topicId, topicWatches.userId], set: { level } });
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
      await tx.update(postFlags).set({ communityId: target.community.id }).where(inArray(postFlags.postId, tx.select({ id: posts.id }).from(posts).where(eq(posts.topicId, topic.id))));
    }
    if (Object.keys(set).length === 0) return topic;
    const [updated] = await tx.update(topics).set(set).where(eq(topics.id, topic.id)).returning();
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

export async function handlesToUserIds(db: DbOrTx, handles: string[]) {
  if (handles.length === 0) return [];
  return db
    .select({ userId: memberProfiles.userId, handle: memberProfiles.handle })
    .from(memberProfiles)
    .where(inArray(memberProfiles.handle, handles));
}
