import { and, eq, isNull } from "drizzle-orm";
import { users } from "../../platform/auth/schema";
import type { DbOrTx } from "../../platform/db/client";
import type { Actor } from "../../platform/policy";
import { organisations } from "../directory/schema";
import { memberships } from "./schema";

// The teams domain's operations: the module routes and other domains import. Reads of who a
// person is and which teams they are on live here; each kind of change has its own file.
export * from "./invitations";
export * from "./join-requests";
export * from "./members";
export { type TeamContext, TeamError, type TeamErrorCode } from "./team-rules";

/**
 * The signed-in person as the policy module sees them: system role and every team they are on.
 * A disabled account is nobody (its sessions and tokens already stop working; this holds even
 * for a viewer found a moment before the account was disabled).
 */
export async function loadActor(db: DbOrTx, userId: string): Promise<Actor | null> {
  const [user] = await db
    .select({ id: users.id, systemRole: users.systemRole, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)));
  if (!user) return null;
  const teams = await db
    .select({ organisationId: memberships.organisationId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, userId));
  return {
    userId: user.id,
    systemRole: user.systemRole,
    emailVerified: !!user.emailVerifiedAt,
    memberships: teams,
  };
}

export interface MembershipSummary {
  membershipId: string;
  organisationId: string;
  organisationName: string;
  organisationKind: string;
  stateCode: string | null;
  role: "member" | "lead";
  since: Date;
}

/** Every team a person is on, for the account page and the API. */
export async function listMembershipsOf(db: DbOrTx, userId: string): Promise<MembershipSummary[]> {
  return db
    .select({
      membershipId: memberships.id,
      organisationId: memberships.organisationId,
      organisationName: organisations.name,
      organisationKind: organisations.kind,
      stateCode: organisations.stateCode,
      role: memberships.role,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(organisations.name);
}
