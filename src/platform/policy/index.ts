import { type SQL, type SQLWrapper, sql } from "drizzle-orm";

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
  /** Take someone off a scope's team (resource: their membership): its leads (and admins), or the person themself. */
  | "scope.removeMember"
  /**
   * Leave a team without any lead (demote, remove or let go of its last lead). Only national
   * admins may: a team with no lead has nobody to approve newcomers.
   */
  | "scope.leaveLeaderless"
  /** Platform administration: users, organisations, imports, outbox, audit log. */
  | "admin.manage"
  /** Read suppressed, de-identified aggregates for research. */
  | "research.read"
  /** See a research access application (resource: the application): its applicant (and admins). */
  | "research.readApplication"
  /**
   * Download de-identified school-level files under a research application (resource: the
   * application): its applicant only, while it is approved and not past its last day. Personal:
   * access is granted to a person, so not even an admin downloads under someone else's approval.
   */
  | "research.download"
  /** Communities: read a private community (its members; public ones are open to all). */
  | "community.read"
  /** Communities: start topics, reply, like, RSVP: the community's members. */
  | "community.post"
  /** Communities: join (open) or ask to join (by request): signed-in non-members with a verified email. */
  | "community.join"
  /** Communities: pin, close, move, moderate, approve, invite, schedule, keep the agenda: its leads. */
  | "community.lead"
  /** Communities: leave, or choose how much to hear from it (one's own membership): its members. */
  | "community.membership"
  /** Communities: follow or mute a topic, report a post to the leads: signed-in people who may read it. */
  | "community.react"
  /** Communities: create a community: national admins only. */
  | "community.create"
  /** Communities: edit a post (resource: the post): its author, or the community's leads. */
  | "post.edit"
  /** Communities: approve, hide or restore a post (resource: the post): the community's leads. */
  | "post.moderate"
  /** Measures: read a school's or district's profile, assessments and reports: its team and the levels above. */
  | "measures.read"
  /** Measures: answer and submit its profile and assessments: its own team only (not admins, not levels above). */
  | "measures.write"
  /** Measures: the national view (resource: the nation): national staff on the nation's team, and admins. */
  | "measures.viewNational"
  /** Measures: bulk-import school profiles for a state (resource: the state): the state team's leads, and admins. */
  | "measures.importProfiles"
  /**
   * Improvement: read a team's plans, driver diagrams, PDSA cycles, measures and charts, and its
   * technical-assistance episodes (resource: the team's scope): its team and the levels above.
   */
  | "improvement.read"
  /** Improvement: write them (resource: the team's scope): its own team only, not even an admin. */
  | "improvement.write"
  /**
   * Technical assistance: triage a state's requests and assign providers (resource: the state's
   * scope): the leads of the state's team and of the nation's team (its TA coordinators), and admins.
   */
  | "assistance.coordinate"
  /**
   * Technical assistance: log contacts, set objectives and close an episode (resource: the
   * episode): its assigned provider while still on the state's or the nation's team, the state's
   * TA coordinators, and admins.
   */
  | "assistance.provide"
  /**
   * Improvement networks: see a network's dashboard, shared measures, teams' charts and change
   * package (resource: the network): its community's members and leads and the people on its
   * member teams; nobody outside it, even if the community itself is public.
   */
  | "network.read"
  /** Improvement networks: define shared measures, invite teams, choose naming, see late teams: its leads. */
  | "network.lead"
  /**
   * Library: read a resource (resource: the item): anyone, signed out included, when it is
   * published or archived and not community-only; community-only items only the community's
   * members; drafts and items in review only the editors of its shelf.
   */
  | "library.read"
  /**
   * Library: write, review, publish, version and archive on a shelf (resource: the shelf or an
   * item on it): a community's shelf by its leads, the national shelf (and the screening
   * catalogue) by the leads of the nation's team, and admins.
   */
  | "library.edit"
  /**
   * Announcements: write and send to an audience (resource: the sender's scope or community):
   * the leads of the nation's or a state's team for theirs and below, a community's leads for it.
   */
  | "announcement.send"
  /**
   * Reach: see a reach dashboard and COUNTER reports (resource: a scope or a practice group):
   * a state's or the nation's team and the levels above for a scope; a community's leads for it.
   */
  | "reach.read"
  /**
   * Events: see an event, its call for proposals, program and public pages (resource: the event):
   * anyone, signed out included, once it is published (or cancelled, to say so); a draft only its
   * organisers.
   */
  | "event.read"
  /**
   * Events: create and run events — the call, reviewers and decisions, the program, registrations,
   * check-in and attendance, results, certificates and reports (resource: the event, or the nation
   * or a state to create one there): the team of the organising scope and the teams above it.
   */
  | "event.organise"
  /**
   * Events: take part — propose, register, keep an agenda, record one's attendance by session code,
   * evaluate, download one's certificates (resource: the event): signed-in people with a verified
   * email, while the event is published. Personal: nobody does it on someone else's behalf.
   */
  | "event.attend"
  /**
   * Events: review a proposal (resource: the proposal): the reviewers assigned to it, who see it
   * blind (no presenter names or organisations). Personal.
   */
  | "proposal.review"
  /** Events: see, change, withdraw or confirm one's own proposal (resource: the proposal): its submitter and its presenters with accounts. Personal. */
  | "proposal.own"
  /**
   * Events: see a session's evaluation results, aggregated with comments anonymous (resource: the
   * session): the event's organisers and the session's presenters.
   */
  | "session.results";

export type Resource = ScopeResource | null;

/**
 * A community as a resource: `id` is the community's id, with no scopes above it, and
 * `viewerRole` is the actor's own role in it (loaded by the communities domain).
 */
export interface CommunityResource extends ScopeResource {
  visibility: "public" | "private";
  viewerRole: "member" | "lead" | null;
}
const asCommunity = (r: Resource): CommunityResource | null =>
  r && "viewerRole" in r ? (r as CommunityResource) : null;

/** A membership of a scope's team as a resource: the scope (its id and the ids above) and whose membership it is. */
export interface MembershipResource extends ScopeResource {
  memberUserId: string;
}
const asMembership = (r: Resource): MembershipResource | null =>
  r && "memberUserId" in r ? (r as MembershipResource) : null;

/** A post in a community as a resource: `id` is the post's id; `community` is its community as the actor sees it. */
export interface PostResource extends ScopeResource {
  authorId: string;
  community: CommunityResource;
}
const asPost = (r: Resource): PostResource | null =>
  r && "authorId" in r && "community" in r ? (r as PostResource) : null;

/** An improvement network as a resource: `id` is its community's id; the actor's place in it. */
export interface NetworkResource extends ScopeResource {
  networkRole: "member" | "lead" | null;
  /** The actor is on one of the network's (accepted) member teams. */
  onMemberTeam: boolean;
}
const asNetwork = (r: Resource): NetworkResource | null =>
  r && "networkRole" in r ? (r as NetworkResource) : null;

/** A research access application as a resource: `id` is the application's id, with no scopes above it. */
export interface ResearchApplicationResource extends ScopeResource {
  applicantId: string;
  status: "pending" | "approved" | "declined";
  /** Last day of access (YYYY-MM-DD, UTC), when approved. */
  expiresOn: string | null;
}
/** A technical-assistance episode as a resource: `id` is the episode's id; `state` is the scope its coordinators lead. */
export interface AssistanceEpisodeResource extends ScopeResource {
  providerId: string | null;
  state: ScopeResource;
}
const asAssistanceEpisode = (r: Resource): AssistanceEpisodeResource | null =>
  r && "providerId" in r && "state" in r ? (r as AssistanceEpisodeResource) : null;

/**
 * A library shelf (resource of `library.edit`): the national shelf (`id` is the nation's id) or
 * a community's (`community` is the community as the actor sees it).
 */
export interface LibraryShelfResource extends ScopeResource {
  community: CommunityResource | null;
}
const asLibraryShelf = (r: Resource): LibraryShelfResource | null =>
  r && "community" in r && !("authorId" in r) ? (r as LibraryShelfResource) : null;

/** A library item (resource of `library.read`): its shelf, where it is in the workflow, who may see it. */
export interface LibraryItemResource extends LibraryShelfResource {
  status: "draft" | "in_review" | "published" | "archived";
  communityOnly: boolean;
}
const asLibraryItem = (r: Resource): LibraryItemResource | null =>
  asLibraryShelf(r) && "communityOnly" in (r as object) ? (r as LibraryItemResource) : null;
const libraryItemOut = (item: LibraryItemResource) =>
  item.status === "published" || item.status === "archived";

/** An event as a resource: `id` is the event's id; `organiser` is the scope that runs it (the nation or a state). */
export interface EventResource extends ScopeResource {
  organiser: ScopeResource;
  status: "draft" | "published" | "cancelled";
}
const asEvent = (r: Resource): EventResource | null =>
  r && "organiser" in r && "status" in r ? (r as EventResource) : null;
const eventOut = (event: EventResource) => event.status !== "draft";

/** A proposal to an event's call as a resource: `id` is the proposal's id; the actor's part in it. */
export interface ProposalResource extends ScopeResource {
  event: EventResource;
  /** The actor is one of its assigned reviewers. */
  assignedReviewer: boolean;
  /** The actor submitted it or is one of its presenters. */
  ownProposal: boolean;
}
const asProposal = (r: Resource): ProposalResource | null =>
  r && "event" in r && "assignedReviewer" in r ? (r as ProposalResource) : null;

/** A session of an event's program as a resource: `id` is the session's id; whether the actor presents it. */
export interface EventSessionResource extends ScopeResource {
  event: EventResource;
  presenter: boolean;
}
const asEventSession = (r: Resource): EventSessionResource | null =>
  r && "event" in r && "presenter" in r ? (r as EventSessionResource) : null;

const asResearchApplication = (r: Resource): ResearchApplicationResource | null =>
  r && "applicantId" in r ? (r as ResearchApplicationResource) : null;

/** Approved access lasts through its last day (UTC) and ends when the next day begins. */
export function researchAccessOpen(
  application: Pick<ResearchApplicationResource, "status" | "expiresOn">,
  now = new Date(),
): boolean {
  return (
    application.status === "approved" &&
    !!application.expiresOn &&
    now.toISOString().slice(0, 10) <= application.expiresOn
  );
}

/** The actor's role on exactly this scope (not inherited from above). */
export const roleIn = (actor: Actor, scopeId: string): TeamRole | undefined =>
  actor.memberships.find((m) => m.organisationId === scopeId)?.role;

const onTeamOf = (actor: Actor, r: ScopeResource) => roleIn(actor, r.id) !== undefined;
const aboveScope = (actor: Actor, r: ScopeResource) =>
  r.ancestorIds.some((id) => roleIn(actor, id) !== undefined);

const rules: Record<Action, (actor: Actor, resource: Resource) => boolean> = {
  "scope.readPrivate": (actor, r) => !!r && (onTeamOf(actor, r) || aboveScope(actor, r)),
  // Levels above read a school's data but only its own team changes it.
  "scope.writePrivate": (actor, r) => !!r && onTeamOf(actor, r),
  "scope.manageTeam": (actor, r) => !!r && roleIn(actor, r.id) === "lead",
  "scope.requestJoin": (actor, r) => !!r && actor.emailVerified && !onTeamOf(actor, r),
  "scope.leaveTeam": (actor, r) => !!r && onTeamOf(actor, r),
  "scope.removeMember": (actor, r) => {
    const m = asMembership(r);
    if (!m) return false;
    return m.memberUserId === actor.userId ? onTeamOf(actor, m) : roleIn(actor, m.id) === "lead";
  },
  "scope.leaveLeaderless": () => false,
  "admin.manage": () => false,
  "research.read": (actor) => actor.systemRole === "researcher",
  "research.readApplication": (actor, r) => asResearchApplication(r)?.applicantId === actor.userId,
  "research.download": (actor, r) => {
    const application = asResearchApplication(r);
    return !!application && application.applicantId === actor.userId && researchAccessOpen(application);
  },
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
  "community.membership": (_actor, r) => !!asCommunity(r)?.viewerRole,
  "community.react": (actor, r) => rules["community.read"](actor, r),
  "community.create": () => false,
  // Only a post one may read: an author who left a private community no longer edits there.
  "post.edit": (actor, r) => {
    const p = asPost(r);
    return (
      !!p &&
      rules["community.read"](actor, p.community) &&
      (p.authorId === actor.userId || p.community.viewerRole === "lead")
    );
  },
  "post.moderate": (_actor, r) => asPost(r)?.community.viewerRole === "lead",
  "measures.read": (actor, r) => !!r && (onTeamOf(actor, r) || aboveScope(actor, r)),
  "measures.write": (actor, r) => !!r && onTeamOf(actor, r),
  "measures.viewNational": (actor, r) => !!r && onTeamOf(actor, r),
  "measures.importProfiles": (actor, r) => !!r && roleIn(actor, r.id) === "lead",
  "improvement.read": (actor, r) => !!r && (onTeamOf(actor, r) || aboveScope(actor, r)),
  "improvement.write": (actor, r) => !!r && onTeamOf(actor, r),
  // Coordinators are the leads of the state's team and of the nation's team (the state's ancestor).
  "assistance.coordinate": (actor, r) =>
    !!r && !asAssistanceEpisode(r) && [r.id, ...r.ancestorIds].some((id) => roleIn(actor, id) === "lead"),
  "assistance.provide": (actor, r) => {
    const episode = asAssistanceEpisode(r);
    if (!episode) return false;
    const stillOnTeam = onTeamOf(actor, episode.state) || aboveScope(actor, episode.state);
    return (
      (episode.providerId === actor.userId && stillOnTeam) ||
      rules["assistance.coordinate"](actor, episode.state)
    );
  },
  "network.read": (_actor, r) => {
    const n = asNetwork(r);
    return !!n && (n.networkRole !== null || n.onMemberTeam);
  },
  "network.lead": (_actor, r) => asNetwork(r)?.networkRole === "lead",
  "library.read": (actor, r) => {
    const item = asLibraryItem(r);
    if (!item) return false;
    if (!libraryItemOut(item)) return rules["library.edit"](actor, item);
    return !item.communityOnly || !!item.community?.viewerRole;
  },
  "library.edit": (actor, r) => {
    const shelf = asLibraryShelf(r);
    if (!shelf) return false;
    return shelf.community ? shelf.community.viewerRole === "lead" : roleIn(actor, shelf.id) === "lead";
  },
  "announcement.send": (actor, r) => {
    if (!r) return false;
    const community = asCommunity(r);
    if (community) return community.viewerRole === "lead";
    return [r.id, ...r.ancestorIds].some((id) => roleIn(actor, id) === "lead");
  },
  "reach.read": (actor, r) => {
    if (!r) return false;
    const community = asCommunity(r);
    if (community) return community.viewerRole === "lead";
    return onTeamOf(actor, r) || aboveScope(actor, r);
  },
  "event.read": (actor, r) => {
    const event = asEvent(r);
    return !!event && (eventOut(event) || rules["event.organise"](actor, event));
  },
  // The organising scope's team and the teams above it (the national team runs state events too).
  "event.organise": (actor, r) => {
    if (!r || asCommunity(r) || asProposal(r) || asEventSession(r)) return false;
    const scope = asEvent(r)?.organiser ?? r;
    return onTeamOf(actor, scope) || aboveScope(actor, scope);
  },
  "event.attend": (actor, r) => asEvent(r)?.status === "published" && actor.emailVerified,
  "proposal.review": (_actor, r) => !!asProposal(r)?.assignedReviewer,
  "proposal.own": (_actor, r) => !!asProposal(r)?.ownProposal,
  "session.results": (actor, r) => {
    const session = asEventSession(r);
    return !!session && (session.presenter || rules["event.organise"](actor, session.event));
  },
};

/** Acts that are personal: an admin's blanket power does not do them on someone's behalf. */
const PERSONAL_ACTIONS: ReadonlySet<Action> = new Set([
  "scope.requestJoin",
  "scope.leaveTeam",
  "measures.write",
  "improvement.write",
  "community.membership",
  "research.download",
  "event.attend",
  "proposal.review",
  "proposal.own",
]);

/** What a signed-out visitor may do: read what is public, nothing else. */
const signedOutRules: Partial<Record<Action, (resource: Resource) => boolean>> = {
  "community.read": (r) => asCommunity(r)?.visibility === "public",
  "library.read": (r) => {
    const item = asLibraryItem(r);
    return !!item && libraryItemOut(item) && !item.communityOnly;
  },
  "event.read": (r) => {
    const event = asEvent(r);
    return !!event && eventOut(event);
  },
};

export function can(actor: Actor | null, action: Action, resource: Resource = null): boolean {
  if (!actor) return signedOutRules[action]?.(resource) ?? false;
  // National admins see and manage everything, but joining or leaving a team is still a personal act.
  if (actor.systemRole === "admin" && !PERSONAL_ACTIONS.has(action)) return true;
  return rules[action](actor, resource);
}

// --- The same rules as SQL conditions, for lists, search, feeds and recipients -----------------

/**
 * A community as a query sees it: SQL expressions for its visibility and for the person's role
 * in it (null when they are not a member), the two fields `community.read` looks at.
 */
export interface CommunitySql {
  visibility: SQLWrapper;
  viewerRole: SQLWrapper;
}

/**
 * Whom the SQL form asks about: a known actor, a signed-out visitor (null), or a person who
 * differs row by row (each notification's recipient), given by their account's system role.
 */
export type SqlActor = Actor | null | { systemRole: SQLWrapper };

/**
 * `community.read` as a condition on a query's rows: the same decision as
 * `can(actor, "community.read", community)` for every actor and community (policy-sql.test.ts
 * checks every combination on both databases). Lists, search, feeds, notifications and digests
 * filter with this, never with a copy of the rule.
 */
export function communityReadSql(actor: SqlActor, community: CommunitySql): SQL {
  const open = sql`${community.visibility} = 'public'`;
  if (!actor) return sql`(${open})`;
  if (!("userId" in actor))
    return sql`(${actor.systemRole} = 'admin' or ${open} or ${community.viewerRole} is not null)`;
  if (actor.systemRole === "admin") return sql`true`;
  return sql`(${open} or ${community.viewerRole} is not null)`;
}

/**
 * A library item as a query sees it: SQL expressions for the fields `library.read` looks at.
 * `shelfId` is the community's id on a community's shelf and the nation's id on the national
 * shelf; `viewerRole` is the person's role in the item's community (null when they are not a
 * member, or the item is on the national shelf).
 */
export interface LibraryItemSql {
  status: SQLWrapper;
  communityOnly: SQLWrapper;
  onCommunityShelf: SQLWrapper;
  shelfId: SQLWrapper;
  viewerRole: SQLWrapper;
}

/**
 * `library.read` as a condition on a query's rows: the same decision as
 * `can(actor, "library.read", item)` for every actor and item (policy-sql.test.ts checks every
 * combination on both databases). The library's lists, search, facets and API filter with this.
 */
export function libraryReadSql(actor: Actor | null, item: LibraryItemSql): SQL {
  const out = sql`${item.status} in ('published', 'archived')`;
  if (!actor) return sql`(${out} and not ${item.communityOnly})`;
  if (actor.systemRole === "admin") return sql`true`;
  const readable = sql`(${out} and (not ${item.communityOnly} or ${item.viewerRole} is not null))`;
  // Editors of the shelf (`library.edit`) also see its drafts and items in review.
  const ledScopes = actor.memberships.filter((m) => m.role === "lead").map((m) => sql`${m.organisationId}`);
  const nationalEditor =
    ledScopes.length > 0
      ? sql`(not ${item.onCommunityShelf} and ${item.shelfId}::text in (${sql.join(ledScopes, sql`, `)}))`
      : sql`false`;
  const communityEditor = sql`(${item.onCommunityShelf} and ${item.viewerRole} is not distinct from 'lead')`;
  return sql`(${readable} or ${communityEditor} or ${nationalEditor})`;
}

/**
 * An event as a query sees it: SQL expressions for the fields `event.read` looks at — its status,
 * its organiser's id and the organiser's ancestor ids (a uuid[]: the organisation's `ancestor_ids`).
 */
export interface EventSql {
  status: SQLWrapper;
  organiserId: SQLWrapper;
  organiserAncestorIds: SQLWrapper;
}

/**
 * `event.read` as a condition on a query's rows: the same decision as
 * `can(actor, "event.read", event)` for every actor and event (policy-sql.test.ts checks every
 * combination on both databases). Published and cancelled events are out for everyone; a draft
 * only for its organisers (`event.organise`: the organiser's team and the teams above it).
 */
export function eventReadSql(actor: Actor | null, event: EventSql): SQL {
  const out = sql`${event.status} <> 'draft'`;
  if (!actor) return sql`(${out})`;
  if (actor.systemRole === "admin") return sql`true`;
  const teams = actor.memberships.map((m) => m.organisationId);
  if (teams.length === 0) return sql`(${out})`;
  const ids = sql.join(
    teams.map((id) => sql`${id}`),
    sql`, `,
  );
  const organises = sql`(${event.organiserId}::text in (${ids}) or ${event.organiserAncestorIds} && array[${ids}]::uuid[])`;
  return sql`(${out} or ${organises})`;
}
