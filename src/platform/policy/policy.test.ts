import { describe, expect, it } from "vitest";
import {
  type Action,
  type Actor,
  can,
  type EventResource,
  type EventSessionResource,
  type LibraryShelfResource,
  type ProposalResource,
  type ScopeResource,
} from "./index";

/*
 * A small country worked by hand:
 *
 *   nation
 *   └── state MD
 *       └── district D
 *           ├── school A
 *           └── school B   (A's peer)
 */
const nation: ScopeResource = { id: "nation", ancestorIds: [] };
const state: ScopeResource = { id: "md", ancestorIds: ["nation"] };
const district: ScopeResource = { id: "district-d", ancestorIds: ["nation", "md"] };
const schoolA: ScopeResource = { id: "school-a", ancestorIds: ["nation", "md", "district-d"] };
const schoolB: ScopeResource = { id: "school-b", ancestorIds: ["nation", "md", "district-d"] };

const person = (overrides: Partial<Actor> = {}): Actor => ({
  userId: "u",
  systemRole: "user",
  emailVerified: true,
  memberships: [],
  ...overrides,
});

const memberOfA = person({ memberships: [{ organisationId: "school-a", role: "member" }] });
const leadOfA = person({ memberships: [{ organisationId: "school-a", role: "lead" }] });
const memberOfB = person({ memberships: [{ organisationId: "school-b", role: "member" }] });
const districtMember = person({ memberships: [{ organisationId: "district-d", role: "member" }] });
const districtLead = person({ memberships: [{ organisationId: "district-d", role: "lead" }] });
const stateMember = person({ memberships: [{ organisationId: "md", role: "member" }] });
const admin = person({ systemRole: "admin" });
const researcher = person({ systemRole: "researcher" });
const plain = person();
const unverified = person({ emailVerified: false });

describe("policy: a school's own team", () => {
  it("lets a member of school A read and write A's private data", () => {
    expect(can(memberOfA, "scope.readPrivate", schoolA)).toBe(true);
    expect(can(memberOfA, "scope.writePrivate", schoolA)).toBe(true);
  });
  it("lets only a lead of A manage A's team", () => {
    expect(can(memberOfA, "scope.manageTeam", schoolA)).toBe(false);
    expect(can(leadOfA, "scope.manageTeam", schoolA)).toBe(true);
  });
  it("does not let a school team read its district or state", () => {
    expect(can(leadOfA, "scope.readPrivate", district)).toBe(false);
    expect(can(leadOfA, "scope.readPrivate", state)).toBe(false);
  });
  it("lets members leave their own team, and nobody leave a team they are not on", () => {
    expect(can(memberOfA, "scope.leaveTeam", schoolA)).toBe(true);
    expect(can(memberOfA, "scope.leaveTeam", schoolB)).toBe(false);
    expect(can(admin, "scope.leaveTeam", schoolA)).toBe(false);
  });
});

describe("policy: taking someone off a team", () => {
  const membershipOf = (userId: string, scope: ScopeResource) => ({ ...scope, memberUserId: userId });
  it("lets the scope's leads remove anyone, and everyone on the team remove only themself", () => {
    const leadA = { ...leadOfA, userId: "lead-a" };
    const memberA = { ...memberOfA, userId: "member-a" };
    expect(can(leadA, "scope.removeMember", membershipOf("member-a", schoolA))).toBe(true);
    expect(can(memberA, "scope.removeMember", membershipOf("member-a", schoolA))).toBe(true);
    expect(can(memberA, "scope.removeMember", membershipOf("lead-a", schoolA))).toBe(false);
  });
  it("refuses the levels above, peers, anonymous visitors, and a scope that is not a membership; admins may", () => {
    const target = membershipOf("member-a", schoolA);
    for (const actor of [districtLead, stateMember, memberOfB, plain])
      expect(can(actor, "scope.removeMember", target)).toBe(false);
    expect(can(null, "scope.removeMember", target)).toBe(false);
    expect(can(leadOfA, "scope.removeMember", schoolA)).toBe(false);
    expect(can(admin, "scope.removeMember", target)).toBe(true);
  });
});

describe("policy: levels above read but do not write", () => {
  it("lets the district team read school A but not write it or manage its team", () => {
    expect(can(districtMember, "scope.readPrivate", schoolA)).toBe(true);
    expect(can(districtMember, "scope.writePrivate", schoolA)).toBe(false);
    expect(can(districtLead, "scope.manageTeam", schoolA)).toBe(false);
    expect(can(districtLead, "scope.manageTeam", district)).toBe(true);
  });
  it("lets the state team read the district and both schools", () => {
    for (const scope of [state, district, schoolA, schoolB])
      expect(can(stateMember, "scope.readPrivate", scope)).toBe(true);
    expect(can(stateMember, "scope.writePrivate", schoolA)).toBe(false);
    expect(can(stateMember, "scope.readPrivate", nation)).toBe(false);
  });
});

describe("policy: peers are strangers", () => {
  it("denies a member of school B everything on school A", () => {
    const actions: Action[] = [
      "scope.readPrivate",
      "scope.writePrivate",
      "scope.manageTeam",
      "scope.leaveTeam",
    ];
    for (const action of actions) expect(can(memberOfB, action, schoolA)).toBe(false);
  });
  it("lets the peer ask to join school A like anyone else", () => {
    expect(can(memberOfB, "scope.requestJoin", schoolA)).toBe(true);
  });
});

describe("policy: national admins", () => {
  it("may do everything except personal acts", () => {
    const all: Action[] = [
      "scope.readPrivate",
      "scope.writePrivate",
      "scope.manageTeam",
      "scope.leaveLeaderless",
      "admin.manage",
      "research.read",
    ];
    for (const action of all)
      for (const scope of [nation, state, schoolA]) expect(can(admin, action, scope)).toBe(true);
  });
  it("still ask to join a team like anyone else", () => {
    expect(can(admin, "scope.requestJoin", schoolA)).toBe(true);
    expect(
      can(
        { ...admin, memberships: [{ organisationId: "school-a", role: "lead" }] },
        "scope.requestJoin",
        schoolA,
      ),
    ).toBe(false);
  });
  it("are the only ones who may leave a team without a lead", () => {
    for (const actor of [leadOfA, districtLead, stateMember, researcher]) {
      expect(can(actor, "scope.leaveLeaderless", schoolA)).toBe(false);
    }
  });
});

describe("policy: researchers and plain accounts", () => {
  it("lets a researcher read research aggregates but no school's private data", () => {
    expect(can(researcher, "research.read")).toBe(true);
    expect(can(researcher, "scope.readPrivate", schoolA)).toBe(false);
    expect(can(researcher, "admin.manage")).toBe(false);
  });
  it("keeps research and administration from everyone else", () => {
    for (const actor of [plain, leadOfA, stateMember]) {
      expect(can(actor, "research.read")).toBe(false);
      expect(can(actor, "admin.manage")).toBe(false);
    }
  });
  it("lets a verified person ask to join, but not an unverified one nor someone already on the team", () => {
    expect(can(plain, "scope.requestJoin", schoolA)).toBe(true);
    expect(can(unverified, "scope.requestJoin", schoolA)).toBe(false);
    expect(can(memberOfA, "scope.requestJoin", schoolA)).toBe(false);
  });
  it("denies anonymous visitors and scope actions without a scope", () => {
    expect(can(null, "scope.readPrivate", schoolA)).toBe(false);
    expect(can(null, "scope.requestJoin", schoolA)).toBe(false);
    expect(can(memberOfA, "scope.readPrivate", null)).toBe(false);
    expect(can(plain, "scope.requestJoin", null)).toBe(false);
  });
});

describe("policy: measures follow the same scope rules", () => {
  it("lets a school's team and the levels above read its measures, never a peer", () => {
    for (const actor of [memberOfA, leadOfA, districtMember, stateMember, admin]) {
      expect(can(actor, "measures.read", schoolA)).toBe(true);
    }
    for (const actor of [memberOfB, plain, researcher])
      expect(can(actor, "measures.read", schoolA)).toBe(false);
  });
  it("lets only the school's own team answer its assessments: not the district, not even an admin", () => {
    expect(can(memberOfA, "measures.write", schoolA)).toBe(true);
    expect(can(districtLead, "measures.write", schoolA)).toBe(false);
    expect(can(admin, "measures.write", schoolA)).toBe(false);
    expect(can(memberOfB, "measures.write", schoolA)).toBe(false);
  });
  it("shows the national view to the nation's team and admins", () => {
    const nationalStaff = person({ memberships: [{ organisationId: "nation", role: "member" }] });
    expect(can(nationalStaff, "measures.viewNational", nation)).toBe(true);
    expect(can(admin, "measures.viewNational", nation)).toBe(true);
    expect(can(stateMember, "measures.viewNational", nation)).toBe(false);
  });
});

describe("policy: improvement work follows the measures' scope rules", () => {
  it("lets a team and the levels above read its plans and cycles, never a peer", () => {
    for (const actor of [memberOfA, leadOfA, districtMember, stateMember, admin])
      expect(can(actor, "improvement.read", schoolA)).toBe(true);
    for (const actor of [memberOfB, plain, researcher, null])
      expect(can(actor, "improvement.read", schoolA)).toBe(false);
  });
  it("lets only the team itself change them: not the district, not an admin", () => {
    expect(can(memberOfA, "improvement.write", schoolA)).toBe(true);
    for (const actor of [districtLead, stateMember, admin, memberOfB, null])
      expect(can(actor, "improvement.write", schoolA)).toBe(false);
  });
});

describe("policy: technical assistance", () => {
  const stateLead = person({ userId: "sl", memberships: [{ organisationId: "md", role: "lead" }] });
  const nationLead = person({ userId: "nl", memberships: [{ organisationId: "nation", role: "lead" }] });
  const nationMember = person({ userId: "nm", memberships: [{ organisationId: "nation", role: "member" }] });
  const provider = person({ userId: "p", memberships: [{ organisationId: "md", role: "member" }] });
  const episode = (providerId: string | null) => ({ id: "ep-1", ancestorIds: [], providerId, state });

  it("lets the leads of the state's and the nation's teams coordinate a state's requests, and admins", () => {
    for (const actor of [stateLead, nationLead, admin])
      expect(can(actor, "assistance.coordinate", state)).toBe(true);
    for (const actor of [stateMember, nationMember, districtLead, leadOfA, memberOfB, plain, null])
      expect(can(actor, "assistance.coordinate", state)).toBe(false);
  });
  it("does not take an episode for a state: coordinating is asked of the state's scope", () => {
    expect(can(stateLead, "assistance.coordinate", episode(null))).toBe(false);
  });
  it("lets the assigned provider log an episode's work while on the state's or nation's team, and coordinators", () => {
    expect(can(provider, "assistance.provide", episode("p"))).toBe(true);
    expect(can(stateLead, "assistance.provide", episode("p"))).toBe(true);
    expect(can(nationLead, "assistance.provide", episode(null))).toBe(true);
    expect(can(admin, "assistance.provide", episode("p"))).toBe(true);
    // Another state member who is not the provider, the team asking, a peer: no.
    for (const actor of [stateMember, memberOfA, leadOfA, memberOfB, districtLead, plain, null])
      expect(can(actor, "assistance.provide", episode("p"))).toBe(false);
    // A provider taken off the state's team no longer logs work.
    expect(can(person({ userId: "p" }), "assistance.provide", episode("p"))).toBe(false);
    // A scope is not an episode.
    expect(can(provider, "assistance.provide", state)).toBe(false);
  });
});

describe("policy: communities", () => {
  const community = (visibility: "public" | "private", viewerRole: "member" | "lead" | null) => ({
    id: "community-1",
    ancestorIds: [],
    visibility,
    viewerRole,
  });
  it("opens public communities to everyone signed in and private ones to their members", () => {
    expect(can(plain, "community.read", community("public", null))).toBe(true);
    expect(can(plain, "community.read", community("private", null))).toBe(false);
    expect(can(plain, "community.read", community("private", "member"))).toBe(true);
  });
  it("lets members post, leads lead, and verified outsiders join public communities", () => {
    expect(can(plain, "community.post", community("public", null))).toBe(false);
    expect(can(plain, "community.post", community("public", "member"))).toBe(true);
    expect(can(plain, "community.lead", community("public", "member"))).toBe(false);
    expect(can(plain, "community.lead", community("public", "lead"))).toBe(true);
    expect(can(plain, "community.join", community("public", null))).toBe(true);
    expect(can(unverified, "community.join", community("public", null))).toBe(false);
    expect(can(plain, "community.join", community("private", null))).toBe(false);
  });
  it("lets members leave or mute their own membership, and signed-in readers follow topics and report posts", () => {
    expect(can(plain, "community.membership", community("public", "member"))).toBe(true);
    expect(can(plain, "community.membership", community("public", null))).toBe(false);
    expect(can(admin, "community.membership", community("public", null))).toBe(false);
    expect(can(plain, "community.react", community("public", null))).toBe(true);
    expect(can(plain, "community.react", community("private", null))).toBe(false);
    expect(can(plain, "community.react", community("private", "member"))).toBe(true);
    expect(can(null, "community.react", community("public", null))).toBe(false);
    expect(can(null, "community.read", community("public", null))).toBe(true);
  });
  it("lets only admins create communities", () => {
    expect(can(admin, "community.create")).toBe(true);
    expect(can(leadOfA, "community.create")).toBe(false);
  });
});

describe("policy: posts", () => {
  const community = (visibility: "public" | "private", viewerRole: "member" | "lead" | null) => ({
    id: "community-1",
    ancestorIds: [],
    visibility,
    viewerRole,
  });
  const post = (authorId: string, c: ReturnType<typeof community>) => ({
    id: "post-1",
    ancestorIds: [],
    authorId,
    community: c,
  });
  it("lets the author and the community's leads edit a post, nobody else", () => {
    expect(can(plain, "post.edit", post("u", community("public", "member")))).toBe(true);
    expect(can(plain, "post.edit", post("someone-else", community("public", "member")))).toBe(false);
    expect(can(plain, "post.edit", post("someone-else", community("public", "lead")))).toBe(true);
    expect(can(admin, "post.edit", post("someone-else", community("private", null)))).toBe(true);
    expect(can(null, "post.edit", post("u", community("public", null)))).toBe(false);
  });
  it("stops an author who lost access to a private community from editing there", () => {
    expect(can(plain, "post.edit", post("u", community("private", null)))).toBe(false);
    expect(can(plain, "post.edit", post("u", community("public", null)))).toBe(true);
  });
  it("lets only leads (and admins) moderate posts", () => {
    expect(can(plain, "post.moderate", post("u", community("public", "member")))).toBe(false);
    expect(can(plain, "post.moderate", post("someone-else", community("private", "lead")))).toBe(true);
    expect(can(admin, "post.moderate", post("someone-else", community("public", null)))).toBe(true);
  });
});

describe("policy: improvement networks", () => {
  const network = (networkRole: "member" | "lead" | null, onMemberTeam: boolean) => ({
    id: "network-1",
    ancestorIds: [],
    networkRole,
    onMemberTeam,
  });
  it("shows a network to its members, its leads and the people on its member teams only", () => {
    expect(can(plain, "network.read", network("member", false))).toBe(true);
    expect(can(plain, "network.read", network("lead", false))).toBe(true);
    expect(can(memberOfA, "network.read", network(null, true))).toBe(true);
    expect(can(admin, "network.read", network(null, false))).toBe(true);
    for (const actor of [plain, districtMember, researcher, null])
      expect(can(actor, "network.read", network(null, false))).toBe(false);
    // A community's ordinary rule (public → anyone) does not open a network.
    expect(
      can(plain, "network.read", {
        id: "c",
        ancestorIds: [],
        visibility: "public",
        viewerRole: null,
      } as never),
    ).toBe(false);
  });
  it("lets only its leads lead it", () => {
    expect(can(plain, "network.lead", network("lead", false))).toBe(true);
    expect(can(admin, "network.lead", network(null, false))).toBe(true);
    for (const resource of [network("member", true), network(null, true), network(null, false)])
      expect(can(memberOfA, "network.lead", resource)).toBe(false);
  });
});

describe("policy: the library, announcements and reach", () => {
  const nationLead = person({ memberships: [{ organisationId: "nation", role: "lead" }] });
  const stateLead = person({ memberships: [{ organisationId: "md", role: "lead" }] });
  const group = (viewerRole: "member" | "lead" | null) => ({
    id: "group-1",
    ancestorIds: [],
    visibility: "public" as const,
    viewerRole,
  });
  const item = (
    status: "draft" | "in_review" | "published" | "archived",
    communityOnly: boolean,
    community: ReturnType<typeof group> | null,
  ) => ({ ...(community ?? nation), community, status, communityOnly });
  const shelf = (community: ReturnType<typeof group> | null): LibraryShelfResource => ({
    ...(community ?? nation),
    community,
  });

  it("shows published and archived public items to everyone, signed out included", () => {
    for (const status of ["published", "archived"] as const)
      for (const actor of [null, plain, memberOfB, researcher])
        expect(can(actor, "library.read", item(status, false, null))).toBe(true);
  });
  it("shows a community-only item to the community's members and leads only", () => {
    expect(can(plain, "library.read", item("published", true, group("member")))).toBe(true);
    expect(can(plain, "library.read", item("published", true, group("lead")))).toBe(true);
    for (const actor of [null, plain, stateLead, nationLead])
      expect(can(actor, "library.read", item("published", true, group(null)))).toBe(false);
  });
  it("keeps drafts and items in review to the shelf's editors", () => {
    for (const status of ["draft", "in_review"] as const) {
      expect(can(nationLead, "library.read", item(status, false, null))).toBe(true);
      expect(can(plain, "library.read", item(status, false, group("lead")))).toBe(true);
      expect(can(admin, "library.read", item(status, false, null))).toBe(true);
      for (const actor of [null, plain, stateLead, memberOfA])
        expect(can(actor, "library.read", item(status, false, null))).toBe(false);
      expect(can(plain, "library.read", item(status, false, group("member")))).toBe(false);
    }
  });
  it("lets a community's leads edit its shelf and the nation's leads edit the national shelf", () => {
    expect(can(plain, "library.edit", shelf(group("lead")))).toBe(true);
    expect(can(plain, "library.edit", shelf(group("member")))).toBe(false);
    expect(can(nationLead, "library.edit", shelf(null))).toBe(true);
    expect(can(nationLead, "library.edit", shelf(group(null)))).toBe(false);
    for (const actor of [stateLead, stateMember, plain, null])
      expect(can(actor, "library.edit", shelf(null))).toBe(false);
    expect(can(admin, "library.edit", shelf(null))).toBe(true);
  });
  it("lets leads announce to their scope or community, and nobody else", () => {
    expect(can(stateLead, "announcement.send", state)).toBe(true);
    expect(can(stateLead, "announcement.send", district)).toBe(true);
    expect(can(nationLead, "announcement.send", state)).toBe(true);
    expect(can(stateLead, "announcement.send", nation)).toBe(false);
    expect(can(stateMember, "announcement.send", state)).toBe(false);
    expect(can(plain, "announcement.send", group("lead"))).toBe(true);
    expect(can(plain, "announcement.send", group("member"))).toBe(false);
    expect(can(null, "announcement.send", nation)).toBe(false);
  });
  it("shows reach to a scope's team and the levels above, and a practice group's reach to its leads", () => {
    expect(can(stateMember, "reach.read", state)).toBe(true);
    expect(can(nationLead, "reach.read", state)).toBe(true);
    expect(can(stateMember, "reach.read", nation)).toBe(false);
    expect(can(memberOfA, "reach.read", state)).toBe(false);
    expect(can(plain, "reach.read", group("lead"))).toBe(true);
    expect(can(plain, "reach.read", group("member"))).toBe(false);
    expect(can(null, "reach.read", state)).toBe(false);
  });
});

describe("policy: events, proposals and sessions", () => {
  const event = (status: EventResource["status"], organiser: ScopeResource = state): EventResource => ({
    id: "event-1",
    ancestorIds: [],
    organiser,
    status,
  });
  const proposal = (assignedReviewer: boolean, ownProposal: boolean): ProposalResource => ({
    id: "proposal-1",
    ancestorIds: [],
    event: event("published"),
    assignedReviewer,
    ownProposal,
  });
  const session = (presenter: boolean, of = event("published")): EventSessionResource => ({
    id: "session-1",
    ancestorIds: [],
    event: of,
    presenter,
  });
  const nationMember = person({ memberships: [{ organisationId: "nation", role: "member" }] });

  it("shows published and cancelled events to everyone, drafts only to their organisers", () => {
    for (const status of ["published", "cancelled"] as const)
      for (const actor of [null, plain, unverified, memberOfA])
        expect(can(actor, "event.read", event(status))).toBe(true);
    for (const actor of [null, plain, memberOfA, districtLead, researcher])
      expect(can(actor, "event.read", event("draft"))).toBe(false);
    for (const actor of [stateMember, nationMember, admin])
      expect(can(actor, "event.read", event("draft"))).toBe(true);
  });

  it("lets the organising state's team and the national team run a state's event, nobody below or beside", () => {
    for (const actor of [stateMember, nationMember, admin])
      expect(can(actor, "event.organise", event("draft"))).toBe(true);
    for (const actor of [null, plain, memberOfA, districtLead, researcher])
      expect(can(actor, "event.organise", event("published"))).toBe(false);
    const otherState = { id: "va", ancestorIds: ["nation"] };
    expect(can(stateMember, "event.organise", event("published", otherState))).toBe(false);
    expect(can(stateMember, "event.organise", event("published", nation))).toBe(false);
    expect(can(nationMember, "event.organise", event("published", nation))).toBe(true);
    // Creating one: the scope it is created in.
    expect(can(stateMember, "event.organise", state)).toBe(true);
    expect(can(stateMember, "event.organise", nation)).toBe(false);
    expect(can(districtLead, "event.organise", state)).toBe(false);
  });

  it("lets verified people take part in a published event only, each only for themself", () => {
    expect(can(plain, "event.attend", event("published"))).toBe(true);
    expect(can(unverified, "event.attend", event("published"))).toBe(false);
    for (const status of ["draft", "cancelled"] as const)
      expect(can(plain, "event.attend", event(status))).toBe(false);
    expect(can(null, "event.attend", event("published"))).toBe(false);
    expect(can(admin, "event.attend", event("draft"))).toBe(false);
  });

  it("lets only assigned reviewers review and only the proposal's own people see it as theirs, admins included", () => {
    expect(can(plain, "proposal.review", proposal(true, false))).toBe(true);
    expect(can(plain, "proposal.review", proposal(false, true))).toBe(false);
    expect(can(admin, "proposal.review", proposal(false, false))).toBe(false);
    expect(can(stateMember, "proposal.review", proposal(false, false))).toBe(false);
    expect(can(plain, "proposal.own", proposal(false, true))).toBe(true);
    expect(can(plain, "proposal.own", proposal(true, false))).toBe(false);
    expect(can(admin, "proposal.own", proposal(false, false))).toBe(false);
    expect(can(null, "proposal.review", proposal(true, true))).toBe(false);
  });

  it("shows a session's results to its presenters and the event's organisers only", () => {
    expect(can(plain, "session.results", session(true))).toBe(true);
    expect(can(plain, "session.results", session(false))).toBe(false);
    expect(can(stateMember, "session.results", session(false))).toBe(true);
    expect(can(memberOfA, "session.results", session(false))).toBe(false);
    expect(can(null, "session.results", session(true))).toBe(false);
    // A session is not a scope one organises.
    expect(can(stateMember, "event.organise", session(false))).toBe(false);
  });
});
