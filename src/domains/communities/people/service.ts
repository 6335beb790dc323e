import { eq, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import { randomToken } from "../../../platform/auth/tokens";
import type { DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import type { Actor } from "../../../platform/policy";
import { memberProfiles } from "../schema";
import { visibleCommunitiesCondition } from "../service";

/** Every person taking part gets a profile with a unique @handle made from their name. */
export async function ensureProfile(db: DbOrTx, userId: string): Promise<string> {
  const [existing] = await db
    .select({ handle: memberProfiles.handle })
    .from(memberProfiles)
    .where(eq(memberProfiles.userId, userId));
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
    const [mine] = await db
      .select({ handle: memberProfiles.handle })
      .from(memberProfiles)
      .where(eq(memberProfiles.userId, userId));
    if (mine) return mine.handle;
  }
  const handle = `${padded}-${randomToken(4)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")}`;
  await db.insert(memberProfiles).values({ userId, handle }).onConflictDoNothing();
  return handle;
}

export interface ProfileView {
  userId: string;
  handle: string;
  name: string;
  stakeholderRole: string;
  /** Null when the person keeps it private (and the viewer is not them or an admin). */
  email: string | null;
  stateCode: string | null;
  organisation: string | null;
  bio: string | null;
  communities: { slug: string; nameEn: string; nameEs: string; role: string }[] | null;
  isSelf: boolean;
}

/**
 * A member's profile as the viewer may see it. Privacy settings hide fields from others;
 * the communities listed are only those the viewer could see anyway.
 */
export async function profileByHandle(
  db: DbOrTx,
  handle: string,
  actor: Actor | null,
): Promise<ProfileView | null> {
  const [row] = await queryRows<{
    userId: string;
    handle: string;
    name: string;
    stakeholderRole: string;
    email: string;
    stateCode: string | null;
    organisation: string | null;
    bio: string | null;
    showEmail: boolean;
    showState: boolean;
    showOrganisation: boolean;
    showCommunities: boolean;
  }>(
    db,
    sql`select p.user_id as "userId", p.handle, u.name, u.stakeholder_role as "stakeholderRole", u.email, u.state_code as "stateCode",
          p.organisation, p.bio, p.show_email as "showEmail", p.show_state as "showState",
          p.show_organisation as "showOrganisation", p.show_communities as "showCommunities"
        from community_profiles p join users u on u.id = p.user_id
        where p.handle = ${handle} and u.disabled_at is null`,
  );
  if (!row) return null;
  const isSelf = actor?.userId === row.userId;
  const sees = (flag: boolean) => flag || isSelf || actor?.systemRole === "admin";
  const communities = sees(row.showCommunities)
    ? await queryRows<{ slug: string; nameEn: string; nameEs: string; role: string }>(
        db,
        sql`select c.slug, c.name_en as "nameEn", c.name_es as "nameEs", m.role
            from community_members m join communities c on c.id = m.community_id
            where m.user_id = ${row.userId} and ${visibleCommunitiesCondition(actor)} order by c.name_en`,
      )
    : null;
  return {
    userId: row.userId,
    handle: row.handle,
    name: row.name,
    stakeholderRole: row.stakeholderRole,
    email: sees(row.showEmail) ? row.email : null,
    stateCode: sees(row.showState) ? row.stateCode : null,
    organisation: sees(row.showOrganisation) ? row.organisation : null,
    bio: row.bio,
    communities,
    isSelf,
  };
}

export interface ProfileInput {
  organisation?: string;
  bio?: string;
  showEmail?: boolean;
  showState?: boolean;
  showOrganisation?: boolean;
  showCommunities?: boolean;
}

/** The person's own profile settings; reading never creates the row (that waits for a save). */
export async function ownProfile(db: DbOrTx, userId: string) {
  const [row] = await db.select().from(memberProfiles).where(eq(memberProfiles.userId, userId));
  return (
    row ?? {
      handle: null,
      organisation: null,
      bio: null,
      showEmail: false,
      showState: true,
      showOrganisation: true,
      showCommunities: true,
    }
  );
}

export async function updateProfile(db: DbOrTx, userId: string, input: ProfileInput) {
  await ensureProfile(db, userId);
  await db
    .update(memberProfiles)
    .set({
      organisation: input.organisation ?? null,
      bio: input.bio ?? null,
      showEmail: input.showEmail ?? false,
      showState: input.showState ?? false,
      showOrganisation: input.showOrganisation ?? false,
      showCommunities: input.showCommunities ?? false,
      updatedAt: new Date(),
    })
    .where(eq(memberProfiles.userId, userId));
}

// --- Reach ---------------------------------------------------------------------------------

export interface Reach {
  total: number;
  byStakeholder: { key: string; n: number }[];
  byState: { key: string | null; n: number }[];
}

/**
 * Distinct people reached, by stakeholder type and by state: one community, or every community
 * the viewer may see. These are the figures the Community of Practice reports to funders.
 */
export async function reach(db: DbOrTx, actor: Actor | null, communityId?: string): Promise<Reach> {
  const scope = communityId ? sql`c.id = ${communityId}` : visibleCommunitiesCondition(actor);
  const people = sql`select distinct u.id, u.stakeholder_role, u.state_code
    from community_members m join communities c on c.id = m.community_id join users u on u.id = m.user_id
    where ${scope} and u.disabled_at is null`;
  const [byStakeholder, byState] = await Promise.all([
    queryRows<{ key: string; n: number }>(
      db,
      sql`select stakeholder_role as key, count(*)::int as n from (${people}) p group by 1 order by n desc, 1`,
    ),
    queryRows<{ key: string | null; n: number }>(
      db,
      sql`select state_code as key, count(*)::int as n from (${people}) p group by 1 order by n desc, 1`,
    ),
  ]);
  return { total: byStakeholder.reduce((s, r) => s + r.n, 0), byStakeholder, byState };
}
