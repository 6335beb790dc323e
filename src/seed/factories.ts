import { eq } from "drizzle-orm";
import { hashPassword } from "../platform/auth/passwords";
import { type StakeholderRole, type SystemRole, users } from "../platform/auth/schema";
import type { DbOrTx } from "../platform/db/client";
import { type OrgKind, organisations } from "../domains/directory/schema";
import { memberships, type TeamRole } from "../domains/teams/schema";

/**
 * Builders for the main entities, used by the demo seed and by tests alike, so demo data and
 * test data never drift apart. Each fills sensible defaults and returns the inserted row.
 */
let counter = 0;
const next = () => ++counter;

// Hashing is deliberately slow; cache one hash per password so seeding many people stays quick.
const hashCache = new Map<string, Promise<string>>();
const cachedHash = (password: string) => {
  if (!hashCache.has(password)) hashCache.set(password, hashPassword(password));
  return hashCache.get(password)!;
};

export const DEFAULT_TEST_PASSWORD = "correct horse battery staple";

export async function buildUser(
  db: DbOrTx,
  overrides: Partial<{
    email: string;
    name: string;
    password: string;
    stateCode: string;
    stakeholderRole: StakeholderRole;
    systemRole: SystemRole;
    verified: boolean;
    isDemo: boolean;
    locale: string;
  }> = {},
) {
  const n = next();
  const [user] = await db
    .insert(users)
    .values({
      email: overrides.email ?? `person${n}-${Date.now().toString(36)}@example.org`,
      name: overrides.name ?? `Test Person ${n}`,
      passwordHash: await cachedHash(overrides.password ?? DEFAULT_TEST_PASSWORD),
      stateCode: overrides.stateCode ?? "MD",
      stakeholderRole: overrides.stakeholderRole ?? "educator",
      systemRole: overrides.systemRole ?? "user",
      emailVerifiedAt: overrides.verified === false ? null : new Date(),
      isDemo: overrides.isDemo ?? false,
      locale: overrides.locale ?? "en",
    })
    .returning();
  return user!;
}

export async function findOrganisationByStateCode(db: DbOrTx, code: string) {
  const rows = await db.select().from(organisations).where(eq(organisations.stateCode, code));
  return rows.find((r) => r.kind === "state")!;
}

export async function buildOrganisation(
  db: DbOrTx,
  overrides: Partial<typeof organisations.$inferInsert> & {
    kind: OrgKind;
    parent?: { id: string; ancestorIds: string[] };
  },
) {
  const n = next();
  const { parent, ...rest } = overrides;
  const [org] = await db
    .insert(organisations)
    .values({
      name: `Test ${overrides.kind} ${n}`,
      ...rest,
      parentId: parent?.id ?? rest.parentId ?? null,
      ancestorIds: parent ? [...parent.ancestorIds, parent.id] : (rest.ancestorIds ?? []),
    })
    .returning();
  return org!;
}

/** A district with one or more schools under a state (by USPS code). */
export async function buildDistrictWithSchools(db: DbOrTx, stateCode: string, schoolCount = 2) {
  const state = await findOrganisationByStateCode(db, stateCode);
  const n = next();
  const district = await buildOrganisation(db, {
    kind: "district",
    parent: state,
    stateCode,
    name: `Test District ${n}`,
    ncesId: `${state.ncesId}${String(10000 + n).slice(-5)}`,
  });
  const schools = [];
  for (let i = 0; i < schoolCount; i++) {
    schools.push(
      await buildOrganisation(db, {
        kind: "school",
        parent: district,
        stateCode,
        name: `Test School ${n}-${i + 1}`,
        ncesId: `${district.ncesId}${String(10000 + n * 10 + i).slice(-5)}`,
        city: "Testville",
        enrollment: 500,
      }),
    );
  }
  return { state, district, schools };
}

export async function addMembership(
  db: DbOrTx,
  userId: string,
  organisationId: string,
  role: TeamRole = "member",
) {
  const [m] = await db.insert(memberships).values({ userId, organisationId, role }).returning();
  return m!;
}
