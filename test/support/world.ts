import { type SQL, eq, sql } from "drizzle-orm";
import { agendaItems, meetings } from "../../src/domains/communities/agenda/schema";
import { communityInvitations, communityJoinRequests } from "../../src/domains/communities/schema";
import { notifications, posts, topicWatches, topics } from "../../src/domains/communities/discussions/schema";
import { ensureProfile } from "../../src/domains/communities/people/service";
import { buildCommunity } from "../../src/domains/communities/test-factories";
import { addMember } from "../../src/domains/communities/membership/service";
import * as meetingFeeds from "../../src/domains/communities/meetings/service";
import { unsubscribeToken } from "../../src/domains/communities/notifications/service";
import { directoryImports } from "../../src/domains/directory/schema";
import { getNation, type Organisation } from "../../src/domains/directory/service";
import {
  type ImprovementWorld,
  buildImprovementWorld,
  improvementParamRules,
} from "../../src/domains/improvement/test-world";
import {
  buildLibraryWorld,
  type LibraryWorld,
  libraryParamRules,
} from "../../src/domains/library/test-world";
import { buildEventsWorld, type EventsWorld, eventsParamRules } from "../../src/domains/events/test-world";
import { currentInstrument } from "../../src/domains/measures/service";
import { storeIrbFile } from "../../src/domains/research/applications/service";
import { researchApplications } from "../../src/domains/research/schema";
import {
  getResponse,
  previousSchoolYear,
  saveSection,
  schoolYearOf,
  startResponse,
  submitResponse,
} from "../../src/domains/measures/service";
import { invitations, joinRequests, memberships } from "../../src/domains/teams/schema";
import { accessTokens, emailTokens, users } from "../../src/platform/auth/schema";
import { issueFeedToken } from "../../src/platform/auth/feed-tokens";
import { SESSION_COOKIE, createSession } from "../../src/platform/auth/sessions";
import { randomToken, sha256 } from "../../src/platform/auth/tokens";
import { type DbOrTx, queryRows } from "../../src/platform/db/client";
import { queueEmail } from "../../src/platform/email";
import { ASSETS_PREFIX, assetHref } from "../../src/platform/http/assets";
import { jobs } from "../../src/platform/jobs/schema";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../src/seed/factories";
import { type TestApp, TestClient, signedInClient } from "./app";
import { type TableDigests, tableDigests } from "./table-digest";

/*
 * One world of real rows for the route-wide tests (authorization matrix, bad input): every kind
 * of id a route takes names a row that exists, and there is one signed-in person per kind of
 * visitor. Build it once per database; `restoreWorld` puts back whatever a request changed.
 */

export const ROLES = [
  "anonymous",
  "plain",
  "memberA",
  "leadA",
  "memberB",
  "districtMember",
  "stateMember",
  "admin",
  "researcher",
  "privateMember",
  "privateLead",
  "privateNonMember",
  "removedMember",
  "disabledUser",
] as const;
export type Role = (typeof ROLES)[number];
export type SignedInRole = Exclude<Role, "anonymous">;
export const SIGNED_IN_ROLES = ROLES.filter((r): r is SignedInRole => r !== "anonymous");

/** What each role is, in a sentence (for failure messages and the report). */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  anonymous: "signed out",
  plain: "signed in, on no team (has a pending request to join school A; invited to school A)",
  memberA: "member of school A's team",
  leadA: "lead of school A's team",
  memberB: "member of school B's team (A's peer in the same district)",
  districtMember: "member of the district's team",
  stateMember: "member of the state's team",
  admin: "national admin",
  researcher: "researcher",
  privateMember: "member of the private community (author of its topic) and of the public one",
  privateLead: "lead of the private community and of the public one",
  privateNonMember: "signed in, not in the private community (has asked to join; invited)",
  removedMember: "was on school A's team and in the private community, then removed",
  disabledUser: "signed in, then the account was disabled",
};

type UserRow = typeof users.$inferSelect;
type Org = Organisation;

/**
 * Every title, name and text of the private community's content starts with this, so a page or
 * answer that shows it to someone who may not read it can be caught by looking for it.
 */
export const PRIVATE_MARKER = "Sealed-Q7 world";

export interface CommunityRows {
  id: string;
  slug: string;
  /** A member who is no role, for a lead to remove. */
  removableMemberId: string;
  topicId: string;
  postId: string;
  agendaItemId: string;
  meetingId: string;
}

export interface World {
  t: TestApp;
  nation: Org;
  state: Org;
  district: Org;
  schoolA: Org;
  schoolB: Org;
  users: Record<SignedInRole, UserRow>;
  clients: Record<Role, TestClient>;
  /** Someone on no role: the subject of admin pages about a user and of email links. */
  subject: UserRow;
  /** A team-A membership of someone who is no role (for remove / change-role routes). */
  teammateMembershipId: string;
  /** Plain's pending request to join school A. */
  joinRequestId: string;
  /** An invitation to school A addressed to plain, and its secret. */
  invitation: { id: string; token: string };
  privateCommunity: CommunityRows;
  publicCommunity: CommunityRows;
  /** The private non-member's pending request to join the private community. */
  communityJoinRequestId: string;
  /** An invitation to the private community addressed to the private non-member. */
  communityInvitationToken: string;
  /** A notification for the private member about the private topic. */
  notificationId: string;
  /** The private member's one-click unsubscribe and personal calendar links. */
  unsubscribeToken: string;
  calendarToken: string;
  /** The private member's @handle. */
  handle: string;
  /** School A's census profile (draft) and quality assessment (draft), with a section of each. */
  profileResponse: { id: string; sectionKey: string };
  qualityResponse: { id: string; sectionKey: string; instrumentId: string; domainKey: string };
  /** School A's quality assessment of last school year, every indicator rated and submitted (it has a report). */
  submittedAssessmentId: string;
  /** Email links for the subject: verify address, reset password, change address. */
  emailLinks: { verify: string; reset: string; change: string };
  /** Plain's second session (its id) and an access token of plain (its id). */
  plainSessionId: string;
  plainAccessTokenId: string;
  /** A personal feed (calendar) link of plain's: its id. */
  plainFeedTokenId: string;
  directoryImportId: string;
  /** The researcher's application: approved for a month, for the quality assessment of last school year. */
  researchApplicationId: string;
  outboxId: string;
  jobId: number;
  /** Plans, cycles, charts, networks and technical assistance rows (src/domains/improvement/test-world.ts). */
  improvement: ImprovementWorld;
  /** Library resources, catalogue, announcements and reach rows (src/domains/library/test-world.ts). */
  library: LibraryWorld;
  /** Events, calls, program, registrations and certificates rows (src/domains/events/test-world.ts). */
  events: EventsWorld;
  /** Every table's content once the world is built (what `restoreWorld` returns to). */
  snapshot: WorldSnapshot;
}

/** The world before the improvement, library and events domains' rows are added to it (what their builders get). */
export type BaseWorld = Omit<World, "snapshot" | "improvement" | "library" | "events">;

let worldCount = 0;

/**
 * A private community (by request) and a public one (open), each led by the private lead, with
 * the private member in it, a topic of the private member's with two posts, an agenda item and
 * a meeting next week.
 */
async function privateAndPublicCommunities(t: TestApp, people: Record<SignedInRole, UserRow>) {
  const db = t.db;
  const make = async (visibility: "private" | "public"): Promise<CommunityRows> => {
    const tag = visibility === "private" ? PRIVATE_MARKER : "World public";
    const community = await buildCommunity(db, {
      nameEn: `${tag} community ${worldCount}`,
      nameEs: `${tag} comunidad ${worldCount}`,
      visibility,
      joinPolicy: visibility === "private" ? "request" : "open",
      topics: ["equity", "screening"],
    });
    await addMember(db, community.id, people.privateLead.id, "lead");
    await addMember(db, community.id, people.privateMember.id, "member");
    const removable = await buildUser(db, {
      name: `World removable member ${worldCount} (${visibility} community)`,
    });
    await addMember(db, community.id, removable.id, "member");
    const author = people.privateMember.id;
    const [topic] = await db
      .insert(topics)
      .values({
        communityId: community.id,
        authorId: author,
        title: `${tag} topic`,
        replyCount: 1,
      })
      .returning();
    const postIds: string[] = [];
    for (const body of [`${tag} opening post`, `${tag} reply`]) {
      const [post] = await db
        .insert(posts)
        .values({
          topicId: topic!.id,
          communityId: community.id,
          authorId: author,
          bodyMarkdown: body,
          bodyHtml: `<p>${body}</p>`,
        })
        .returning();
      postIds.push(post!.id);
    }
    const [item] = await db
      .insert(agendaItems)
      .values({
        communityId: community.id,
        title: `${tag} agenda item`,
        ownerId: people.privateLead.id,
      })
      .returning();
    const [meeting] = await db
      .insert(meetings)
      .values({
        communityId: community.id,
        title: `${tag} meeting`,
        startsAt: new Date(Date.now() + 7 * 86400_000),
        timeZone: "America/New_York",
        durationMinutes: 60,
        createdBy: people.privateLead.id,
      })
      .returning();
    return {
      id: community.id,
      slug: community.slug,
      removableMemberId: removable.id,
      topicId: topic!.id,
      postId: postIds[0]!,
      agendaItemId: item!.id,
      meetingId: meeting!.id,
    };
  };
  return { privateCommunity: await make("private"), publicCommunity: await make("public") };
}

/** A personal calendar link of the person, in whatever form the calendar route reads today. */
async function calendarLinkOf(t: TestApp, userId: string): Promise<string> {
  const legacy = (meetingFeeds as Record<string, unknown>).calendarToken as
    | ((secret: string, id: string) => string)
    | undefined;
  if (legacy) return `${legacy(t.config.sessionSecret, userId)}.ics`;
  return (await issueFeedToken(t.db, userId, "calendar")).token;
}

async function emailLink(
  db: DbOrTx,
  userId: string,
  purpose: "verify_email" | "reset_password" | "change_email",
  newEmail?: string,
) {
  const token = randomToken();
  await db
    .insert(emailTokens)
    .values({ id: sha256(token), userId, purpose, newEmail, expiresAt: new Date(Date.now() + 86400_000) });
  return token;
}

/**
 * Builds the world on a fresh test app. Signed-in clients are made for every role; the removed
 * member and the disabled user sign in first and lose their place or account afterwards, so any
 * cache of who they were must be dropped for them to be refused.
 */
export async function buildWorld(t: TestApp): Promise<World> {
  const db = t.db;
  const n = ++worldCount;
  const { state, district, schools } = await buildDistrictWithSchools(db, "MD", 2);
  const [schoolA, schoolB] = schools as [Org, Org];
  const nation = (await getNation(db))!;
  const people = {} as Record<SignedInRole, UserRow>;
  for (const role of SIGNED_IN_ROLES) {
    people[role] = await buildUser(db, {
      name: `World ${role} ${n}`,
      email: `world-${role.toLowerCase()}-${n}-${Date.now().toString(36)}@example.org`,
      systemRole: role === "admin" ? "admin" : role === "researcher" ? "researcher" : "user",
    });
  }
  const subject = await buildUser(db, { name: `World subject ${n}`, verified: false });
  const teammate = await buildUser(db, { name: `World teammate ${n}` });
  await addMembership(db, people.memberA.id, schoolA.id, "member");
  await addMembership(db, people.leadA.id, schoolA.id, "lead");
  await addMembership(db, people.memberB.id, schoolB.id, "member");
  await addMembership(db, people.districtMember.id, district.id, "member");
  await addMembership(db, people.stateMember.id, state.id, "member");
  const teammateMembership = await addMembership(db, teammate.id, schoolA.id, "member");
  // A second lead, so A's lead may leave (or be demoted) without leaving the team leaderless.
  const secondLead = await buildUser(db, { name: `World second lead ${n}` });
  await addMembership(db, secondLead.id, schoolA.id, "lead");
  await addMembership(db, people.removedMember.id, schoolA.id, "member");

  const [joinRequest] = await db
    .insert(joinRequests)
    .values({ userId: people.plain.id, organisationId: schoolA.id, message: "World request" })
    .returning();
  const invitationToken = randomToken();
  const [invitation] = await db
    .insert(invitations)
    .values({
      organisationId: schoolA.id,
      email: people.plain.email,
      role: "member",
      tokenHash: sha256(invitationToken),
      invitedBy: people.leadA.id,
      expiresAt: new Date(Date.now() + 14 * 86400_000),
    })
    .returning();

  const { privateCommunity, publicCommunity } = await privateAndPublicCommunities(t, people);
  await db
    .insert(topicWatches)
    .values({ topicId: privateCommunity.topicId, userId: people.privateMember.id, level: "following" });
  // The removed member followed the private topic while in the community.
  await addMember(db, privateCommunity.id, people.removedMember.id, "member");
  await db
    .insert(topicWatches)
    .values({ topicId: privateCommunity.topicId, userId: people.removedMember.id, level: "following" });
  const [communityJoinRequest] = await db
    .insert(communityJoinRequests)
    .values({
      communityId: privateCommunity.id,
      userId: people.privateNonMember.id,
      message: "World request",
    })
    .returning();
  const communityInvitationToken = randomToken();
  await db.insert(communityInvitations).values({
    communityId: privateCommunity.id,
    email: people.privateNonMember.email,
    role: "member",
    tokenHash: sha256(communityInvitationToken),
    invitedBy: people.privateLead.id,
    expiresAt: new Date(Date.now() + 14 * 86400_000),
  });
  const [notification] = await db
    .insert(notifications)
    .values({
      userId: people.privateMember.id,
      kind: "reply",
      communityId: privateCommunity.id,
      topicId: privateCommunity.topicId,
      postId: privateCommunity.postId,
      summary: `${PRIVATE_MARKER} notification: a reply`,
      link: `/communities/${privateCommunity.slug}/topics/${privateCommunity.topicId}`,
    })
    .returning();
  for (const role of SIGNED_IN_ROLES) await ensureProfile(db, people[role].id);
  const handle = await ensureProfile(db, people.privateMember.id);

  // Measures: school A's census profile and a quality assessment, both drafts.
  const year = schoolYearOf(new Date());
  const profile = await startResponse(db, {
    actorId: people.leadA.id,
    organisation: schoolA,
    instrumentKey: "profile",
    schoolYear: year,
  });
  const quality = await startResponse(db, {
    actorId: people.leadA.id,
    organisation: schoolA,
    instrumentKey: "quality",
    schoolYear: year,
  });
  const submitted = await startResponse(db, {
    actorId: people.leadA.id,
    organisation: schoolA,
    instrumentKey: "quality",
    schoolYear: previousSchoolYear(year),
  });
  for (const section of (await getResponse(db, submitted.id))!.instrument.sections) {
    const answers = Object.fromEntries(section.items.map((item) => [item.key, 4]));
    const input = {
      actorId: people.leadA.id,
      responseId: submitted.id,
      sectionKey: section.key,
      baseVersion: 0,
      answers,
      source: "json",
    };
    await saveSection(db, input as Parameters<typeof saveSection>[1]);
  }
  await submitResponse(db, { actorId: people.leadA.id, responseId: submitted.id });
  const profileInstrument = (await currentInstrument(db, "profile", "school"))!;
  const qualityInstrument = (await currentInstrument(db, "quality", "school"))!;
  const domain = qualityInstrument.sections.find((s) => s.scored)!;

  const emailLinks = {
    verify: await emailLink(db, subject.id, "verify_email"),
    reset: await emailLink(db, subject.id, "reset_password"),
    change: await emailLink(
      db,
      subject.id,
      "change_email",
      `world-subject-new-${n}-${Date.now().toString(36)}@example.org`,
    ),
  };
  const plainSecondSession = await createSession(db, people.plain.id, {
    userAgent: "world: another browser",
  });
  const accessSecret = randomToken();
  const [accessToken] = await db
    .insert(accessTokens)
    .values({
      userId: people.plain.id,
      name: "World token",
      tokenHash: sha256(accessSecret),
      prefix: accessSecret.slice(0, 8),
    })
    .returning();
  const [directoryImport] = await db
    .insert(directoryImports)
    .values({
      fileName: "world.csv",
      fileBytes: 10,
      createdBy: people.admin.id,
      status: "failed",
      errorMessage: "World",
    })
    .returning();
  const outboxId = await queueEmail(db, {
    to: subject.email,
    subject: "World message",
    text: "Hello from the world.",
  });
  const [job] = await db
    .insert(jobs)
    .values({ kind: "world.noop", payload: {}, status: "failed", attempts: 5, lastError: "World failure" })
    .returning();

  const irbLetter = await storeIrbFile(db, [Buffer.from("%PDF-1.4\n%%EOF\n")], "world-irb.pdf");
  const [researchApplication] = await db
    .insert(researchApplications)
    .values({
      applicantId: people.researcher.id,
      projectTitle: "World research project",
      institution: "World University",
      purpose: "World purpose",
      irbNumber: "IRB-WORLD-1",
      irbFileId: irbLetter.fileId,
      irbFileName: irbLetter.fileName,
      instrumentKeys: ["quality"],
      schoolYears: [previousSchoolYear(year)],
      dataUseAccepted: true,
      status: "approved",
      decidedBy: people.admin.id,
      decidedAt: new Date(),
      expiresOn: new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10),
    })
    .returning();

  const clients = { anonymous: new TestClient(t.app) } as Record<Role, TestClient>;
  await clients.anonymous.get("/sign-in"); // a CSRF token, as any browser on a form would have
  for (const role of SIGNED_IN_ROLES) clients[role] = await signedInClient(t, people[role].id);
  // Open a private page as the removed member while still in, so caches know them as a member.
  await clients.removedMember.get(`/communities/${privateCommunity.slug}`);
  await clients.removedMember.get(`/organisations/${schoolA.id}/team`);
  await db.delete(memberships).where(eq(memberships.userId, people.removedMember.id));
  await db.execute(
    sql`delete from community_members where user_id = ${people.removedMember.id} and community_id = ${privateCommunity.id}`,
  );
  await clients.disabledUser.get("/account");
  await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, people.disabledUser.id));
  await settle(t);

  const base: BaseWorld = {
    t,
    nation,
    state,
    district,
    schoolA,
    schoolB,
    users: people,
    clients,
    subject,
    teammateMembershipId: teammateMembership.id,
    joinRequestId: joinRequest!.id,
    invitation: { id: invitation!.id, token: invitationToken },
    privateCommunity,
    publicCommunity,
    communityJoinRequestId: communityJoinRequest!.id,
    communityInvitationToken,
    notificationId: notification!.id,
    unsubscribeToken: unsubscribeToken(t.config.sessionSecret, people.privateMember.id),
    calendarToken: await calendarLinkOf(t, people.privateMember.id),
    handle,
    profileResponse: { id: profile.id, sectionKey: profileInstrument.sections[0]!.key },
    qualityResponse: {
      id: quality.id,
      sectionKey: qualityInstrument.sections[0]!.key,
      instrumentId: qualityInstrument.id,
      domainKey: domain.key,
    },
    submittedAssessmentId: submitted.id,
    emailLinks,
    plainSessionId: sha256(plainSecondSession),
    plainAccessTokenId: accessToken!.id,
    plainFeedTokenId: (await issueFeedToken(db, people.plain.id, "calendar")).id,
    directoryImportId: directoryImport!.id,
    researchApplicationId: researchApplication!.id,
    outboxId,
    jobId: job!.id,
  };
  const improvement = await buildImprovementWorld(base);
  const library = await buildLibraryWorld(base);
  const events = await buildEventsWorld(base);
  return { ...base, improvement, library, events, snapshot: await takeSnapshot(t) };
}

/**
 * On PostgreSQL the notices that drop cached sessions and teams arrive asynchronously; wait
 * for them before the next request so it sees the database as it is.
 */
export async function settle(t: TestApp) {
  if (t.kind === "postgres") await new Promise((resolve) => setTimeout(resolve, 60));
}

/** A client signed in as the role again (after a route ended its session). */
export async function freshClient(world: World, role: Role): Promise<TestClient> {
  if (role === "anonymous") {
    const client = new TestClient(world.t.app);
    await client.get("/sign-in");
    return client;
  }
  if (role !== "disabledUser") return signedInClient(world.t, world.users[role].id);
  const token = await createSession(world.t.db, world.users[role].id, { userAgent: "test" });
  const client = new TestClient(world.t.app);
  client.cookies.set(SESSION_COOKIE, world.t.app.signCookie(token));
  await client.get("/sign-in");
  return client;
}

// --- Route parameters ------------------------------------------------------------------------

/** Which of the two communities a community route is tried on. */
export type CommunityChoice = "private" | "public";

export class UnknownRouteParamError extends Error {}

export type ParamRule = { param: string; url?: RegExp; value: (w: World, c: CommunityRows) => string };

/**
 * How each `:param` of a registered route is filled, by its name and (where the same name means
 * different things) the route's address. The first rule that matches wins.
 */
const PARAM_RULES: ParamRule[] = [
  ...improvementParamRules,
  ...libraryParamRules,
  ...eventsParamRules,
  // Research access: the researcher's approved application and the file it covers.
  {
    param: "id",
    url: /^(\/api\/v1)?\/research\/applications\/:id|^\/admin\/research\/:id|^\/api\/v1\/admin\/research-applications\/:id/,
    value: (w) => w.researchApplicationId,
  },
  { param: "instrument", url: /\/research\/applications\/:id\//, value: () => "quality" },
  {
    param: "year",
    url: /\/research\/applications\/:id\//,
    value: () => previousSchoolYear(schoolYearOf(new Date())),
  },
  // Organisations: which scope a route takes depends on what the route is about.
  { param: "id", url: /^\/measures\/dashboards\/district\/:id/, value: (w) => w.district.id },
  { param: "id", url: /^\/measures\/dashboards\/state\/:id/, value: (w) => w.state.id },
  { param: "id", url: /^(\/api\/v1)?\/census\/state\/:id/, value: (w) => w.state.id },
  { param: "id", url: /^(\/api\/v1)?\/census\/district\/:id/, value: (w) => w.district.id },
  { param: "id", url: /^\/api\/v1\/organisations\/:id\/profile-imports/, value: (w) => w.state.id },
  {
    param: "id",
    url: /^\/api\/v1\/organisations\/:id\/(aggregates|school-scores|schools)/,
    value: (w) => w.district.id,
  },
  { param: "id", url: /^(\/api\/v1)?\/(admin\/)?organisations\/:id/, value: (w) => w.schoolA.id },
  { param: "id", url: /^\/measures\/orgs\/:id/, value: (w) => w.schoolA.id },
  {
    param: "id",
    url: /^\/measures\/responses\/:id\/report|^\/api\/v1\/responses\/:id\/scores/,
    value: (w) => w.submittedAssessmentId,
  },
  { param: "id", url: /^(\/api\/v1)?\/(measures\/)?responses\/:id/, value: (w) => w.profileResponse.id },
  {
    param: "sectionKey",
    url: /responses\/:id\/sections\/:sectionKey/,
    value: (w) => w.profileResponse.sectionKey,
  },
  // The API reference: a topic of operations (a tag every build of the app has)
  { param: "topic", url: /^\/api\/v1\/docs\/:topic/, value: () => "communities" },
  { param: "instrumentId", value: (w) => w.qualityResponse.instrumentId },
  { param: "domainKey", value: (w) => w.qualityResponse.domainKey },
  { param: "id", url: /^\/api\/v1\/instruments\/:id/, value: (w) => w.qualityResponse.instrumentId },
  // Teams
  { param: "childId", url: /\/join-requests\/:childId/, value: (w) => w.joinRequestId },
  { param: "childId", url: /\/members\/:childId/, value: (w) => w.teammateMembershipId },
  { param: "childId", url: /\/invitations\/:childId/, value: (w) => w.invitation.id },
  { param: "id", url: /^\/api\/v1\/join-requests\/:id/, value: (w) => w.joinRequestId },
  { param: "id", url: /^\/api\/v1\/memberships\/:id/, value: (w) => w.teammateMembershipId },
  { param: "id", url: /^\/api\/v1\/invitations\/:id/, value: (w) => w.invitation.id },
  { param: "token", url: /^\/invitations\/:token/, value: (w) => w.invitation.token },
  // Accounts: another person's rows (plain's), so only plain may act on them
  { param: "id", url: /^(\/account|\/api\/v1\/me)\/sessions\/:id/, value: (w) => w.plainSessionId },
  { param: "id", url: /^(\/account|\/api\/v1\/me)\/tokens\/:id/, value: (w) => w.plainAccessTokenId },
  {
    param: "id",
    url: /^(\/account\/feeds|\/api\/v1\/me\/feed-tokens)\/:id/,
    value: (w) => w.plainFeedTokenId,
  },
  { param: "token", url: /^\/verify-email\/:token/, value: (w) => w.emailLinks.verify },
  { param: "token", url: /^\/reset-password\/:token/, value: (w) => w.emailLinks.reset },
  { param: "token", url: /^\/email-changes\/:token/, value: (w) => w.emailLinks.change },
  // Administration and the directory
  { param: "id", url: /^(\/api\/v1)?\/admin\/users\/:id/, value: (w) => w.subject.id },
  { param: "id", url: /^(\/api\/v1)?\/admin\/outbox\/:id/, value: (w) => w.outboxId },
  { param: "id", url: /^(\/api\/v1)?\/admin\/jobs\/:id/, value: (w) => String(w.jobId) },
  { param: "id", url: /^(\/api\/v1)?\/(admin\/)?imports\/:id/, value: (w) => w.directoryImportId },
  { param: "code", url: /states\/:code/, value: () => "MD" },
  { param: "locale", value: () => "es" },
  // Communities
  { param: "slug", value: (_w, c) => c.slug },
  { param: "topicId", value: (_w, c) => c.topicId },
  { param: "postId", value: (_w, c) => c.postId },
  { param: "itemId", value: (_w, c) => c.agendaItemId },
  { param: "meetingId", value: (_w, c) => c.meetingId },
  { param: "token", url: /^\/communities\/invitations\/:token/, value: (w) => w.communityInvitationToken },
  {
    param: "token",
    url: /^\/api\/v1\/community-invitations\/:token/,
    value: (w) => w.communityInvitationToken,
  },
  { param: "token", url: /^\/communities\/unsubscribe\/:token/, value: (w) => w.unsubscribeToken },
  { param: "token", url: /^\/communities\/calendar\/:token/, value: (w) => w.calendarToken },
  { param: "userId", url: /\/communities\/:slug\/members\/:userId/, value: (_w, c) => c.removableMemberId },
  { param: "handle", value: (w) => w.handle },
];

/** The names of a registered route's parameters (`:id`, `:id.csv` → `id`; `*` → `*`). */
export function routeParams(url: string): string[] {
  const names = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  return url.includes("*") ? [...names, "*"] : names;
}

/**
 * Every `:param` of a registered route filled with a real id or slug of a row of the world. A
 * parameter the world does not know fails loudly: a route taking a new kind of id must be
 * taught here before the route-wide tests can pass.
 */
export function paramsFor(
  route: { url: string },
  world: World,
  community: CommunityChoice = "private",
): Record<string, string> {
  const rows = community === "private" ? world.privateCommunity : world.publicCommunity;
  const out: Record<string, string> = {};
  for (const name of routeParams(route.url)) {
    if (name === "*") {
      out[name] = assetHref("site.css").slice(ASSETS_PREFIX.length);
      continue;
    }
    const rule = PARAM_RULES.find((r) => r.param === name && (!r.url || r.url.test(route.url)));
    if (!rule) {
      throw new UnknownRouteParamError(
        `test/support/world.ts does not know what a real ":${name}" is for ${route.url}: add a row to the world and a rule to PARAM_RULES.`,
      );
    }
    out[name] = rule.value(world, rows);
  }
  return out;
}

/** The route's address with its parameters filled from the world. */
export function urlFor(route: { url: string }, world: World, community: CommunityChoice = "private"): string {
  const params = paramsFor(route, world, community);
  return route.url
    .replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => encodeURIComponent(params[name]!))
    .replace("*", params["*"] ?? "");
}

/** Does the route act on a community (or something in one), so it can be tried on both? */
export const takesCommunity = (url: string) => /:(slug|topicId|postId|itemId|meetingId)\b/.test(url);

// --- Putting the world back ------------------------------------------------------------------

interface TableInfo {
  name: string;
  columns: string[];
  /** Columns that cannot be written (generated, identity always). */
  insertable: string[];
  primaryKey: string[];
  /** Rows as JSON when the world was built. */
  rows: string;
}

export interface WorldSnapshot {
  /** Tables in an order where a table comes after those it references. */
  tables: TableInfo[];
  digests: TableDigests;
}

/** Tables that refuse updates and deletes, or hold what a run may only add to. */
const NOT_RESTORED = new Set(["audit_log", "__drizzle_migrations"]);

async function takeSnapshot(t: TestApp): Promise<WorldSnapshot> {
  const db = t.db;
  const columns = await queryRows<{ table_name: string; column_name: string; generated: boolean }>(
    db,
    sql`select c.table_name, c.column_name,
               (c.is_generated = 'ALWAYS' or c.identity_generation = 'ALWAYS') as generated
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        order by c.table_name, c.ordinal_position`,
  );
  const keys = await queryRows<{ table_name: string; column_name: string }>(
    db,
    sql`select tc.table_name, kcu.column_name
        from information_schema.table_constraints tc
        join information_schema.key_column_usage kcu
          on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
        where tc.table_schema = 'public' and tc.constraint_type = 'PRIMARY KEY'
        order by tc.table_name, kcu.ordinal_position`,
  );
  const references = await queryRows<{ child: string; parent: string }>(
    db,
    sql`select distinct c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and n.nspname = 'public'`,
  );
  const byTable = new Map<string, TableInfo>();
  for (const c of columns) {
    if (NOT_RESTORED.has(c.table_name)) continue;
    const info = byTable.get(c.table_name) ?? {
      name: c.table_name,
      columns: [],
      insertable: [],
      primaryKey: [],
      rows: "[]",
    };
    byTable.set(c.table_name, info);
    info.columns.push(c.column_name);
    if (!c.generated) info.insertable.push(c.column_name);
  }
  for (const k of keys) byTable.get(k.table_name)?.primaryKey.push(k.column_name);
  const strip = (name: string) => name.replace(/^"|"$/g, "").replace(/^public\./, "");
  const parents = new Map<string, Set<string>>();
  for (const r of references) {
    const child = strip(r.child);
    const parent = strip(r.parent);
    if (child === parent) continue;
    if (!parents.has(child)) parents.set(child, new Set());
    parents.get(child)!.add(parent);
  }
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const place = (name: string, seen = new Set<string>()) => {
    if (placed.has(name) || seen.has(name) || !byTable.has(name)) return;
    seen.add(name);
    for (const parent of parents.get(name) ?? []) place(parent, seen);
    placed.add(name);
    ordered.push(byTable.get(name)!);
  };
  for (const name of [...byTable.keys()].sort()) place(name);
  for (const info of ordered) {
    const [row] = await queryRows<{ rows: unknown }>(
      db,
      sql`select coalesce(json_agg(x), '[]'::json) as rows from ${sql.identifier(info.name)} x`,
    );
    info.rows = typeof row!.rows === "string" ? (row!.rows as string) : JSON.stringify(row!.rows);
  }
  return { tables: ordered, digests: await tableDigests(db) };
}

const ident = (name: string) => sql.identifier(name);
const list = (names: string[], prefix?: string) =>
  sql.join(
    names.map((n) => (prefix ? sql`${sql.raw(prefix)}.${ident(n)}` : ident(n))),
    sql`, `,
  );

/**
 * Puts back every table whose content differs from the world as built (rows added since are
 * deleted, rows changed or deleted are written back with their ids), so each request starts
 * from the same world. The audit log only grows; it is left as it is. Returns the tables it
 * restored.
 */
export async function restoreWorld(world: World, after?: TableDigests): Promise<string[]> {
  const { t, snapshot } = world;
  const now = after ?? (await tableDigests(t.db));
  const changed = snapshot.tables.filter((info) => now.get(info.name) !== snapshot.digests.get(info.name));
  if (changed.length === 0) return [];
  await t.db.transaction(async (tx) => {
    // Children first when deleting, parents first when writing back.
    for (const info of [...changed].reverse()) {
      const records = sql`json_populate_recordset(null::${ident(info.name)}, ${info.rows}::json)`;
      if (info.primaryKey.length === 0) {
        await tx.execute(sql`delete from ${ident(info.name)}`);
        continue;
      }
      await tx.execute(
        sql`delete from ${ident(info.name)} where (${list(info.primaryKey)}) not in (select ${list(info.primaryKey)} from ${records})`,
      );
    }
    for (const info of changed) {
      const records = sql`json_populate_recordset(null::${ident(info.name)}, ${info.rows}::json)`;
      const updatable = info.insertable.filter((c) => !info.primaryKey.includes(c));
      const onConflict: SQL =
        info.primaryKey.length === 0
          ? sql``
          : updatable.length === 0
            ? sql`on conflict do nothing`
            : sql`on conflict (${list(info.primaryKey)}) do update set ${sql.join(
                updatable.map((c) => sql`${ident(c)} = excluded.${ident(c)}`),
                sql`, `,
              )}`;
      await tx.execute(
        sql`insert into ${ident(info.name)} (${list(info.insertable)}) select ${list(info.insertable)} from ${records} ${onConflict}`,
      );
    }
  });
  await settle(t);
  return changed.map((info) => info.name);
}
