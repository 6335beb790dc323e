import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import type { Actor } from "../../../platform/policy";
import { visibleCommunitiesCondition } from "../service";

export interface SearchFilters {
  q: string;
  community?: string;
  from?: string;
  to?: string;
  page?: number;
  perPage?: number;
}

export interface SearchHit {
  postId: string;
  topicId: string;
  topicTitle: string;
  communitySlug: string;
  communityNameEn: string;
  communityNameEs: string;
  createdAt: Date;
  rank: number;
  /** ts_headline output: the post's plain words with matches wrapped in <mark>; nothing else. */
  snippet: string;
}

/** A word found in more posts than this is searched among the most recent matches only. */
export const MANY_MATCHES = 2_000;
/** How many of the most recent matching posts (and topics) a search of a very common word ranks. */
export const RECENT_CANDIDATES = 500;

/**
 * Full-text search over posts (and their topics' titles) the actor may read. The query is
 * parsed with both English and Spanish stemming and matched against the bilingual vectors.
 * Snippets come from the Markdown source with every < and > escaped before ts_headline
 * adds its <mark> tags, so the snippet can be shown as HTML safely.
 *
 * Scale: ranking means reading every candidate, so a word found in a tenth of a million posts
 * cannot be ranked in full within a page's time. When the GIN index finds at least MANY_MATCHES
 * posts, only the RECENT_CANDIDATES most recent readable matches (found walking the posts by
 * date, which is quick precisely because matches are common) are ranked, and `limited` says so.
 * Rarer words are ranked in full from the index.
 */
export async function searchPosts(db: DbOrTx, actor: Actor | null, filters: SearchFilters) {
  // The planner's cost estimates for text search are high enough to switch on JIT compilation,
  // which adds tens of milliseconds to queries that run in a few; it is off for these reads.
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return searchIn(tx, actor, filters);
  });
}

async function searchIn(db: DbOrTx, actor: Actor | null, filters: SearchFilters) {
  const perPage = filters.perPage ?? 20;
  const page = filters.page ?? 1;
  const query = sql`(websearch_to_tsquery('english', ${filters.q}) || websearch_to_tsquery('spanish', ${filters.q}))`;
  const conditions = [
    visibleCommunitiesCondition(actor),
    sql`p.status = 'visible'`,
    sql`t.status = 'visible'`,
  ];
  if (filters.community) conditions.push(sql`c.slug = ${filters.community}`);
  if (filters.from) conditions.push(sql`p.created_at >= ${filters.from}::date`);
  if (filters.to) conditions.push(sql`p.created_at < ${filters.to}::date + 1`);
  const where = sql.join(conditions, sql` and `);
  const [probe] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from community_posts p where p.search_vector @@ ${query} limit ${MANY_MATCHES}) x`,
  );
  const limited = (probe?.n ?? 0) >= MANY_MATCHES;
  // Candidates come from the two GIN indexes separately (posts by body, topics by title, the
  // latter represented by their first post); an OR across the join could use neither.
  const postCandidates = limited
    ? sql`(select p.id from community_posts p join community_topics t on t.id = p.topic_id join communities c on c.id = p.community_id
           where p.search_vector @@ ${query} and ${where} order by p.created_at desc limit ${RECENT_CANDIDATES})`
    : sql`select p.id from community_posts p where p.search_vector @@ ${query}`;
  const topicCandidates = limited
    ? sql`(select t.id from community_topics t where t.search_vector @@ ${query} order by t.last_post_at desc limit ${RECENT_CANDIDATES})`
    : sql`select t.id from community_topics t where t.search_vector @@ ${query}`;
  const hits = sql`hits as materialized (
      ${postCandidates}
      union
      select (select p2.id from community_posts p2 where p2.topic_id = tc.id order by p2.created_at, p2.id limit 1)
      from (${topicCandidates}) tc)`;
  const from = sql`from hits h join community_posts p on p.id = h.id join community_topics t on t.id = p.topic_id
    join communities c on c.id = p.community_id cross join (select ${query} as query) q`;
  const rows = await queryRows<SearchHit & { total: number }>(
    db,
    sql`with ${hits}, ranked as (
          select p.id as "postId", t.id as "topicId", t.title as "topicTitle", c.slug as "communitySlug",
            c.name_en as "communityNameEn", c.name_es as "communityNameEs", p.created_at as "createdAt",
            (ts_rank(p.search_vector, q.query) + 2 * ts_rank(t.search_vector, q.query))::float8 as rank,
            p.body_markdown, q.query, (count(*) over ())::int as total
          ${from} where ${where}
          order by rank desc, p.created_at desc
          limit ${perPage} offset ${(page - 1) * perPage})
        select "postId", "topicId", "topicTitle", "communitySlug", "communityNameEn", "communityNameEs", "createdAt", rank, total,
          ts_headline('english', replace(replace(replace(body_markdown, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), query,
            'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=2') as snippet
        from ranked order by rank desc, "createdAt" desc`,
  );
  let total = rows[0]?.total;
  if (total === undefined) {
    // A page past the end: count the results to report how many pages there are.
    const [count] = await queryRows<{ n: number }>(
      db,
      sql`with ${hits} select count(*)::int as n ${from} where ${where}`,
    );
    total = count?.n ?? 0;
  }
  return {
    items: rows.map(({ total: _total, ...r }) => ({ ...r, createdAt: new Date(r.createdAt) })),
    total,
    pages: Math.max(1, Math.ceil(total / perPage)),
    limited,
  };
}
