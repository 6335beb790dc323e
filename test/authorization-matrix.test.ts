import { and, eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomToken, sha256 } from "../src/platform/auth/tokens";
import { invitations, joinRequests, memberships } from "../src/domains/teams/schema";
import { emailTokens } from "../src/platform/auth/schema";
import { addMembership, buildDistrictWithSchools, buildUser, DEFAULT_TEST_PASSWORD } from "../src/seed/factories";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "./support/app";

/*
 * Who may do what, route by route. A state with one district and two schools (A and B), and one
 * person for each kind of visitor. Every protected route is tried by every one of them: allowed
 * visitors must get through (and, for changes, the change must happen); everyone else must be
 * refused (401/403/404 from the API; a sign-in redirect or 403/404 from pages) and change nothing.
 */

const ROLES = [
  "anonymous",
  "plain",
  "memberA",
  "leadA",
  "memberB",
  "districtMember",
  "stateMember",
  "admin",
  "researcher",
] as const;
type Role = (typeof ROLES)[number];
const SIGNED_IN = ROLES.filter((r) => r !== "anonymous");
const A_TEAM_AND_ABOVE: Role[] = ["memberA", "leadA", "districtMember", "stateMember", "admin"];
const A_LEADS: Role[] = ["leadA", "admin"];
const ADMINS: Role[] = ["admin"];

interface World {
  schoolA: { id: string };
  schoolB: { id: string };
  district: { id: string };
  user: Record<Exclude<Role, "anonymous">, { id: string; email: string }>;
  client: Record<Role, TestClient>;
  t: TestApp;
}

/** What a case made before one visitor tries it (a fresh request, membership or invitation). */
type Made = Record<string, string>;

interface Case {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** The route as registered (for app.hasRoute). */
  pattern: string;
  /** Teams routes must all be in the run; others may not be registered yet. */
  teams?: boolean;
  allow: Role[];
  prepare?: (w: World, role: Role) => Promise<Made>;
  url: (w: World, made: Made) => string;
  body?: (w: World, made: Made, role: Role) => Record<string, unknown>;
  /** Did the change happen? Allowed visitors must make it; refused ones must not. */
  changed?: (w: World, made: Made, role: Role) => Promise<boolean>;
  /** Extra statuses that count as a refusal here (e.g. 409 "already on the team"). */
  alsoRefusal?: number[];
  /** Statuses an allowed visitor may get besides 2xx (pages: 200/3xx). */
  allowStatuses?: number[];
  headers?: Record<string, string>;
  payload?: string;
}

const isApi = (c: Case) => c.pattern.startsWith("/api/");

// --- helpers that make fresh targets -----------------------------------------------------------

let n = 0;
async function freshUser(w: World) {
  return buildUser(w.t.db, { name: `Matrix Person ${++n}` });
}
async function freshRequest(w: World): Promise<Made> {
  const person = await freshUser(w);
  const [r] = await w.t.db.insert(joinRequests).values({ userId: person.id, organisationId: w.schoolA.id }).returning();
  return { requestId: r!.id };
}
async function freshMembership(w: World): Promise<Made> {
  const person = await freshUser(w);
  const m = await addMembership(w.t.db, person.id, w.schoolA.id, "member");
  return { membershipId: m.id };
}
async function freshInvitation(w: World, email = `matrix-${++n}@example.org`): Promise<Made> {
  const token = randomToken();
  const [i] = await w.t.db
    .insert(invitations)
    .values({
      organisationId: w.schoolA.id,
      email,
      role: "member",
      tokenHash: sha256(token),
      invitedBy: w.user.leadA.id,
      expiresAt: new Date(Date.now() + 86400_000),
    })
    .returning();
  return { invitationId: i!.id, token };
}
async function requestStatus(w: World, id: string) {
  return (await w.t.db.select().from(joinRequests).where(eq(joinRequests.id, id)))[0]?.status;
}
async function membershipRow(w: World, id: string) {
  return (await w.t.db.select().from(memberships).where(eq(memberships.id, id)))[0];
}
async function isOnA(w: World, role: Role) {
  if (role === "anonymous") return false;
  const rows = await w.t.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.userId, w.user[role].id), eq(memberships.organisationId, w.schoolA.id)));
  return rows.length > 0;
}
async function pendingRequestOfRole(w: World, role: Role) {
  if (role === "anonymous") return false;
  const rows = await w.t.db
    .select()
    .from(joinRequests)
    .where(
      and(
        eq(joinRequests.userId, w.user[role].id),
        eq(joinRequests.organisationId, w.schoolA.id),
        eq(joinRequests.status, "pending"),
      ),
    );
  return rows.length > 0;
}

// --- the table ---------------------------------------------------------------------------------

const A = (w: World) => w.schoolA.id;

const CASES: Case[] = [
  // Team pages
  { method: "GET", pattern: "/organisations/:id/team", teams: true, allow: A_TEAM_AND_ABOVE, url: (w) => `/organisations/${A(w)}/team` },
  {
    method: "POST",
    pattern: "/organisations/:id/join-requests",
    teams: true,
    allow: ["plain", "memberB", "districtMember", "stateMember", "admin", "researcher"],
    url: (w) => `/organisations/${A(w)}/join-requests`,
    body: () => ({ message: "Matrix" }),
    changed: (w, _m, role) => pendingRequestOfRole(w, role),
  },
  {
    method: "POST",
    pattern: "/organisations/:id/join-requests/:childId/withdraw",
    teams: true,
    allow: ["plain"],
    prepare: async (w) => {
      await w.t.db
        .update(joinRequests)
        .set({ status: "withdrawn" })
        .where(and(eq(joinRequests.userId, w.user.plain.id), eq(joinRequests.status, "pending")));
      const [r] = await w.t.db.insert(joinRequests).values({ userId: w.user.plain.id, organisationId: A(w) }).returning();
      return { requestId: r!.id };
    },
    url: (w, m) => `/organisations/${A(w)}/join-requests/${m.requestId}/withdraw`,
    changed: async (w, m) => (await requestStatus(w, m.requestId!)) === "withdrawn",
  },
  ...(["approve", "decline"] as const).map(
    (d): Case => ({
      method: "POST",
      pattern: `/organisations/:id/join-requests/:childId/${d}`,
      teams: true,
      allow: A_LEADS,
      prepare: freshRequest,
      url: (w, m) => `/organisations/${A(w)}/join-requests/${m.requestId}/${d}`,
      changed: async (w, m) => (await requestStatus(w, m.requestId!)) === (d === "approve" ? "approved" : "declined"),
    }),
  ),
  {
    method: "POST",
    pattern: "/organisations/:id/members/:childId/role",
    teams: true,
    allow: A_LEADS,
    prepare: freshMembership,
    url: (w, m) => `/organisations/${A(w)}/members/${m.membershipId}/role`,
    body: () => ({ role: "lead" }),
    changed: async (w, m) => (await membershipRow(w, m.membershipId!))?.role === "lead",
  },
  {
    method: "GET",
    pattern: "/organisations/:id/members/:childId/remove",
    teams: true,
    allow: A_LEADS,
    prepare: freshMembership,
    url: (w, m) => `/organisations/${A(w)}/members/${m.membershipId}/remove`,
  },
  {
    method: "POST",
    pattern: "/organisations/:id/members/:childId/remove",
    teams: true,
    allow: A_LEADS,
    prepare: freshMembership,
    url: (w, m) => `/organisations/${A(w)}/members/${m.membershipId}/remove`,
    changed: async (w, m) => !(await membershipRow(w, m.membershipId!)),
  },
  {
    method: "POST",
    pattern: "/organisations/:id/invitations",
    teams: true,
    allow: A_LEADS,
    prepare: async () => ({ email: `page-invite-${++n}@example.org` }),
    url: (w) => `/organisations/${A(w)}/invitations`,
    body: (_w, m) => ({ email: m.email!, role: "member" }),
    changed: async (w, m) =>
      (await w.t.db.select().from(invitations).where(eq(invitations.email, m.email!))).length > 0,
  },
  {
    method: "POST",
    pattern: "/organisations/:id/invitations/:childId/revoke",
    teams: true,
    allow: A_LEADS,
    prepare: (w) => freshInvitation(w),
    url: (w, m) => `/organisations/${A(w)}/invitations/${m.invitationId}/revoke`,
    changed: async (w, m) =>
      (await w.t.db.select().from(invitations).where(eq(invitations.id, m.invitationId!)))[0]?.status === "revoked",
  },
  { method: "GET", pattern: "/organisations/:id/leave", teams: true, allow: ["memberA", "leadA"], url: (w) => `/organisations/${A(w)}/leave` },
  {
    method: "POST",
    pattern: "/organisations/:id/leave",
    teams: true,
    allow: ["memberA", "leadA"],
    url: (w) => `/organisations/${A(w)}/leave`,
    changed: async (w, _m, role) => !(await isOnA(w, role)) && role !== "anonymous" && ["memberA", "leadA"].includes(role),
  },
  {
    method: "POST",
    pattern: "/invitations/:token/accept",
    teams: true,
    allow: ["plain"],
    prepare: (w) => freshInvitation(w, w.user.plain.email),
    url: (_w, m) => `/invitations/${m.token}/accept`,
    changed: (w) => isOnA(w, "plain"),
  },

  // Teams API
  {
    method: "POST",
    pattern: "/api/v1/organisations/:id/join-requests",
    teams: true,
    allow: ["plain", "memberB", "districtMember", "stateMember", "admin", "researcher"],
    alsoRefusal: [409],
    url: (w) => `/api/v1/organisations/${A(w)}/join-requests`,
    body: () => ({}),
    changed: (w, _m, role) => pendingRequestOfRole(w, role),
  },
  { method: "GET", pattern: "/api/v1/organisations/:id/join-requests", teams: true, allow: A_LEADS, url: (w) => `/api/v1/organisations/${A(w)}/join-requests` },
  ...(["approve", "decline"] as const).map(
    (d): Case => ({
      method: "POST",
      pattern: `/api/v1/join-requests/:id/${d}`,
      teams: true,
      allow: A_LEADS,
      prepare: freshRequest,
      url: (_w, m) => `/api/v1/join-requests/${m.requestId}/${d}`,
      changed: async (w, m) => (await requestStatus(w, m.requestId!)) === (d === "approve" ? "approved" : "declined"),
    }),
  ),
  {
    method: "DELETE",
    pattern: "/api/v1/join-requests/:id",
    teams: true,
    allow: [],
    prepare: freshRequest,
    url: (_w, m) => `/api/v1/join-requests/${m.requestId}`,
    changed: async (w, m) => (await requestStatus(w, m.requestId!)) === "withdrawn",
  },
  { method: "GET", pattern: "/api/v1/organisations/:id/members", teams: true, allow: A_TEAM_AND_ABOVE, url: (w) => `/api/v1/organisations/${A(w)}/members` },
  {
    method: "PATCH",
    pattern: "/api/v1/memberships/:id",
    teams: true,
    allow: A_LEADS,
    prepare: freshMembership,
    url: (_w, m) => `/api/v1/memberships/${m.membershipId}`,
    body: () => ({ role: "lead" }),
    changed: async (w, m) => (await membershipRow(w, m.membershipId!))?.role === "lead",
  },
  {
    method: "DELETE",
    pattern: "/api/v1/memberships/:id",
    teams: true,
    allow: A_LEADS,
    prepare: freshMembership,
    url: (_w, m) => `/api/v1/memberships/${m.membershipId}`,
    changed: async (w, m) => !(await membershipRow(w, m.membershipId!)),
  },
  {
    method: "POST",
    pattern: "/api/v1/organisations/:id/leave",
    teams: true,
    allow: ["memberA", "leadA"],
    url: (w) => `/api/v1/organisations/${A(w)}/leave`,
    changed: async (w, _m, role) => ["memberA", "leadA"].includes(role) && !(await isOnA(w, role)),
  },
  {
    method: "POST",
    pattern: "/api/v1/organisations/:id/invitations",
    teams: true,
    allow: A_LEADS,
    prepare: async () => ({ email: `api-invite-${++n}@example.org` }),
    url: (w) => `/api/v1/organisations/${A(w)}/invitations`,
    body: (_w, m) => ({ email: m.email!, role: "member" }),
    changed: async (w, m) =>
      (await w.t.db.select().from(invitations).where(eq(invitations.email, m.email!))).length > 0,
  },
  { method: "GET", pattern: "/api/v1/organisations/:id/invitations", teams: true, allow: A_LEADS, url: (w) => `/api/v1/organisations/${A(w)}/invitations` },
  {
    method: "DELETE",
    pattern: "/api/v1/invitations/:id",
    teams: true,
    allow: A_LEADS,
    prepare: (w) => freshInvitation(w),
    url: (_w, m) => `/api/v1/invitations/${m.invitationId}`,
    changed: async (w, m) =>
      (await w.t.db.select().from(invitations).where(eq(invitations.id, m.invitationId!)))[0]?.status === "revoked",
  },
  {
    method: "POST",
    pattern: "/api/v1/invitations/accept",
    teams: true,
    allow: ["plain"],
    prepare: (w) => freshInvitation(w, w.user.plain.email),
    url: () => "/api/v1/invitations/accept",
    body: (_w, m) => ({ token: m.token! }),
    changed: (w) => isOnA(w, "plain"),
  },

  // Accounts
  ...["/account", "/account/profile", "/account/password", "/account/tokens"].map(
    (p): Case => ({ method: "GET", pattern: p, allow: SIGNED_IN, url: () => p }),
  ),
  ...["/api/v1/me", "/api/v1/me/memberships", "/api/v1/me/sessions", "/api/v1/me/tokens"].map(
    (p): Case => ({ method: "GET", pattern: p, allow: SIGNED_IN, url: () => p }),
  ),

  // Accounts: changing one's own email address (a link to the new address is the change)
  { method: "GET", pattern: "/account/email", allow: SIGNED_IN, url: () => "/account/email" },
  ...(["/account/email", "/api/v1/me/email"] as const).map(
    (p): Case => ({
      method: "POST",
      pattern: p,
      allow: SIGNED_IN,
      prepare: async () => ({ email: `matrix-new-address-${++n}@example.org` }),
      url: () => p,
      body: (_w, m) => ({ newEmail: m.email!, currentPassword: DEFAULT_TEST_PASSWORD }),
      changed: async (w, m, role) =>
        role !== "anonymous" &&
        (
          await w.t.db
            .select()
            .from(emailTokens)
            .where(and(eq(emailTokens.userId, w.user[role].id), eq(emailTokens.newEmail, m.email!)))
        ).length > 0,
    }),
  ),

  // Administration
  ...["/admin", "/admin/users", "/admin/outbox", "/admin/audit", "/admin/audit.csv", "/admin/jobs"].map(
    (p): Case => ({ method: "GET", pattern: p, allow: ADMINS, url: () => p }),
  ),
  { method: "GET", pattern: "/admin/users/:id", allow: ADMINS, url: (w) => `/admin/users/${w.user.plain.id}` },
  ...["/api/v1/admin/users", "/api/v1/admin/outbox", "/api/v1/admin/audit", "/api/v1/admin/jobs"].map(
    (p): Case => ({ method: "GET", pattern: p, allow: ADMINS, url: () => p }),
  ),
  { method: "GET", pattern: "/api/v1/admin/users/:id", allow: ADMINS, url: (w) => `/api/v1/admin/users/${w.user.plain.id}` },

  // Measures: a school's own data is for its team and the levels above, never a peer school
  { method: "GET", pattern: "/measures/orgs/:id", allow: A_TEAM_AND_ABOVE, url: (w) => `/measures/orgs/${A(w)}` },
  {
    method: "GET",
    pattern: "/api/v1/organisations/:id/responses",
    allow: A_TEAM_AND_ABOVE,
    url: (w) => `/api/v1/organisations/${A(w)}/responses`,
  },

  // Communities: a person's own notifications
  ...["/notifications", "/notifications/settings", "/api/v1/notifications"].map(
    (p): Case => ({ method: "GET", pattern: p, allow: SIGNED_IN, url: () => p }),
  ),

  // Directory administration
  ...["/admin/organisations", "/admin/organisations/new", "/admin/imports"].map(
    (p): Case => ({ method: "GET", pattern: p, allow: ADMINS, url: () => p }),
  ),
  {
    method: "GET",
    pattern: "/admin/organisations/:id/edit",
    allow: ADMINS,
    url: (w) => `/admin/organisations/${A(w)}/edit`,
  },
  {
    method: "POST",
    pattern: "/api/v1/imports",
    allow: ADMINS,
    url: () => "/api/v1/imports?fileName=matrix.csv",
    headers: { "content-type": "text/csv" },
    payload: "NCESSCH,SCH_NAME\n",
    // An admin passes the gate; whether this tiny file is a valid import is not the question here.
    allowStatuses: [400, 415, 422],
  },
];

/** Public routes, for the report of routes the table does not cover. */
const PUBLIC = [
  /^\/$/,
  /^\/\*$/,
  /^\/(accessibility|privacy|practice-groups|healthz|readyz|directory|register|sign-in|sign-out|forgot-password)(\/|$)/,
  /^\/(language|verify-email|reset-password)\//,
  /^\/email-changes\//,
  /^\/organisations\/:id(\/join)?$/,
  /^\/invitations\/:token$/,
  /^\/api\/v1\/(docs|openapi\.json|practice-groups|states|session|accounts|password-resets|email-verifications)(\/|$)/,
  /^\/api\/v1\/organisations(\/:id)?$/,
  /^\/assets\//,
];

/** Every (method, path) the app serves, read from Fastify's route tree. */
function registeredRoutes(app: FastifyInstance): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const m = line.match(/^(.*?)(?:├── |└── )(.*?)(?: \(([^)]*)\))?$/);
    if (!m) continue;
    const depth = Math.round(m[1]!.length / 4);
    stack.length = depth;
    stack[depth] = m[2]!;
    const path = stack.join("");
    for (const method of (m[3] ?? "").split(",").map((s) => s.trim())) {
      if (method && method !== "HEAD" && method !== "OPTIONS") out.push({ method, path });
    }
  }
  return out;
}

const TEAMS_PATHS = [
  /^\/organisations\/:id\/(team|join-requests|members|invitations|leave)/,
  /^\/api\/v1\/organisations\/:id\/(join-requests|members|invitations|leave)/,
  /^\/api\/v1\/(join-requests|memberships|invitations)/,
  /^\/invitations\/:token\/accept/,
];

describe.each(DATABASES)("authorization matrix on %s", (kind) => {
  let t: TestApp;
  let w: World;
  let runnable: Case[] = [];

  beforeAll(async () => {
    t = await startTestApp(kind);
    const { district, schools, state } = await buildDistrictWithSchools(t.db, "MD", 2);
    const schoolA = schools[0]!;
    const schoolB = schools[1]!;
    const user = {} as World["user"];
    for (const role of SIGNED_IN) {
      user[role] = await buildUser(t.db, {
        name: `Matrix ${role}`,
        systemRole: role === "admin" ? "admin" : role === "researcher" ? "researcher" : "user",
      });
    }
    const second = await buildUser(t.db, { name: "Matrix second lead" });
    await addMembership(t.db, second.id, schoolA.id, "lead"); // so leadA may leave without orphaning A
    const client = { anonymous: new TestClient(t.app) } as Record<Role, TestClient>;
    await client.anonymous.get("/sign-in"); // a CSRF token, as a browser on any form would have
    for (const role of SIGNED_IN) client[role] = await signedInClient(t, user[role].id);
    w = { schoolA, schoolB, district, user, client, t };
    await heal(state.id);
    runnable = CASES.filter((c) => {
      if (t.app.hasRoute({ method: c.method, url: c.pattern })) return true;
      console.warn(`\n⚠️  AUTHORIZATION MATRIX: ${c.method} ${c.pattern} is not registered; left out of this run.\n`);
      return false;
    });
  });
  afterAll(() => t?.close());

  /** Puts the fixture teams back the way they were, whatever the last case did. */
  async function heal(stateId?: string) {
    const place: [Role, string, "member" | "lead"][] = [
      ["memberA", w.schoolA.id, "member"],
      ["leadA", w.schoolA.id, "lead"],
      ["memberB", w.schoolB.id, "member"],
      ["districtMember", w.district.id, "member"],
    ];
    if (stateId) place.push(["stateMember", stateId, "member"]);
    for (const [role, org, teamRole] of place) {
      if (role === "anonymous") continue;
      await t.db
        .insert(memberships)
        .values({ userId: w.user[role].id, organisationId: org, role: teamRole })
        .onConflictDoUpdate({ target: [memberships.userId, memberships.organisationId], set: { role: teamRole } });
    }
    // Whatever plain gained by accepting an invitation is taken back.
    await t.db.execute(sql`delete from memberships where user_id = ${w.user.plain.id}`);
    await t.db.execute(sql`update join_requests set status = 'withdrawn' where status = 'pending' and user_id in (
      ${sql.join(SIGNED_IN.map((r) => sql`${w.user[r].id}::uuid`), sql`, `)})`);
  }

  it("covers every teams route the app serves, and names any other protected route it does not", () => {
    const routes = registeredRoutes(t.app);
    const inTable = new Set(CASES.map((c) => `${c.method} ${c.pattern}`));
    const teamsMissing = routes.filter((r) => TEAMS_PATHS.some((p) => p.test(r.path)) && !inTable.has(`${r.method} ${r.path}`));
    expect(teamsMissing).toEqual([]);
    const uncovered = routes.filter(
      (r) => !inTable.has(`${r.method} ${r.path}`) && !PUBLIC.some((p) => p.test(r.path)) && r.method === "GET",
    );
    if (uncovered.length > 0) {
      console.warn(
        `\n⚠️  AUTHORIZATION MATRIX: GET routes neither public nor in the table:\n${uncovered.map((r) => `   ${r.method} ${r.path}`).join("\n")}\n`,
      );
    }
    expect(runnable.filter((c) => c.teams)).toHaveLength(CASES.filter((c) => c.teams).length);
  });

  it.each(CASES.map((c) => [`${c.method} ${c.pattern}`, c] as const))("%s", async (_name, c) => {
    if (!runnable.includes(c)) return;
    const failures: string[] = [];
    for (const role of ROLES) {
      const made = (await c.prepare?.(w, role)) ?? {};
      const client = w.client[role];
      const url = c.url(w, made);
      const body = c.body?.(w, made, role);
      let res: Awaited<ReturnType<TestClient["request"]>>;
      if (isApi(c)) {
        const headers = { "x-csrf-token": client.csrfToken, ...(c.headers ?? {}) };
        res = c.payload
          ? await client.request({ method: c.method, url, payload: c.payload, headers })
          : await client.json(c.method, url, body ?? (c.method === "GET" || c.method === "DELETE" ? undefined : {}), headers);
      } else if (c.method === "GET") {
        res = await client.get(url);
      } else {
        res = await client.postForm(url, (body ?? {}) as Record<string, string>);
      }
      const status = res.statusCode;
      const location = String(res.headers.location ?? "");
      const toSignIn = status >= 300 && status < 400 && location.startsWith("/sign-in");
      const allowed = c.allow.includes(role);
      const changed = c.changed ? await c.changed(w, made, role) : undefined;
      let ok: boolean;
      if (allowed) {
        const passed = isApi(c)
          ? (status >= 200 && status < 300) || !!c.allowStatuses?.includes(status)
          : c.method === "GET"
            ? status === 200 || !!c.allowStatuses?.includes(status)
            : (status >= 200 && status < 400 && !toSignIn) || !!c.allowStatuses?.includes(status);
        ok = passed && changed !== false;
      } else {
        const refusals = [403, 404, ...(c.alsoRefusal ?? [])];
        const refused = isApi(c)
          ? role === "anonymous"
            ? status === 401
            : refusals.includes(status)
          : role === "anonymous"
            ? toSignIn || [401, 403, 404].includes(status)
            : refusals.includes(status) ||
              // A page post may answer a refusal with a message on the next page; then nothing may change.
              (c.method !== "GET" && c.changed !== undefined && status >= 300 && status < 400 && !toSignIn);
        ok = refused && changed !== true;
      }
      if (!ok) failures.push(`${role}: ${allowed ? "should pass" : "should be refused"}, got ${status}${location ? ` → ${location}` : ""}${changed !== undefined ? `, changed=${changed}` : ""}`);
      await heal();
    }
    expect(failures, `${c.method} ${c.pattern}`).toEqual([]);
  });
});
