import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../platform/db/client";
import { queryRows } from "../../platform/db/client";
import type { Actor } from "../../platform/policy";
import { visibleCommunitiesCondition } from "./service";

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

/**
 * Full-text search over posts (and their topics' titles) the actor may read. The query is
 * parsed with both English and Spanish stemming and matched against the bilingual vectors.
 * Snippets come from the Markdown source with every < and > escaped before ts_headline
 * adds its <mark> tags, so the snippet can be shown as HTML safely.
 */
export async function searchPosts(db: DbOrTx, actor: Actor | null, filters: SearchFilters) {
  const perPage = filters.perPage ?? 20;
  const page = filters.page ?? 1;
  const query = sql`(websearch_to_tsquery('english', ${filters.q}) || websearch_to_tsquery('spanish', ${filters.q}))`;
  // Candidates come from the two GIN indexes separately (posts by body, topics by title, the
  // latter represented by their first post); an OR across the join could use neither.
  const hits = sql`hits as (
      select p.id from community_posts p where p.search_vector @@ ${query}
      union
      select (select p2.id from community_posts p2 where p2.topic_id = t.id order by p2.created_at, p2.id limit 1)
      from community_topics t where t.search_vector @@ ${query})`;
  const conditions = [visibleCommunitiesCondition(actor), sql`p.status = 'visible'`, sql`t.status = 'visible'`];
  if (filters.community) conditions.push(sql`c.slug = ${filters.community}`);
  if (filters.from) conditions.push(sql`p.created_at >= ${filters.from}::date`);
  if (filters.to) conditions.push(sql`p.created_at < ${filters.to}::date + 1`);
  const where = sql.join(conditions, sql` and `);
  const from = sql`from hits h join community_posts p on p.id = h.id join community_topics t on t.id = p.topic_id
    join communities c on c.id = p.community_id cross join (select ${query} as query) q`;
  const [count] = await queryRows<{ n: number }>(db, sql`with ${hits} select count(*)::int as n ${from} where ${where}`);
  const rows = await queryRows<SearchHit>(
    db,
    sql`with ${hits}
        select p.id as "postId", t.id as "topicId", t.title as "topicTitle", c.slug as "communitySlug",
          c.name_en as "communityNameEn", c.name_es as "communityNameEs", p.created_at as "createdAt",
          (ts_rank(p.search_vector, q.query) + 2 * ts_rank(t.search_vector, q.query))::float8 as rank,
          ts_headline('english', replace(replace(replace(p.body_markdown, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), q.query,
            'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=2') as snippet
        ${from} where ${where}
        order by rank desc, p.created_at desc
        limit ${perPage} offset ${(page - 1) * perPage}`,
  );
  return {
    items: rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) })),
    total: count?.n ?? 0,
    pages: Math.max(1, Math.ceil((count?.n ?? 0) / perPage)),
  };
}
