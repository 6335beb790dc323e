/**
 * Every access decision in SMH Commons is made here. Routes ask `can(actor, action, resource)`
 * and never look at roles themselves. The rules are pure functions of the actor and the
 * resource, so they are tested exhaustively without a database.
 */
export type TeamRole = "member" | "lead";
export type SystemRole = "user" | "admin" | "researcher";

export interface Actor {
  userId: string;
  systemRole: SystemRole;
  emailVerified: boolean;
  /** The teams the person is on. */
  memberships: { organisationId: string; role: TeamRole }[];
}

/** A scope (nation, state, district, school, partner): itself and the ids above it. */
export interface ScopeResource {
  id: string;
  ancestorIds: string[];
}

export type Action =
  /** See a scope's private data (team, its measures): its own team and the levels above. */
  | "scope.readPrivate"
  /** Change a scope's private data: its own team only (and admins). */
  | "scope.writePrivate"
  /** Invite, approve, remove and change roles: the scope's leads (and admins). */
  | "scope.manageTeam"
  /** Ask to join a scope's team: any signed-in person with a verified email. */
  | "scope.requestJoin"
  /** Platform administration: users, organisations, imports, outbox, audit log. */
  | "admin.manage"
  /** Read suppressed, de-identified aggregates for research. */
  | "research.read";

export type Resource = ScopeResource | null;

const roleIn = (actor: Actor, scopeId: string) => actor.memberships.find((m) => m.organisationId === scopeId)?.role;

const rules: Record<Action, (actor: Actor, resource: Resource) => boolean> = {
  "scope.readPrivate": (actor, r) =>
    !!r && (roleIn(actor, r.id) !== undefined || r.ancestorIds.some((id) => roleIn(actor, id) !== undefined)),
  "scope.writePrivate": (actor, r) => !!r && roleIn(actor, r.id) !== undefined,
  "scope.manageTeam": (actor, r) => !!r && roleIn(actor, r.id) === "lead",
  "scope.requestJoin": (actor, r) => !!r && actor.emailVerified && roleIn(actor, r.id) === undefined,
  "admin.manage": () => false,
  "research.read": (actor) => actor.systemRole === "researcher",
};

export function can(actor: Actor | null, action: Action, resource: Resource = null): boolean {
  if (!actor) return false;
  // National admins see and manage everything, but joining a team is still a personal act.
  if (actor.systemRole === "admin" && action !== "scope.requestJoin") return true;
  return rules[action](actor, resource);
}
