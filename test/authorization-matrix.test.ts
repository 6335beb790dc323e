import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Access, declaredRoutesOf } from "../src/platform/http/access";
import type { Action } from "../src/platform/policy";
import { DATABASES, type TestApp, type TestClient } from "./support/app";
import { startTestAppWithRoutes } from "./support/routes";
import { changedTables, type TableDigests, tableDigests } from "./support/table-digest";
import {
  buildWorld,
  type CommunityChoice,
  PRIVATE_MARKER,
  ROLES,
  type Role,
  restoreWorld,
  SIGNED_IN_ROLES,
  takesCommunity,
  urlFor,
  type World,
} from "./support/world";

/*
 * Who may call what, derived from the registered routes. Every route declares its access where
 * it is defined (`config: { access }`, src/platform/http/access.ts); this test reads those
 * declarations, fills each route's parameters with real rows of one world (test/support/world.ts)
 * and sends it as every kind of visitor. Refused visitors must get a refusal and change nothing
 * (every table's content compared before and after); allowed ones must get through.
 *
 * Who is allowed is written here by hand, per policy action and per resource the route acts on,
 * not read from the declaration: a wrong declaration shows up as a disagreement.
 */

// --- Who may, by hand ------------------------------------------------------------------------

const ALL: readonly Role[] = ROLES;
/** A disabled account's session no longer signs anyone in. */
const ACTIVE: readonly Role[] = SIGNED_IN_ROLES.filter((r) => r !== "disabledUser");
const ON_A: readonly Role[] = ["memberA", "leadA"];
const READS_A: readonly Role[] = [...ON_A, "districtMember", "stateMember", "admin"];
const READS_DISTRICT: readonly Role[] = ["districtMember", "stateMember", "admin"];
const READS_STATE: readonly Role[] = ["stateMember", "admin"];
const ADMIN: readonly Role[] = ["admin"];
const IN_COMMUNITY: readonly Role[] = ["privateMember", "privateLead"];
const COMMUNITY_READERS: readonly Role[] = [...IN_COMMUNITY, "admin"];
const COMMUNITY_LEADS: readonly Role[] = ["privateLead", "admin"];
const without = (roles: readonly Role[], ...out: Role[]) => roles.filter((r) => !out.includes(r));

/** What a route acts on, in the world: read from its address, by hand. */
type ResourceKind =
  | "nothing in particular"
  | "school A"
  | "the district"
  | "the state"
  | "the nation"
  | "the private community"
  | "the public community"
  | "a post in the private community"
  | "a post in the public community"
  | "the researcher's application"
  | "school A's TA episode"
  | "the network"
  | "the private community's announcement"
  | "the national library shelf"
  | "the library resource"
  | "the state's event"
  | "a proposal to the state's event"
  | "a session of the state's event"
  | "a registration for the state's event";

function resourceOf(url: string, community: CommunityChoice): ResourceKind {
  // Events (src/domains/events): the world's event is the state's; creating one names its organiser.
  if (/:proposalId\b/.test(url)) return "a proposal to the state's event";
  if (/:sessionId\b/.test(url)) return "a session of the state's event";
  if (/:registrationId\b/.test(url)) return "a registration for the state's event";
  if (/:eventSlug\b/.test(url)) return "the state's event";
  if (/:organiserId\b/.test(url)) return "the state";
  // The world's announcement and draft are the private community's own.
  if (/^(\/api\/v1|\/library)\/announcements\/:announcementId/.test(url))
    return "the private community's announcement";
  if (/^(\/api\/v1|\/library)\/announcements\/(new\/|from\/|drafts\/)/.test(url))
    return "the private community";
  // The screening catalogue's editing routes: the national shelf (its public routes need no action).
  if (/^(\/api\/v1)?\/library\/measures(\/|$)/.test(url)) return "the national library shelf";
  // The world's resource is members-only on the private community's shelf (and that shelf).
  if (/:resourceSlug\b|:shelfSlug\b/.test(url)) return "the library resource";
  if (/^(\/api\/v1)?\/assistance\/episodes\/:episodeId/.test(url)) return "school A's TA episode";
  if (/^(\/api\/v1)?\/assistance\/teams\/:teamId/.test(url)) return "school A";
  if (/^(\/api\/v1)?\/assistance\/(states\/:stateId|reports\/:scopeId)/.test(url)) return "the state";
  // A network's team routes that act for the team (report, share, answer an invitation): school A's.
  if (/networks\/:networkSlug\/teams\/:teamId\/(report|share|values|shared-changes|invitation)$/.test(url))
    return "school A";
  if (/^(\/api\/v1)?\/networks\/:networkSlug/.test(url)) return "the network";
  if (/research\/applications\/:id|^\/admin\/research\/:id|research-applications\/:id/.test(url))
    return "the researcher's application";
  if (/^(\/api\/v1)?\/library\/reach\/scopes\/:scopeId/.test(url)) return "the state";
  if (/:postId\b/.test(url)) return `a post in the ${community} community`;
  if (takesCommunity(url)) return `the ${community} community`;
  if (/^\/measures\/dashboards\/national|^\/api\/v1\/measures\/national/.test(url)) return "the nation";
  if (/^\/measures\/dashboards\/state\/:id|^\/api\/v1\/organisations\/:id\/profile-imports/.test(url))
    return "the state";
  if (
    /^\/measures\/dashboards\/district\/:id|^\/api\/v1\/organisations\/:id\/(aggregates|school-scores|schools)/.test(
      url,
    )
  )
    return "the district";
  if (/^(\/api\/v1)?\/organisations\/:id|^\/measures\/orgs\/:id|responses\/:id/.test(url)) return "school A";
  // Improvement plans, diagrams, cycles and measures: the world's rows are school A's.
  if (
    /^(\/api\/v1)?\/improvement\/(teams\/:orgId|reports\/:responseId|projects|goals|steps|nodes|drivers|cycles|measures)(\/|$)/.test(
      url,
    )
  )
    return "school A";
  if (/^\/api\/v1\/(join-requests|memberships|invitations)\/:id|^\/invitations\/:token/.test(url))
    return "school A";
  return "nothing in particular";
}

const communityRule = (priv: readonly Role[], pub: readonly Role[]) => ({
  "the private community": priv,
  "the public community": pub,
  "a post in the private community": priv,
  "a post in the public community": pub,
});
const scopeRead = {
  "school A": READS_A,
  "the district": READS_DISTRICT,
  "the state": READS_STATE,
  "the nation": ADMIN,
};

/** Who may, per policy action and resource. A declared action with no row here fails the test. */
const EXPECTED: Partial<Record<Action, Partial<Record<ResourceKind, readonly Role[]>>>> = {
  "scope.readPrivate": scopeRead,
  "measures.read": scopeRead,
  "scope.writePrivate": { "school A": [...ON_A, "admin"] },
  // Answering a school's profile and assessments is its own team's work: not admins, not levels above.
  "measures.write": { "school A": ON_A },
  "scope.manageTeam": { "school A": ["leadA", "admin"] },
  // Signed-in people with a verified address who are not on A's team (the removed member may ask again).
  "scope.requestJoin": { "school A": without(ACTIVE, "memberA", "leadA") },
  "scope.leaveTeam": { "school A": ON_A },
  // The world's membership is a teammate's who plays no role: only A's lead (and admins) remove it.
  "scope.removeMember": { "school A": ["leadA", "admin"] },
  "admin.manage": Object.fromEntries(
    (
      [
        "nothing in particular",
        "school A",
        "the district",
        "the state",
        "the nation",
        "the researcher's application",
      ] as ResourceKind[]
    ).map((k) => [k, ADMIN]),
  ),
  "research.read": {
    "nothing in particular": ["researcher", "admin"],
    "the district": ["researcher", "admin"],
  },
  // The world's application is the researcher's, approved and open; downloading under it is theirs alone.
  "research.readApplication": { "the researcher's application": ["researcher", "admin"] },
  "research.download": { "the researcher's application": ["researcher"] },
  "community.read": communityRule(COMMUNITY_READERS, ALL),
  "community.post": communityRule(COMMUNITY_READERS, COMMUNITY_READERS),
  "community.react": communityRule(COMMUNITY_READERS, ACTIVE),
  "community.membership": communityRule(IN_COMMUNITY, IN_COMMUNITY),
  // Joining is for public communities (a private one is entered by invitation); admins may anyway.
  "community.join": communityRule(ADMIN, without(ACTIVE, ...IN_COMMUNITY)),
  "community.lead": communityRule(COMMUNITY_LEADS, COMMUNITY_LEADS),
  "community.create": { "nothing in particular": ADMIN },
  // The world's posts are the private member's.
  "post.edit": communityRule(COMMUNITY_READERS, COMMUNITY_READERS),
  "post.moderate": communityRule(COMMUNITY_LEADS, COMMUNITY_LEADS),
  "measures.viewNational": { "the nation": ADMIN, "nothing in particular": ADMIN },
  // The world has no state lead: only admins import a state's profiles.
  "measures.importProfiles": { "the state": ADMIN },
  // A team's improvement work (plans, diagrams, cycles): its team and the levels above read it; only
  // its own team writes it.
  // Technical assistance: school A's episode is provided by the state team's member; the world's
  // state and nation teams have no lead, so only admins coordinate (a state lead's part is in
  // src/domains/improvement/assistance/assistance.test.ts).
  "improvement.read": { ...scopeRead, "school A's TA episode": READS_A },
  "improvement.write": { "school A": ON_A, "school A's TA episode": ON_A },
  "assistance.coordinate": { "the state": ADMIN, "school A's TA episode": ADMIN },
  "assistance.provide": { "school A's TA episode": ["stateMember", "admin"] },
  // The world's CoIIN: its community's lead and member, and school A's team (an active member
  // team); not A's peer, not the levels above A, not the community's other readers.
  "network.read": { "the network": ["privateMember", "privateLead", ...ON_A, "admin"] },
  "network.lead": { "the network": COMMUNITY_LEADS },
  // Reach dashboards: a state's team and the levels above; a community's leads.
  "reach.read": { "the state": READS_STATE, ...communityRule(COMMUNITY_LEADS, COMMUNITY_LEADS) },
  // Announcements: the world's sender is the private community (its leads write for it); its
  // sent announcement is community-only, read under the library's rule by its members.
  "announcement.send": { "the private community": COMMUNITY_LEADS },
  "library.read": {
    "the private community's announcement": COMMUNITY_READERS,
    "the library resource": COMMUNITY_READERS,
  },
  // The national shelf (and the screening catalogue on it): the nation team's leads (the world has
  // none) and admins; the world's resource's shelf: the private community's leads.
  "library.edit": { "the national library shelf": ADMIN, "the library resource": COMMUNITY_LEADS },
  // Events: the world's event is the state's, published; its proposal was submitted by the private
  // community's member (who presents the world's session) and is assigned to that community's lead
  // for review. Organisers: the state's team and the levels above.
  "event.read": {
    "the state's event": ALL,
    "a proposal to the state's event": ALL,
    "a session of the state's event": ALL,
    "a registration for the state's event": ALL,
  },
  "event.organise": {
    "the state": READS_STATE,
    "the state's event": READS_STATE,
    "a proposal to the state's event": READS_STATE,
    "a session of the state's event": READS_STATE,
    "a registration for the state's event": READS_STATE,
  },
  "event.attend": {
    "the state's event": ACTIVE,
    "a proposal to the state's event": ACTIVE,
    "a session of the state's event": ACTIVE,
  },
  "proposal.review": { "a proposal to the state's event": ["privateLead"] },
  "proposal.own": { "a proposal to the state's event": ["privateMember"] },
  "session.results": { "a session of the state's event": ["privateMember", ...READS_STATE] },
};

/**
 * Routes that act on one person's own rows: the world's row belongs to this role, so everyone
 * else must be refused even though any signed-in person may call the route.
 */
const OWNED_BY: { route: RegExp; owner: Role }[] = [
  { route: /^POST \/account\/(sessions|tokens)\/:id\/(end|revoke)$/, owner: "plain" },
  { route: /^DELETE \/api\/v1\/me\/(sessions|tokens|feed-tokens)\/:id$/, owner: "plain" },
  { route: /^POST \/account\/feeds\/:id\/revoke$/, owner: "plain" },
  { route: /^POST \/organisations\/:id\/join-requests\/:childId\/withdraw$/, owner: "plain" },
  { route: /^DELETE \/api\/v1\/join-requests\/:id$/, owner: "plain" },
  // The world's team invitation is addressed to plain; a link forwarded to someone else does not work.
  { route: /^POST \/invitations\/:token\/accept$/, owner: "plain" },
];

/** Changes anyone may make without signing in. */
const PUBLIC_WRITES = new Set([
  "POST /sign-in",
  "POST /sign-out",
  "POST /register",
  "POST /forgot-password",
  "POST /reset-password/:token",
  "POST /verify-email/:token",
  "POST /email-changes/:token",
  "POST /communities/unsubscribe/:token",
  "POST /library/announcements/unsubscribe/:token",
  "POST /api/v1/accounts",
  "POST /api/v1/email-verifications",
  "POST /api/v1/session",
  "DELETE /api/v1/session",
  "POST /api/v1/password-resets",
  "POST /api/v1/password-resets/confirm",
  "POST /api/v1/email-changes/confirm",
]);

/**
 * Routes that take an id yet are open to anyone (or to any signed-in person): public records,
 * links whose secret is the permission, and a person's own rows. Any other route that takes an
 * id must name a policy action.
 */
const OPEN_WITH_IDS = new Set([
  // CE certificate verification: public by design, showing name, activity, dates, hours and status only.
  "GET /certificates/:code",
  "GET /api/v1/certificates/:code",
  "GET /language/:locale",
  "GET /api/v1/docs/:topic",
  "GET /assets/*",
  "GET /directory/states/:code",
  "GET /api/v1/states/:code",
  "GET /organisations/:id",
  "GET /organisations/:id/join",
  "GET /api/v1/organisations/:id",
  "GET /api/v1/instruments/:id",
  "GET /measures/guidance/:instrumentId/:domainKey",
  // Census roll-ups: public, suppressed below 10 schools for anyone who may not read the schools.
  "GET /census/state/:id",
  "GET /census/state/:id.csv",
  "GET /census/state/:id/trends",
  "GET /census/state/:id/trends.csv",
  "GET /api/v1/census/state/:id",
  "GET /api/v1/census/state/:id/trends",
  "GET /census/district/:id",
  "GET /census/district/:id.csv",
  "GET /census/district/:id/trends",
  "GET /census/district/:id/trends.csv",
  "GET /api/v1/census/district/:id",
  "GET /api/v1/census/district/:id/trends",
  // A person's agenda as a calendar feed: the secret token is the key (calendar apps do not sign in).
  "GET /events/:eventSlug/agenda/feed/:feedToken",
  "GET /verify-email/:token",
  "POST /verify-email/:token",
  "GET /reset-password/:token",
  "POST /reset-password/:token",
  "GET /email-changes/:token",
  "POST /email-changes/:token",
  "GET /invitations/:token",
  "POST /invitations/:token/accept",
  "GET /communities/invitations/:token",
  "POST /communities/invitations/:token",
  "POST /api/v1/community-invitations/:token/acceptance",
  "GET /communities/unsubscribe/:token",
  "POST /communities/unsubscribe/:token",
  "GET /library/announcements/unsubscribe/:token",
  "POST /library/announcements/unsubscribe/:token",
  "GET /communities/calendar/:token",
  "GET /people/:handle",
  "GET /api/v1/people/:handle",
  "POST /account/sessions/:id/end",
  "POST /account/tokens/:id/revoke",
  "DELETE /api/v1/me/sessions/:id",
  "DELETE /api/v1/me/tokens/:id",
  "POST /account/feeds/:id/revoke",
  "DELETE /api/v1/me/feed-tokens/:id",
  "POST /organisations/:id/join-requests/:childId/withdraw",
  "DELETE /api/v1/join-requests/:id",
  // The screening and assessment catalogue is public: a measure's page and its API twin.
  "GET /library/measures/:measureSlug",
  "GET /api/v1/library/measures/:measureSlug",
]);

/**
 * Answers that may show the private community's content to someone outside it, because the
 * link's secret is the permission: a personal calendar link stands for its owner (the private
 * member), and an invitation names the community it invites to.
 */
const SHOWS_OWNERS_CONTENT = new Set([
  "GET /communities/calendar/:token",
  "GET /communities/invitations/:token",
]);

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const describeAccess = (a: Access) => (typeof a === "string" ? a : a.action);

/** Who may call the route on this resource, or why the table cannot say. */
function expectedRoles(
  route: { method: string; url: string; access: Access },
  community: CommunityChoice,
): readonly Role[] | string {
  const owned = OWNED_BY.find((o) => o.route.test(key(route)));
  let roles: readonly Role[] | undefined;
  if (route.access === "public") roles = ALL;
  else if (route.access === "signedIn") roles = ACTIVE;
  else {
    const resource = BODY_RESOURCES[key(route)] ?? resourceOf(route.url, community);
    roles = EXPECTED[route.access.action]?.[resource];
    if (!roles) return `no expected roles for ${route.access.action} on ${resource}: add a row to EXPECTED`;
  }
  return owned ? roles.filter((r) => r === owned.owner) : roles;
}

// --- Sending --------------------------------------------------------------------------------

const isApi = (url: string) => url.startsWith("/api/");

/**
 * Bodies for routes whose resource is named in the body rather than the address: just enough to
 * name the world's row (the rest is missing, so an allowed caller gets a 400 and writes nothing).
 * Every other write is sent empty.
 */
const BODIES: Record<string, (w: World) => Record<string, string>> = {
  "POST /api/v1/responses": (w) => ({ organisationId: w.schoolA.id }),
};
/** Where a route's resource comes from its body, the resource it names. */
const BODY_RESOURCES: Record<string, ResourceKind> = { "POST /api/v1/responses": "school A" };

async function send(
  client: TestClient,
  route: { method: string; url: string },
  url: string,
  w: World,
): Promise<LightMyRequestResponse> {
  const { method } = route;
  const fields = BODIES[key(route)]?.(w) ?? {};
  if (isApi(url)) {
    const body = method === "GET" || method === "DELETE" ? undefined : fields;
    return client.json(method as "GET", url, body, { "x-csrf-token": client.csrfToken });
  }
  if (method === "GET") return client.get(url);
  if (method === "POST") return client.postForm(url, fields);
  return client.request({ method: method as "PUT", url, headers: { "x-csrf-token": client.csrfToken } });
}

/** A refusal: 401/403/404 from the API; from pages 403/404 or the sign-in page (which brings one back). */
function isRefusal(res: LightMyRequestResponse, url: string): boolean {
  const location = String(res.headers.location ?? "");
  if (isApi(url)) return [401, 403, 404].includes(res.statusCode);
  return (
    [403, 404].includes(res.statusCode) || (res.statusCode === 303 && location.startsWith("/sign-in?next="))
  );
}

const shown = (res: LightMyRequestResponse) =>
  `${res.statusCode}${res.headers.location ? ` → ${String(res.headers.location).slice(0, 80)}` : ""}`;

// --- The test --------------------------------------------------------------------------------

interface MatrixRoute {
  method: string;
  url: string;
  access: Access;
}

describe.each(DATABASES)("authorization matrix on %s", (kind) => {
  let t: TestApp;
  let w: World;
  let declared: MatrixRoute[] = [];
  let undeclared: string[] = [];
  /** Each client's cookies and CSRF token as built, put back before every request. */
  const clientState = new Map<Role, { cookies: Map<string, string>; csrf: string }>();

  beforeAll(async () => {
    const started = await startTestAppWithRoutes(kind);
    t = started.t;
    const declaredByKey = new Map(declaredRoutesOf(t.app).map((r) => [key(r), r]));
    declared = [...declaredByKey.values()].filter((r) => r.method !== "HEAD" && r.method !== "OPTIONS");
    undeclared = started.routes.filter((r) => !declaredByKey.has(key(r))).map(key);
    w = await buildWorld(t);
    for (const role of ROLES) {
      const c = w.clients[role];
      clientState.set(role, { cookies: new Map(c.cookies), csrf: c.csrfToken });
    }
  }, 300_000); // builds the whole world on a possibly loaded machine
  afterAll(() => t?.close());

  it("every registered route declares who may call it", () => {
    expect(undeclared, `${undeclared.length} routes declare no access (config: { access })`).toEqual([]);
  });

  it("no route changes anything without signing in, except the known public forms", () => {
    const open = declared.filter(
      (r) => r.access === "public" && r.method !== "GET" && !PUBLIC_WRITES.has(key(r)),
    );
    expect(open.map(key)).toEqual([]);
  });

  it("every administration route is for admins", () => {
    const wrong = declared.filter(
      (r) =>
        /^\/(api\/v1\/)?admin(\/|$)/.test(r.url) &&
        (typeof r.access === "string" || r.access.action !== "admin.manage"),
    );
    expect(wrong.map((r) => `${key(r)}: ${describeAccess(r.access)}`)).toEqual([]);
  });

  it("a route that takes an id names a policy action, unless it is open by design", () => {
    const wrong = declared.filter(
      (r) => /[:*]/.test(r.url) && typeof r.access === "string" && !OPEN_WITH_IDS.has(key(r)),
    );
    expect(wrong.map((r) => `${key(r)}: ${describeAccess(r.access)}`)).toEqual([]);
  });

  it(
    "every declared route × every role: refused visitors are refused and change nothing, allowed ones get through",
    async () => {
      const failures: string[] = [];
      let cases = 0;
      const began = performance.now();
      /** Digests of the world as it stands when nothing unchecked has run since (audit log included). */
      let baseline: TableDigests = new Map(w.snapshot.digests);

      /** Sends the route as the role, from the client's state as built. */
      const tryAs = async (role: Role, route: MatrixRoute, url: string) => {
        const client = w.clients[role];
        const state = clientState.get(role)!;
        client.cookies = new Map(state.cookies);
        client.csrfToken = state.csrf;
        cases++;
        return send(client, route, url, w);
      };
      /** Puts the world back if it differs from the world as built; the baseline is then valid again. */
      const putBack = async (after: TableDigests) => {
        if (changedTables(w.snapshot.digests, after).some((name) => name !== "audit_log"))
          await restoreWorld(w, after);
        baseline = new Map(w.snapshot.digests);
        baseline.set("audit_log", after.get("audit_log")!);
      };

      // MATRIX_ROUTES=<regex> tries only the routes whose "METHOD /url" matches (while working on some).
      const only = process.env.MATRIX_ROUTES ? new RegExp(process.env.MATRIX_ROUTES) : null;
      for (const route of declared.filter((r) => !only || only.test(key(r)))) {
        const choices: CommunityChoice[] = takesCommunity(route.url) ? ["private", "public"] : ["private"];
        for (const community of choices) {
          const expected = expectedRoles(route, community);
          const label = `${key(route)}${choices.length > 1 ? ` (${community} community)` : ""} [${describeAccess(route.access)}]`;
          if (typeof expected === "string") {
            failures.push(`${label}: ${expected}`);
            continue;
          }
          let url: string;
          try {
            url = urlFor(route, w, community);
          } catch (error) {
            failures.push(`${label}: ${(error as Error).message}`);
            continue;
          }
          const refused = ROLES.filter((r) => !expected.includes(r));
          const allowed = ROLES.filter((r) => expected.includes(r));
          const judge = (role: Role, res: LightMyRequestResponse) => {
            if (res.statusCode >= 500) failures.push(`${label} as ${role}: server error ${res.statusCode}`);
            else if (expected.includes(role) && isRefusal(res, url))
              failures.push(`${label} as ${role}: should get through, got ${shown(res)}`);
            else if (!expected.includes(role) && !isRefusal(res, url))
              failures.push(`${label} as ${role}: should be refused, got ${shown(res)}`);
            // Lists, search, feeds, profiles and notifications: nothing of the private community
            // may show to anyone who may not read it, whatever the route's own rule.
            else if (
              !COMMUNITY_READERS.includes(role) &&
              !SHOWS_OWNERS_CONTENT.has(key(route)) &&
              res.body.includes(PRIVATE_MARKER)
            )
              failures.push(`${label} as ${role}: shows the private community's content (${shown(res)})`);
          };

          // Refused visitors, all in a row: together they must change nothing. If something
          // changed, each is tried again alone to name who changed what.
          for (const role of refused) judge(role, await tryAs(role, route, url));
          const afterRefused = await tableDigests(t.db);
          if (changedTables(baseline, afterRefused).length > 0) {
            await putBack(afterRefused);
            for (const role of refused) {
              const res = await tryAs(role, route, url);
              const after = await tableDigests(t.db);
              const changed = changedTables(baseline, after);
              if (changed.length > 0) {
                failures.push(
                  `${label} as ${role}: refused (${shown(res)}) but changed ${changed.join(", ")}`,
                );
                await putBack(after);
              }
            }
          }

          // Allowed visitors: each from the world as built (a change by one, such as approving
          // the request, would otherwise turn the next one away).
          for (const role of allowed) {
            judge(role, await tryAs(role, route, url));
            if (route.method !== "GET") await putBack(await tableDigests(t.db));
          }
          if (route.method === "GET" && allowed.length > 0) await putBack(await tableDigests(t.db));
        }
      }
      console.log(
        `authorization matrix on ${kind}: ${declared.length} declared routes (${undeclared.length} undeclared), ${ROLES.length} roles, ${cases} requests, ${failures.length} disagreements, ${Math.round((performance.now() - began) / 1000)} s`,
      );
      expect(failures, `${failures.length} disagreements`).toEqual([]);
    },
    30 * 60_000,
  );
});
