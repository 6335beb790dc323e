import { and, eq, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit";
import type { Db, DbOrTx } from "../../platform/db/client";
import { queryRows } from "../../platform/db/client";
import { conflict, forbidden, notFound } from "../../platform/http/problem";
import {
  type Actor,
  type CommunityResource,
  can,
  communityReadSql,
  type SqlActor,
} from "../../platform/policy";
import { communities, communityMembers, type CommunityRole } from "./schema";

export type Community = typeof communities.$inferSelect;

/** A community as one person sees it: the row, their role in it, and the policy resource. */
export interface CommunityForViewer {
  community: Community;
  role: CommunityRole | null;
  resource: CommunityResource;
}

export function communityName(c: Pick<Community, "nameEn" | "nameEs">, locale: string) {
  return locale === "es" ? c.nameEs : c.nameEn;
}
export function communityPurpose(c: Pick<Community, "purposeEn" | "purposeEs">, locale: string) {
  return locale === "es" ? c.purposeEs : c.purposeEn;
}

export function resourceFor(community: Community, role: CommunityRole | null): CommunityResource {
  return { id: community.id, ancestorIds: [], visibility: community.visibility, viewerRole: role };
}

/** Anyone may read a public community; a private one only its members (and national admins). */
export function canRead(actor: Actor | null, c: CommunityForViewer): boolean {
  return can(actor, "community.read", c.resource);
}

export async function roleOf(
  db: DbOrTx,
  communityId: string,
  userId: string | undefined,
): Promise<CommunityRole | null> {
  if (!userId) return null;
  const [m] = await db
    .select({ role: communityMembers.role })
    .from(communityMembers)
    .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)));
  return m?.role ?? null;
}

async function withViewer(db: DbOrTx, community: Community | undefined, actor: Actor | null) {
  if (!community) return null;
  const role = await roleOf(db, community.id, actor?.userId);
  const view: CommunityForViewer = { community, role, resource: resourceFor(community, role) };
  return canRead(actor, view) ? view : null;
}

/** The community with this slug if the actor may see it; a private one is "not found" to others. */
export async function findVisibleCommunity(db: DbOrTx, slug: string, actor: Actor | null) {
  const [community] = await db.select().from(communities).where(eq(communities.slug, slug));
  return withViewer(db, community, actor);
}

export async function findVisibleCommunityById(db: DbOrTx, id: string, actor: Actor | null) {
  const [community] = await db.select().from(communities).where(eq(communities.id, id));
  return withViewer(db, community, actor);
}

export async function requireVisibleCommunity(db: DbOrTx, slug: string, actor: Actor | null) {
  const found = await findVisibleCommunity(db, slug, actor);
  if (!found) throw notFound();
  return found;
}

/**
 * The policy's `community.read` on the community a query names by `id` and `visibility`, for
 * `actor`: a known actor, nobody (signed out), or a person given by columns of the query
 * (`userId` and `systemRole`, e.g. a notification's recipient, checked when it is sent).
 */
export function communityReadableBy(
  actor: Actor | null | { userId: SQLWrapper; systemRole: SQLWrapper },
  community: { id: SQLWrapper; visibility: SQLWrapper },
): SQL {
  const userId = actor && "memberships" in actor ? sql`${actor.userId}::uuid` : actor?.userId;
  const viewerRole = userId
    ? sql`(select vm.role from community_members vm where vm.community_id = ${community.id} and vm.user_id = ${userId})`
    : sql`null::text`;
  const policyActor: SqlActor = actor && !("memberships" in actor) ? { systemRole: actor.systemRole } : actor;
  return communityReadSql(policyActor, { visibility: community.visibility, viewerRole });
}

/** SQL condition on alias `c` (communities): what the actor may see (the policy's `community.read`). */
export function visibleCommunitiesCondition(actor: Actor | null) {
  return communityReadableBy(actor, { id: sql`c.id`, visibility: sql`c.visibility` });
}

/**
 * SQL condition on alias `t` (community_topics): a visible topic whose community — where it is
 * now, after any move — the actor may read. Every list that shows topics filters with this.
 */
export function readableTopicCondition(actor: Actor | null) {
  return sql`(t.status = 'visible' and exists (select 1 from communities tc where tc.id = t.community_id
    and ${communityReadableBy(actor, { id: sql`tc.id`, visibility: sql`tc.visibility` })}))`;
}

export interface CommunityFilters {
  kind?: string;
  level?: string;
  state?: string;
  topic?: string;
  q?: string;
}

export interface CommunityListItem {
  id: string;
  slug: string;
  kind: Community["kind"];
  level: Community["level"];
  stateCode: string | null;
  nameEn: string;
  nameEs: string;
  purposeEn: string;
  purposeEs: string;
  visibility: Community["visibility"];
  joinPolicy: Community["joinPolicy"];
  topics: string[];
  memberCount: number;
  viewerRole: CommunityRole | null;
}

/** Slugs and names of the communities the actor may read, for a "which community" select. */
export async function communityChoicesFor(db: DbOrTx, actor: Actor | null, limit = 500) {
  return queryRows<{ slug: string; nameEn: string; nameEs: string }>(
    db,
    sql`select c.slug, c.name_en as "nameEn", c.name_es as "nameEs" from communities c
        where ${visibleCommunitiesCondition(actor)}
        order by (c.kind = 'practice_group') desc, c.name_en limit ${limit}`,
  );
}

export async function listCommunities(
  db: DbOrTx,
  actor: Actor | null,
  filters: CommunityFilters,
  page = 1,
  perPage = 50,
): Promise<{ items: CommunityListItem[]; total: number }> {
  const conditions = [visibleCommunitiesCondition(actor)];
  if (filters.kind) conditions.push(sql`c.kind = ${filters.kind}`);
  if (filters.level) conditions.push(sql`c.level = ${filters.level}`);
  if (filters.state) conditions.push(sql`c.state_code = ${filters.state}`);
  if (filters.topic) conditions.push(sql`${filters.topic} = any(c.topics)`);
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conditions.push(sql`(c.name_en ilike ${like} or c.name_es ilike ${like})`);
  }
  const where = sql.join(conditions, sql` and `);
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from communities c where ${where}`,
  );
  const viewerId = actor?.userId ?? null;
  const items = await queryRows<CommunityListItem>(
    db,
    sql`select c.id, c.slug, c.kind, c.level, c.state_code as "stateCode", c.name_en as "nameEn", c.name_es as "nameEs",
          c.purpose_en as "purposeEn", c.purpose_es as "purposeEs", c.visibility, c.join_policy as "joinPolicy", c.topics,
          (select count(*)::int from community_members m where m.community_id = c.id) as "memberCount",
          (select m.role from community_members m where m.community_id = c.id and m.user_id = ${viewerId}) as "viewerRole"
        from communities c where ${where}
        order by (c.kind = 'practice_group') desc, c.name_en
        limit ${perPage} offset ${(page - 1) * perPage}`,
  );
  return { items, total: count?.n ?? 0 };
}

export interface PersonSummary {
  id: string;
  name: string;
  handle: string | null;
  stakeholderRole: string;
}

export async function leadsOf(db: DbOrTx, communityId: string): Promise<PersonSummary[]> {
  return queryRows<PersonSummary>(
    db,
    sql`select u.id, u.name, p.handle, u.stakeholder_role as "stakeholderRole"
        from community_members m join users u on u.id = m.user_id
        left join community_profiles p on p.user_id = u.id
        where m.community_id = ${communityId} and m.role = 'lead' order by u.name`,
  );
}

export async function memberCountsByStakeholder(db: DbOrTx, communityId: string) {
  return queryRows<{ stakeholderRole: string; n: number }>(
    db,
    sql`select u.stakeholder_role as "stakeholderRole", count(*)::int as n
        from community_members m join users u on u.id = m.user_id
        where m.community_id = ${communityId} group by u.stakeholder_role order by n desc, 1`,
  );
}

export interface NewCommunityInput {
  slug: string;
  kind: Community["kind"];
  level: Community["level"];
  stateCode?: string | null;
  nameEn: string;
  nameEs: string;
  purposeEn: string;
  purposeEs: string;
  visibility?: Community["visibility"];
  joinPolicy?: Community["joinPolicy"];
  topics?: Community["topics"];
}

/** Addresses under /communities/ that are pages, not communities. */
const RESERVED_SLUGS = new Set(["search", "reach", "calendar", "posts", "invitations", "unsubscribe", "new"]);

export async function createCommunity(db: Db, actor: Actor, input: NewCommunityInput) {
  if (!can(actor, "community.create")) throw forbidden();
  if (RESERVED_SLUGS.has(input.slug)) throw conflict("This address is reserved.");
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: communities.id })
      .from(communities)
      .where(eq(communities.slug, input.slug));
    if (existing) throw conflict("A community with this address already exists.");
    const [row] = await tx.insert(communities).values(input).returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "community.create",
      entityType: "community",
      entityId: row!.id,
      after: input,
    });
    return row!;
  });
}

/** Markdown as discussions render it (sanitised): other domains' text (the library's) uses the same. */
export { renderMarkdown } from "./discussions/markdown";
