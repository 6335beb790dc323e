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
  /** Ask to join a scope's team: any signed-in person with a verified email who is not on it yet. */
  | "scope.requestJoin"
  /** Leave a scope's team: anyone on it. */
  | "scope.leaveTeam"
  /**
   * Leave a team without any lead (demote, remove or let go of its last lead). Only national
   * admins may: a team with no lead has nobody to approve newcomers.
   */
  | "scope.leaveLeaderless"
  /** Platform administration: users, organisations, imports, outbox, audit log. */
  | "admin.manage"
  /** Read suppressed, de-identified aggregates for research. */
  | "research.read"
  /** Communities: read a private community (its members; public ones are open to all). */
  | "community.read"
  /** Communities: start topics, reply, like, RSVP: the community's members. */
  | "community.post"
  /** Communities: join (open) or ask to join (by request): signed-in non-members with a verified email. */
  | "community.join"
  /** Communities: pin, close, move, moderate, approve, invite, schedule, keep the agenda: its leads. */
  | "community.lead"
  /** Communities: create a community: national admins only. */
  | "community.create"
  /** Measures: read a school's or district's profile, assessments and reports: its team and the levels above. */
  | "measures.read"
  /** Measures: answer and submit its profile and assessments: its own team only (not admins, not levels above). */
  | "measures.write"
  /** Measures: the national view (resource: the nation): national staff on the nation's team, and admins. */
  | "measures.viewNational"
  /** Measures: bulk-import school profiles for a state (resource: the state): the state team's leads, and admins. */
  | "measures.importProfiles";

export type Resource = ScopeResource | null;

/**
 * A community as a resource: `id` is the community's id, with no scopes above it, and
 * `viewerRole` is the actor's own role in it (loaded by the communities domain).
 */
export interface CommunityResource extends ScopeResource {
  visibility: "public" | "private";
  viewerRole: "member" | "lead" | null;
}
const asCommunity = (r: Resource): CommunityResource | null => (r && "viewerRole" in r ? (r as CommunityResource) : null);

/** The actor's role on exactly this scope (not inherited from above). */
export const roleIn = (actor: Actor, scopeId: string): TeamRole | undefined =>
  actor.memberships.find((m) => m.organisationId === scopeId)?.role;

const onTeamOf = (actor: Actor, r: ScopeResource) => roleIn(actor, r.id) !== undefined;
const aboveScope = (actor: Actor, r: ScopeResource) => r.ancestorIds.some((id) => roleIn(actor, id) !== undefined);

const rules: Record<Action, (actor: Actor, resource: Resource) => boolean> = {
  "scope.readPrivate": (actor, r) => !!r && (onTeamOf(actor, r) || aboveScope(actor, r)),
  // Levels above read a school's data but only its own team changes it.
  "scope.writePrivate": (actor, r) => !!r && onTeamOf(actor, r),
  "scope.manageTeam": (actor, r) => !!r && roleIn(actor, r.id) === "lead",
  "scope.requestJoin": (actor, r) => !!r && actor.emailVerified && !onTeamOf(actor, r),
  "scope.leaveTeam": (actor, r) => !!r && onTeamOf(actor, r),
  "scope.leaveLeaderless": () => false,
  "admin.manage": () => false,
  "research.read": (actor) => actor.systemRole === "researcher",
  "community.read": (_actor, r) => {
    const c = asCommunity(r);
    return !!c && (c.visibility === "public" || c.viewerRole !== null);
  },
  "community.post": (_actor, r) => !!asCommunity(r)?.viewerRole,
  "community.join": (actor, r) => {
    const c = asCommunity(r);
    return !!c && actor.emailVerified && c.viewerRole === null && c.visibility === "public";
  },
  "community.lead": (_actor, r) => asCommunity(r)?.viewerRole === "lead",
  "community.create": () => false,
  "measures.read": (actor, r) => !!r && (onTeamOf(actor, r) || aboveScope(actor, r)),
  "measures.write": (actor, r) => !!r && onTeamOf(actor, r),
  "measures.viewNational": (actor, r) => !!r && onTeamOf(actor, r),
  "measures.importProfiles": (actor, r) => !!r && roleIn(actor, r.id) === "lead",
};

/** Acts that are personal: an admin's blanket power does not do them on someone's behalf. */
const PERSONAL_ACTIONS: ReadonlySet<Action> = new Set(["scope.requestJoin", "scope.leaveTeam", "measures.write"]);

/** What a signed-out visitor may do: read what is public, nothing else. */
const signedOutRules: Partial<Record<Action, (resource: Resource) => boolean>> = {
  "community.read": (r) => asCommunity(r)?.visibility === "public",
};

export function can(actor: Actor | null, action: Action, resource: Resource = null): boolean {
  if (!actor) return signedOutRules[action]?.(resource) ?? false;
  // National admins see and manage everything, but joining or leaving a team is still a personal act.
  if (actor.systemRole === "admin" && !PERSONAL_ACTIONS.has(action)) return true;
  return rules[action](actor, resource);
}
