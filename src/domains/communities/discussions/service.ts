import { eq, sql } from "drizzle-orm";
import type { Caches, Dependencies } from "../../../platform/cache";
import type { DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { notFound } from "../../../platform/http/problem";
import { type Actor, can, type PostResource } from "../../../platform/policy";
import { posts, topics } from "./schema";
import { type CommunityForViewer, findVisibleCommunityById } from "../service";
import { communityTags } from "../cache-tags";

export type Topic = typeof topics.$inferSelect;
export type Post = typeof posts.$inferSelect;
export const POSTS_PER_PAGE = 50;

export const isLead = (actor: Actor | null, view: CommunityForViewer) =>
  can(actor, "community.lead", view.resource);

/** A post as the policy's resource (for `post.edit`, `post.moderate`): its author and its community as the actor sees it. */
export const postResource = (
  post: Pick<Post, "id" | "authorId">,
  view: CommunityForViewer,
): PostResource => ({
  id: post.id,
  ancestorIds: [],
  authorId: post.authorId,
  community: view.resource,
});

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
  return {
    items: items.map((i) => ({ ...i, lastPostAt: new Date(i.lastPostAt), createdAt: new Date(i.createdAt) })),
    total: count?.n ?? 0,
  };
}

interface SharedTopicList {
  items: TopicListItem[];
  total: number;
  /** Who has topics waiting for approval here: they see a list of their own. */
  pendingAuthors: string[];
}

/** What the viewer's own markers on a topic list are computed from (see `sharedTopicLists`). */
export interface TopicMarkers {
  /** The topics they have read since their last post (every other topic is unread). */
  readUpToDate: Set<string>;
  /** Their previous visit to the community ("new since your last visit"). */
  since: Date | null;
}

/**
 * `listTopics` through a cache shared by every reader of a community: the list is kept per
 * community, page and whether the reader moderates, and dropped when its topics change
 * (`topics:<community>`) or anyone's name does. The reader's own markers (unread, new since
 * their last visit) are laid over it from `markers`, which the page reads in the statement that
 * records the visit. A reader with a topic waiting for approval gets their own list, uncached.
 */
export function sharedTopicLists(caches: Caches) {
  const shared = caches.create<SharedTopicList>({ maxEntries: 2_000 });
  return async function listTopicsShared(
    db: DbOrTx,
    view: CommunityForViewer,
    actor: Actor | null,
    markers: TopicMarkers,
    options: { page?: number; perPage?: number } = {},
    deps?: Dependencies,
  ): Promise<{ items: TopicListItem[]; total: number }> {
    const lead = isLead(actor, view);
    const communityId = view.community.id;
    const found = await shared.load(
      `${communityId} ${options.page ?? 1} ${options.perPage ?? 30} ${lead ? "lead" : "reader"}`,
      async (own) => {
        own.add(communityTags.topicsIn(communityId), communityTags.people);
        const listed = await listTopics(db, view, lead ? actor : null, options);
        return { ...listed, pendingAuthors: lead ? [] : await pendingTopicAuthorsIn(db, communityId) };
      },
      deps,
    );
    if (!found || (actor && found.pendingAuthors.includes(actor.userId)))
      return listTopics(db, view, actor, { ...options, since: markers.since });
    const items = found.items.map((item) => {
      return {
        ...item,
        unread: !!actor && !markers.readUpToDate.has(item.id),
        isNew: !!markers.since && item.createdAt > markers.since,
      };
    });
    return { items, total: found.total };
  };
}

async function pendingTopicAuthorsIn(db: DbOrTx, communityId: string) {
  const rows = await queryRows<{ authorId: string }>(
    db,
    sql`select distinct author_id as "authorId" from community_topics
        where community_id = ${communityId} and status = 'pending'`,
  );
  return rows.map((r) => r.authorId);
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

interface SharedPostPage {
  items: PostView[];
  total: number;
  pages: number;
  /** Who has posts waiting for approval here: they see a page of their own. */
  pendingAuthors: string[];
}

/**
 * `listPosts` through a cache shared by every reader of a topic: the page is kept per topic,
 * page number and whether the reader moderates (leads see waiting and hidden posts whole); the
 * reader's own part, which posts they liked, is one small query, skipped when no post on the
 * page has a like. Any change to the topic's posts (a reply, an edit, a like, a moderation)
 * announces the topic and drops it; names come with `people:any`. A reader with a post waiting
 * for approval gets their own page, uncached.
 */
export function sharedPostPages(caches: Caches) {
  const shared = caches.create<SharedPostPage>({
    maxEntries: 2_000,
    maxSize: 64 * 1024 * 1024,
    sizeOf: (page) => page.items.reduce((sum, p) => sum + 200 + p.bodyHtml.length + p.bodyMarkdown.length, 0),
  });
  return async function listPostsShared(
    db: DbOrTx,
    topic: Topic,
    view: CommunityForViewer,
    actor: Actor | null,
    page: number,
    deps?: Dependencies,
  ): Promise<{ items: PostView[]; total: number; pages: number }> {
    const lead = isLead(actor, view);
    const found = await shared.load(
      `${topic.id} ${page} ${lead ? "lead" : "reader"}`,
      async (own) => {
        own.add(communityTags.topic(topic.id), communityTags.people);
        const listed = await listPosts(db, topic, view, lead ? actor : null, page);
        const items = listed.items.map((p) => ({ ...p, likedByViewer: false }));
        return { ...listed, items, pendingAuthors: lead ? [] : await pendingAuthorsIn(db, topic.id) };
      },
      deps,
    );
    if (!found) return listPosts(db, topic, view, actor, page);
    if (actor && found.pendingAuthors.includes(actor.userId)) return listPosts(db, topic, view, actor, page);
    const liked = actor ? await likedAmong(db, actor.userId, found.items) : new Set<string>();
    const items =
      liked.size === 0 ? found.items : found.items.map((p) => ({ ...p, likedByViewer: liked.has(p.id) }));
    return { items, total: found.total, pages: found.pages };
  };
}

async function pendingAuthorsIn(db: DbOrTx, topicId: string) {
  const rows = await queryRows<{ authorId: string }>(
    db,
    sql`select distinct author_id as "authorId" from community_posts where topic_id = ${topicId} and status = 'pending'`,
  );
  return rows.map((r) => r.authorId);
}

async function likedAmong(db: DbOrTx, userId: string, items: PostView[]) {
  const ids = items.filter((p) => p.likeCount > 0).map((p) => p.id);
  if (ids.length === 0) return new Set<string>();
  const rows = await queryRows<{ postId: string }>(
    db,
    sql`select post_id as "postId" from community_post_likes
        where user_id = ${userId} and post_id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  return new Set(rows.map((r) => r.postId));
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

export async function findPost(db: DbOrTx, postId: string) {
  const [post] = await db.select().from(posts).where(eq(posts.id, postId));
  return post ?? null;
}

/** A post the actor may see, with its topic and community. */
export async function requireVisiblePost(db: DbOrTx, postId: string, actor: Actor | null) {
  const post = await findPost(db, postId);
  if (!post) throw notFound();
  const found = await requireVisibleTopic(db, post.topicId, actor);
  if (post.status === "pending" && !isLead(actor, found.view) && post.authorId !== actor?.userId)
    throw notFound();
  return { post, ...found };
}

export interface RecentTopic {
  id: string;
  title: string;
  replyCount: number;
  lastPostAt: Date;
  communityId: string;
}

/**
 * The most recently active visible topics of these communities (a member's home page; the
 * caller has checked that they may read each). Each community's newest few come from its index.
 */
export async function latestTopicsIn(db: DbOrTx, communityIds: string[], limit = 6): Promise<RecentTopic[]> {
  if (communityIds.length === 0) return [];
  const rows = await queryRows<RecentTopic>(
    db,
    sql`select t.id, t.title, t.reply_count as "replyCount", t.last_post_at as "lastPostAt", c.id as "communityId"
        from unnest(${sql.param(communityIds)}::uuid[]) as c(id)
        cross join lateral (select t.id, t.title, t.reply_count, t.last_post_at from community_topics t
          where t.community_id = c.id and t.status = 'visible' order by t.last_post_at desc limit ${limit}) t
        order by t.last_post_at desc limit ${limit}`,
  );
  return rows.map((r) => ({ ...r, lastPostAt: new Date(r.lastPostAt) }));
}
