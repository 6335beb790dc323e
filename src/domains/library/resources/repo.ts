import { type SQL, sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import { type Actor, libraryReadSql } from "../../../platform/policy";
import { readableTopicCondition } from "../../communities/service";
import type { LibraryFilters } from "./contracts";
import type {
  ResourceLanguage,
  ResourceSnapshot,
  ResourceStatus,
  ResourceType,
  ReviewDecision,
} from "./schema";
import { usageRankSql } from "./usage";

/** A resource row with its shelf's community (null on the national shelf). */
export interface ResourceRow {
  id: string;
  slug: string;
  type: ResourceType;
  communityId: string | null;
  communityOnly: boolean;
  status: ResourceStatus;
  publishAt: Date | null;
  publishedAt: Date | null;
  language: ResourceLanguage;
  translationGroupId: string;
  title: string;
  summary: string;
  body: string;
  authors: string[];
  organisations: string[];
  licence: string;
  externalUrl: string | null;
  domainKeys: string[];
  tiers: number[];
  audiences: string[];
  stateCode: string | null;
  year: number;
  currentVersion: number;
  createdBy: string;
  submittedBy: string | null;
  approvedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  communitySlug: string | null;
  communityNameEn: string | null;
  communityNameEs: string | null;
  communityVisibility: "public" | "private" | null;
}

const COLUMNS = sql`r.id, r.slug, r.type, r.community_id as "communityId", r.community_only as "communityOnly",
  r.status, r.publish_at as "publishAt", r.published_at as "publishedAt", r.language,
  r.translation_group_id as "translationGroupId", r.title, r.summary, r.body, r.authors, r.organisations,
  r.licence, r.external_url as "externalUrl", r.domain_keys as "domainKeys", r.tiers, r.audiences,
  r.state_code as "stateCode", r.year, r.current_version as "currentVersion", r.created_by as "createdBy",
  r.submitted_by as "submittedBy", r.approved_by as "approvedBy", r.created_at as "createdAt",
  r.updated_at as "updatedAt", c.slug as "communitySlug", c.name_en as "communityNameEn",
  c.name_es as "communityNameEs", c.visibility as "communityVisibility"`;

const dates = <
  T extends { publishAt: unknown; publishedAt: unknown; createdAt: unknown; updatedAt: unknown },
>(
  r: T,
): T => ({
  ...r,
  publishAt: r.publishAt ? new Date(r.publishAt as string) : null,
  publishedAt: r.publishedAt ? new Date(r.publishedAt as string) : null,
  createdAt: new Date(r.createdAt as string),
  updatedAt: new Date(r.updatedAt as string),
});

export async function resourceBySlug(db: DbOrTx, slug: string): Promise<ResourceRow | null> {
  const [row] = await queryRows<ResourceRow>(
    db,
    sql`select ${COLUMNS} from library_resources r left join communities c on c.id = r.community_id where r.slug = ${slug}`,
  );
  return row ? dates(row) : null;
}

/**
 * `library.read` on alias `r` (library_resources) for the actor: the policy's SQL form, given
 * the actor's role in the item's community and the nation's id for the national shelf.
 */
export function readableResourceCondition(actor: Actor | null, nationId: string): SQL {
  const viewerRole = actor
    ? sql`(select vm.role from community_members vm where vm.community_id = r.community_id and vm.user_id = ${actor.userId}::uuid)`
    : sql`null::text`;
  return libraryReadSql(actor, {
    status: sql`r.status`,
    communityOnly: sql`r.community_only`,
    onCommunityShelf: sql`(r.community_id is not null)`,
    shelfId: sql`coalesce(r.community_id, ${nationId}::uuid)`,
    viewerRole,
  });
}

export const PER_PAGE = 20;

/** The search's query: English and Spanish stemming side by side, as the vectors hold them. */
const tsQuery = (q: string) =>
  sql`(websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('spanish', ${q}))`;

function filterConditions(filters: LibraryFilters): SQL[] {
  const out: SQL[] = [];
  const anyOf = (column: SQL, values: (string | number)[] | undefined, cast: string) => {
    if (!values || values.length === 0) return;
    out.push(
      sql`${column} in (${sql.join(
        values.map((v) => sql`${v}${sql.raw(cast)}`),
        sql`, `,
      )})`,
    );
  };
  const overlaps = (column: SQL, values: (string | number)[] | undefined, cast: string) => {
    if (!values || values.length === 0) return;
    out.push(
      sql`${column} && array[${sql.join(
        values.map((v) => sql`${v}${sql.raw(cast)}`),
        sql`, `,
      )}]`,
    );
  };
  anyOf(sql`r.type`, filters.type, "::text");
  overlaps(sql`r.domain_keys`, filters.domain, "::text");
  overlaps(sql`r.tiers`, filters.tier, "::int");
  overlaps(sql`r.audiences`, filters.audience, "::text");
  anyOf(sql`r.language`, filters.language, "::text");
  anyOf(sql`r.state_code`, filters.state, "::text");
  anyOf(sql`c.slug`, filters.group, "::text");
  anyOf(sql`r.year`, filters.year, "::int");
  return out;
}

export interface FacetCount {
  value: string;
  count: number;
}
export type Facets = Record<
  "type" | "domain" | "tier" | "audience" | "language" | "state" | "group" | "year",
  FacetCount[]
>;

export interface SearchResult {
  items: ResourceRow[];
  total: number;
  facets: Facets;
}

/**
 * Published resources the actor may read, matching the words (English or Spanish stems) and the
 * filters, a page at a time, with how many of the matches fall in each facet's values.
 */
export async function searchResources(
  db: DbOrTx,
  actor: Actor | null,
  nationId: string,
  filters: LibraryFilters,
): Promise<SearchResult> {
  return db.transaction(async (tx) => {
    const q = filters.q?.trim() || null;
    // Text search's cost estimates switch on JIT compilation, which costs more than these
    // queries. And the planner prices a row's text match far below its real cost, so it reads
    // the whole table even for a word in a fifth of the library; through the text index the
    // same search took a third of the time (measured on 20,000 resources).
    await tx.execute(sql`set local jit = off`);
    if (q) await tx.execute(sql`set local enable_seqscan = off`);
    const conditions = [
      sql`r.status = 'published'`,
      readableResourceCondition(actor, nationId),
      ...filterConditions(filters),
    ];
    if (q) conditions.push(sql`r.search_vector @@ ${tsQuery(q)}`);
    const where = sql.join(conditions, sql` and `);
    const rank = q ? sql`ts_rank(r.search_vector, ${tsQuery(q)})` : sql`0`;
    const sort = filters.sort ?? (q ? "relevance" : "newest");
    const usage = usageRankSql(sql`hit.id`);
    const order =
      sort === "relevance"
        ? sql`hit.rank desc, hit.published_at desc, hit.id`
        : sort === "most_used"
          ? sql`${usage.figure} desc, hit.published_at desc, hit.id`
          : sql`hit.published_at desc, hit.id`;
    const page = filters.page ?? 1;
    const matches = sql`matches as materialized (
      select r.id, r.type, r.domain_keys, r.tiers, r.audiences, r.language, r.state_code, r.year,
        c.slug as group_slug, r.published_at, ${rank}::float8 as rank
      from library_resources r left join communities c on c.id = r.community_id where ${where})`;
    // One pass over the matches gives the page (ids in order) and every facet's counts; the
    // page's rows are then read by id.
    const facetRows = await queryRows<{ facet: string; value: string; count: number }>(
      tx,
      sql`with ${matches},
          picked as (
            select hit.id, row_number() over (order by ${order})::int as position
            from matches hit ${sort === "most_used" ? usage.join : sql``}
            order by ${order} limit ${PER_PAGE} offset ${(page - 1) * PER_PAGE})
          select 'item' as facet, id::text as value, position as count from picked
          union all select 'total', '', count(*)::int from matches
          union all select 'type', type, count(*)::int from matches group by type
          union all select 'domain', d, count(*)::int from matches, unnest(domain_keys) d group by d
          union all select 'tier', t::text, count(*)::int from matches, unnest(tiers) t group by t
          union all select 'audience', a, count(*)::int from matches, unnest(audiences) a group by a
          union all select 'language', language, count(*)::int from matches group by language
          union all select 'state', state_code, count(*)::int from matches where state_code is not null group by state_code
          union all select 'group', group_slug, count(*)::int from matches where group_slug is not null group by group_slug
          union all select 'year', year::text, count(*)::int from matches group by year`,
    );
    const picked = facetRows.filter((row) => row.facet === "item").sort((a, b) => a.count - b.count);
    const rows =
      picked.length === 0
        ? []
        : await queryRows<ResourceRow>(
            tx,
            sql`select ${COLUMNS} from library_resources r left join communities c on c.id = r.community_id
                where r.id in (${sql.join(
                  picked.map((p) => sql`${p.value}::uuid`),
                  sql`, `,
                )})`,
          );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const items = picked.flatMap((p) => byId.get(p.value) ?? []);
    const facets: Facets = {
      type: [],
      domain: [],
      tier: [],
      audience: [],
      language: [],
      state: [],
      group: [],
      year: [],
    };
    let total = 0;
    for (const row of facetRows) {
      if (row.facet === "total") total = row.count;
      else if (row.facet !== "item")
        facets[row.facet as keyof Facets].push({ value: row.value, count: row.count });
    }
    for (const list of Object.values(facets))
      list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    facets.year.sort((a, b) => Number(b.value) - Number(a.value));
    facets.tier.sort((a, b) => Number(a.value) - Number(b.value));
    return { items: items.map(dates), total, facets };
  });
}

/** Names of practice groups and communities by slug, for the group facet's labels. */
export async function communityNamesBySlug(db: DbOrTx, slugs: string[]) {
  if (slugs.length === 0) return new Map<string, { en: string; es: string }>();
  const rows = await queryRows<{ slug: string; en: string; es: string }>(
    db,
    sql`select slug, name_en as en, name_es as es from communities where slug in (${sql.join(
      slugs.map((s) => sql`${s}`),
      sql`, `,
    )})`,
  );
  return new Map(rows.map((r) => [r.slug, { en: r.en, es: r.es }]));
}

/** The other language versions of a resource that the actor may read. */
export async function translationsOf(
  db: DbOrTx,
  actor: Actor | null,
  nationId: string,
  resource: ResourceRow,
) {
  return queryRows<{ slug: string; language: string; title: string }>(
    db,
    sql`select r.slug, r.language, r.title from library_resources r
        where r.translation_group_id = ${resource.translationGroupId} and r.id <> ${resource.id}
          and r.status in ('published', 'archived') and ${readableResourceCondition(actor, nationId)}
        order by r.language`,
  );
}

/** Published resources sharing a domain or the type, most overlap first. */
export async function relatedTo(db: DbOrTx, actor: Actor | null, nationId: string, resource: ResourceRow) {
  const domains = resource.domainKeys.length
    ? sql`array[${sql.join(
        resource.domainKeys.map((d) => sql`${d}::text`),
        sql`, `,
      )}]`
    : sql`'{}'::text[]`;
  // Candidates first, newest first along the (status, published_at) index: those sharing a
  // domain with the resource, and those of its type. Ranking every overlapping resource of a
  // large library cost tens of milliseconds; among the newest few hundred of each the best
  // matches are as good for a reader.
  const readable = readableResourceCondition(actor, nationId);
  const candidates = (
    match: SQL,
  ) => sql`(select r.id, r.slug, r.title, r.type, r.language, r.domain_keys, r.published_at
        from library_resources r
        where r.status = 'published' and r.id <> ${resource.id}
          and r.translation_group_id <> ${resource.translationGroupId}
          and ${match} and ${readable}
        order by r.published_at desc limit 300)`;
  return queryRows<{ slug: string; title: string; type: ResourceType; language: string }>(
    db,
    sql`select c.slug, c.title, c.type, c.language from (
          select distinct on (u.id) u.*,
            cardinality(array(select unnest(u.domain_keys) intersect select unnest(${domains}))) as shared
          from (${candidates(sql`r.domain_keys && ${domains}`)} union all ${candidates(sql`r.type = ${resource.type}`)}) u
          order by u.id) c
        order by c.shared desc, (c.language = ${resource.language}) desc, c.published_at desc
        limit 5`,
  );
}

/**
 * Topics the actor may read (the communities' own rule) whose visible posts link the resource's
 * page. The words of the address narrow the posts through the search index first.
 */
export async function topicsLinking(db: DbOrTx, actor: Actor | null, slug: string) {
  const words = slug.replace(/-/g, " ");
  const like = `%/library/${slug.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return queryRows<{ topicId: string; title: string; communitySlug: string; nameEn: string; nameEs: string }>(
    db,
    sql`select distinct on (t.id) t.id as "topicId", t.title, c.slug as "communitySlug", c.name_en as "nameEn", c.name_es as "nameEs"
        from community_posts p join community_topics t on t.id = p.topic_id join communities c on c.id = t.community_id
        where p.search_vector @@ plainto_tsquery('english', ${words}) and p.body_markdown like ${like}
          and p.status = 'visible' and ${readableTopicCondition(actor)}
        order by t.id limit 10`,
  );
}

export interface VersionRow {
  number: number;
  changeNote: string;
  snapshot: ResourceSnapshot;
  createdAt: Date;
}

export async function versionsOf(db: DbOrTx, resourceId: string): Promise<VersionRow[]> {
  const rows = await queryRows<VersionRow>(
    db,
    sql`select number, change_note as "changeNote", snapshot, created_at as "createdAt"
        from library_resource_versions where resource_id = ${resourceId} order by number desc`,
  );
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }));
}

export interface ReviewRow {
  reviewerName: string;
  decision: ReviewDecision;
  comment: string;
  createdAt: Date;
}

export async function reviewsOf(db: DbOrTx, resourceId: string): Promise<ReviewRow[]> {
  const rows = await queryRows<ReviewRow>(
    db,
    sql`select u.name as "reviewerName", v.decision, v.comment, v.created_at as "createdAt"
        from library_resource_reviews v join users u on u.id = v.reviewer_id
        where v.resource_id = ${resourceId} order by v.created_at, v.id`,
  );
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }));
}

/** Drafts and items in review on the shelves the actor edits (the editors' queue). */
export async function workOnShelves(db: DbOrTx, actor: Actor, nationId: string) {
  const rows = await queryRows<ResourceRow>(
    db,
    sql`select ${COLUMNS} from library_resources r left join communities c on c.id = r.community_id
        where r.status in ('draft', 'in_review') and ${readableResourceCondition(actor, nationId)}
        order by r.updated_at desc limit 200`,
  );
  return rows.map(dates);
}

/** Published resources tagged with a quality domain, for everyone (signed out's view), newest first. */
export async function publicResourcesForDomain(
  db: DbOrTx,
  nationId: string,
  domainKey: string,
  locale: string,
  limit: number,
) {
  return queryRows<{ slug: string; title: string; type: ResourceType; language: string }>(
    db,
    sql`select r.slug, r.title, r.type, r.language from library_resources r
        where r.status = 'published' and ${readableResourceCondition(null, nationId)}
          and ${domainKey}::text = any(r.domain_keys)
        order by (r.language = ${locale}) desc, r.published_at desc limit ${limit}`,
  );
}
