import { and, asc, eq, sql } from "drizzle-orm";
import { users } from "../../platform/auth/schema";
import { randomToken, sha256 } from "../../platform/auth/tokens";
import { recordAudit } from "../../platform/audit";
import type { Db, DbOrTx } from "../../platform/db/client";
import { queryRows } from "../../platform/db/client";
import { queueEmail } from "../../platform/email";
import { conflict, forbidden, notFound } from "../../platform/http/problem";
import { type Actor, type CommunityResource, can } from "../../platform/policy";
import {
  communities,
  communityInvitations,
  communityJoinRequests,
  communityMembers,
  type CommunityRole,
  memberProfiles,
  type WatchLevel,
} from "./schema";

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
  return c.community.visibility === "public" || can(actor, "community.read", c.resource);
}

export async function roleOf(db: DbOrTx, communityId: string, userId: string | undefined): Promise<CommunityRole | null> {
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

/** SQL condition on alias `c` (communities): what the actor may see. */
export function visibleCommunitiesCondition(actor: Actor | null) {
  if (actor?.systemRole === "admin") return sql`true`;
  if (!actor) return sql`c.visibility = 'public'`;
  return sql`(c.visibility = 'public' or exists (select 1 from community_members vm where vm.community_id = c.id and vm.user_id = ${actor.userId}))`;
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
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from communities c where ${where}`);
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

/** Every person taking part gets a profile with a unique @handle made from their name. */
export async function ensureProfile(db: DbOrTx, userId: string): Promise<string> {
  const [existing] = await db.select({ handle: memberProfiles.handle }).from(memberProfiles).where(eq(memberProfiles.userId, userId));
  if (existing) return existing.handle;
  const [user] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  const base =
    (user?.name ?? "member")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 30) || "member";
  const padded = base.length < 3 ? `${base}-member` : base;
  for (let attempt = 0; attempt < 20; attempt++) {
    const handle = attempt === 0 ? padded : `${padded}-${attempt + 1}`;
    const inserted = await db
      .insert(memberProfiles)
      .values({ userId, handle })
      .onConflictDoNothing()
      .returning({ handle: memberProfiles.handle });
    if (inserted[0]) return inserted[0].handle;
    const [mine] = await db.select({ handle: memberProfiles.handle }).from(memberProfiles).where(eq(memberProfiles.userId, userId));
    if (mine) return mine.handle;
  }
  const handle = `${padded}-${randomToken(4).toLowerCase().replace(/[^a-z0-9]/g, "")}`;
  await db.insert(memberProfiles).values({ userId, handle }).onConflictDoNothing();
  return handle;
}

export async function addMember(db: DbOrTx, communityId: string, userId: string, role: CommunityRole = "member") {
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
  if (!can(actor, "community.join", view.resource) || view.community.joinPolicy === "invite") throw forbidden();
  const c = view.community;
  return db.transaction(async (tx) => {
    if (c.joinPolicy === "open") {
      await addMember(tx, c.id, actor.userId);
      await recordAudit(tx, { actorId: actor.userId, action: "community.join", entityType: "community", entityId: c.id });
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
    if (!pending) await tx.insert(communityJoinRequests).values({ communityId: c.id, userId: actor.userId, message: message ?? null });
    return "requested" as const;
  });
}

export async function leaveCommunity(db: Db, actor: Actor, view: CommunityForViewer) {
  if (!view.role) return;
  await db.transaction(async (tx) => {
    await tx
      .delete(communityMembers)
      .where(and(eq(communityMembers.communityId, view.community.id), eq(communityMembers.userId, actor.userId)));
    await recordAudit(tx, { actorId: actor.userId, action: "community.leave", entityType: "community", entityId: view.community.id });
  });
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
    .where(and(eq(communityJoinRequests.communityId, communityId), eq(communityJoinRequests.status, "pending")))
    .orderBy(asc(communityJoinRequests.createdAt));
}

export async function decideJoinRequest(db: Db, actor: Actor, view: CommunityForViewer, requestId: string, approve: boolean) {
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

const INVITATION_DAYS = 14;

export async function inviteByEmail(
  db: Db,
  actor: Actor,
  view: CommunityForViewer,
  input: { email: string; role: CommunityRole },
  publicUrl: string,
) {
  if (!can(actor, "community.lead", view.resource)) throw forbidden();
  const token = randomToken();
  const email = input.email.trim().toLowerCase();
  await db.transaction(async (tx) => {
    const [invitation] = await tx
      .insert(communityInvitations)
      .values({
        communityId: view.community.id,
        email,
        role: input.role,
        tokenHash: sha256(token),
        invitedBy: actor.userId,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 86400_000),
      })
      .returning({ id: communityInvitations.id });
    const link = `${publicUrl}/communities/invitations/${token}`;
    const c = view.community;
    await queueEmail(tx, {
      to: email,
      subject: `Invitation to ${c.nameEn} | Invitación a ${c.nameEs}`,
      text: `You are invited to join "${c.nameEn}" on SMH Commons${input.role === "lead" ? " as a lead" : ""}.\nAccept within ${INVITATION_DAYS} days: ${link}\n\nLe invitan a unirse a "${c.nameEs}" en SMH Commons.\nAcepte en ${INVITATION_DAYS} días: ${link}\n`,
    });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "community.invite",
      entityType: "community_invitation",
      entityId: invitation!.id,
      after: { email, role: input.role, communityId: c.id },
    });
  });
  return token;
}

export async function findInvitation(db: DbOrTx, token: string) {
  const [row] = await db
    .select({ invitation: communityInvitations, community: communities })
    .from(communityInvitations)
    .innerJoin(communities, eq(communities.id, communityInvitations.communityId))
    .where(eq(communityInvitations.tokenHash, sha256(token)));
  if (row?.invitation.status !== "pending" || row.invitation.expiresAt < new Date()) return null;
  return row;
}

export async function acceptInvitation(db: Db, actor: Actor, token: string) {
  return db.transaction(async (tx) => {
    const row = await findInvitation(tx, token);
    if (!row) throw notFound("This invitation is no longer valid.");
    const updated = await tx
      .update(communityInvitations)
      .set({ status: "accepted", acceptedBy: actor.userId })
      .where(and(eq(communityInvitations.id, row.invitation.id), eq(communityInvitations.status, "pending")))
      .returning({ id: communityInvitations.id });
    if (updated.length === 0) throw conflict("This invitation was already used.");
    await addMember(tx, row.community.id, actor.userId, row.invitation.role);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "community.invitation.accept",
      entityType: "community",
      entityId: row.community.id,
      after: { role: row.invitation.role },
    });
    return row.community;
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
    const [existing] = await tx.select({ id: communities.id }).from(communities).where(eq(communities.slug, input.slug));
    if (existing) throw conflict("A community with this address already exists.");
    const [row] = await tx.insert(communities).values(input).returning();
    await recordAudit(tx, { actorId: actor.userId, action: "community.create", entityType: "community", entityId: row!.id, after: input });
    return row!;
  });
}
