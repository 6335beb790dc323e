import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { auditLog } from "../../platform/audit/schema";
import { accessTokens, sessions, users } from "../../platform/auth/schema";
import { sha256 } from "../../platform/auth/tokens";
import {
  addMembership,
  buildDistrictWithSchools,
  buildUser,
  DEFAULT_TEST_PASSWORD,
} from "../../seed/factories";
import { forgetThrottles, uniqueEmail } from "./test-helpers";

describe.each(DATABASES)("accounts: the account page and API on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());
  beforeEach(() => forgetThrottles(t.db));

  async function signIn(email: string, password = DEFAULT_TEST_PASSWORD, userAgent = "Test browser") {
    const client = new TestClient(t.app);
    const res = await client.json(
      "POST",
      "/api/v1/session",
      { email, password },
      { "user-agent": userAgent },
    );
    expect(res.statusCode).toBe(200);
    await client.get("/account");
    return client;
  }

  it("sends signed-out visitors to sign in and answers the API with 401", async () => {
    const page = await t.app.inject({ url: "/account/tokens" });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/sign-in?next=%2Faccount%2Ftokens");
    for (const [method, url] of [
      ["GET", "/api/v1/me"],
      ["GET", "/api/v1/me/sessions"],
      ["GET", "/api/v1/me/tokens"],
      ["GET", "/api/v1/me/memberships"],
      ["DELETE", "/api/v1/me/sessions"],
    ] as const) {
      const res = await t.app.inject({ method, url });
      expect(res.statusCode, url).toBe(401);
      expect(res.headers["content-type"]).toContain("application/problem+json");
    }
  });

  it("shows details, teams with links, and sessions in both languages", async () => {
    const user = await buildUser(t.db, {
      email: uniqueEmail("page"),
      stakeholderRole: "school_mh_professional",
      stateCode: "OR",
    });
    const { district, schools } = await buildDistrictWithSchools(t.db, "OR", 1);
    await addMembership(t.db, user.id, schools[0]!.id, "lead");
    await addMembership(t.db, user.id, district.id, "member");
    const client = await signedInClient(t, user.id);
    const page = await client.get("/account");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Oregon");
    expect(page.body).toContain("School-employed mental health professional");
    expect(page.body).toContain(`href="/organisations/${schools[0]!.id}"`);
    expect(page.body).toContain("Team lead");
    expect(page.body).toContain("This device");

    await client.get("/language/es?next=/account");
    const es = await client.get("/account");
    expect(es.body).toContain("Sus equipos");
    expect(es.body).toContain("Líder del equipo");

    const api = await client.json("GET", "/api/v1/me/memberships");
    expect(api.json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ organisationId: schools[0]!.id, role: "lead" })]),
    );
  });

  it("edits the profile by form and by API, and audits the change", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("prof") });
    const client = await signedInClient(t, user.id);
    expect((await client.get("/account/profile")).body).toContain(`value="${user.name}"`);
    const bad = await client.postForm("/account/profile", {
      name: "",
      stateCode: "TX",
      stakeholderRole: "nonsense",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Enter your full name.");
    expect(bad.body).toContain("Choose the option that best describes you.");
    const ok = await client.postForm("/account/profile", {
      name: "Jordan Reyes",
      stateCode: "TX",
      stakeholderRole: "researcher",
      locale: "en",
    });
    expect(ok.statusCode).toBe(303);
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ name: "Jordan Reyes", stateCode: "TX", stakeholderRole: "researcher" });

    const patched = await client.json("PATCH", "/api/v1/me", { stateCode: "PR" });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ stateCode: "PR", name: "Jordan Reyes" });
    expect((await client.json("PATCH", "/api/v1/me", { name: "bad\u0007name" })).statusCode).toBe(400);
    // The address is not editable here: unknown fields are dropped, and an empty change is refused.
    const stray = await client.json("PATCH", "/api/v1/me", {
      email: "new@example.org",
      name: "Jordan Reyes",
    });
    expect(stray.json().email).toBe(user.email);
    expect((await client.json("PATCH", "/api/v1/me", {})).statusCode).toBe(400);

    const trail = await t.db.select().from(auditLog).where(eq(auditLog.action, "account.profile_updated"));
    const mine = trail.filter((a) => a.entityId === user.id);
    expect(mine).toHaveLength(2);
    expect(mine.map((a) => a.before)).toContainEqual({ stateCode: "TX" });
  });

  it("changes the password, keeping this session and ending the others", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("pw") });
    const laptop = await signIn(user.email, DEFAULT_TEST_PASSWORD, "Laptop");
    const phone = await signIn(user.email, DEFAULT_TEST_PASSWORD, "Phone");
    await laptop.get("/account/password");

    const wrong = await laptop.postForm("/account/password", {
      currentPassword: "not my password",
      newPassword: "spruce tide copper lamp",
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain("The current password is not right.");
    const weak = await laptop.postForm("/account/password", {
      currentPassword: DEFAULT_TEST_PASSWORD,
      newPassword: "password1234",
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain("very common");
    const missing = await laptop.postForm("/account/password", { currentPassword: DEFAULT_TEST_PASSWORD });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain("Enter a new password.");

    const ok = await laptop.postForm("/account/password", {
      currentPassword: DEFAULT_TEST_PASSWORD,
      newPassword: "spruce tide copper lamp",
    });
    expect(ok.statusCode).toBe(303);
    expect((await laptop.json("GET", "/api/v1/me")).statusCode).toBe(200);
    expect((await phone.json("GET", "/api/v1/me")).statusCode).toBe(401);
    await signIn(user.email, "spruce tide copper lamp");

    const apiWrong = await laptop.json("POST", "/api/v1/me/password", {
      currentPassword: "nope",
      newPassword: "another long phrase here",
    });
    expect(apiWrong.statusCode).toBe(400);
    expect(apiWrong.json().errors[0].pointer).toBe("/body/currentPassword");
    const apiOk = await laptop.json("POST", "/api/v1/me/password", {
      currentPassword: "spruce tide copper lamp",
      newPassword: "another long phrase here",
    });
    expect(apiOk.statusCode).toBe(204);
    const trail = await t.db.select().from(auditLog).where(eq(auditLog.entityId, user.id));
    expect(trail.filter((a) => a.action === "account.password_changed")).toHaveLength(2);
    expect(JSON.stringify(trail)).not.toContain("spruce");
  });

  it("lists sessions, ends one, and signs out everywhere else", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("sess") });
    const laptop = await signIn(user.email, DEFAULT_TEST_PASSWORD, "Laptop");
    const phone = await signIn(user.email, DEFAULT_TEST_PASSWORD, "Phone");
    const tablet = await signIn(user.email, DEFAULT_TEST_PASSWORD, "Tablet");

    const listed = (await laptop.json("GET", "/api/v1/me/sessions")).json().items as {
      id: string;
      userAgent: string;
      current: boolean;
    }[];
    expect(listed).toHaveLength(3);
    expect(listed.find((s) => s.current)?.userAgent).toBe("Laptop");
    const phoneSession = listed.find((s) => s.userAgent === "Phone")!;

    const page = await laptop.get("/account");
    expect(page.body).toContain("Tablet");
    const ended = await laptop.postForm(`/account/sessions/${phoneSession.id}/end`, {});
    expect(ended.statusCode).toBe(303);
    expect((await phone.json("GET", "/api/v1/me")).statusCode).toBe(401);

    // Someone else's session id cannot be ended from this account.
    const stranger = await buildUser(t.db, { email: uniqueEmail("other") });
    const strangerClient = await signIn(stranger.email);
    const theirs = (await strangerClient.json("GET", "/api/v1/me/sessions")).json().items[0].id;
    expect((await laptop.json("DELETE", `/api/v1/me/sessions/${theirs}`)).statusCode).toBe(404);
    await laptop.get("/account");
    expect((await laptop.postForm(`/account/sessions/${theirs}/end`, {})).statusCode).toBe(404);
    expect((await strangerClient.json("GET", "/api/v1/me")).statusCode).toBe(200);

    const everywhere = await laptop.postForm("/account/sessions/end-others", {});
    expect(everywhere.statusCode).toBe(303);
    expect((await tablet.json("GET", "/api/v1/me")).statusCode).toBe(401);
    expect((await laptop.json("GET", "/api/v1/me")).statusCode).toBe(200);
    const left = await t.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(left).toHaveLength(1);

    const again = await signIn(user.email, DEFAULT_TEST_PASSWORD, "Desktop");
    const apiEnd = await laptop.json("DELETE", "/api/v1/me/sessions");
    expect(apiEnd.json()).toEqual({ ended: 1, feedTokensRevoked: 0 });
    expect((await again.json("GET", "/api/v1/me")).statusCode).toBe(401);

    await laptop.postForm("/sign-out", {});
    expect((await laptop.json("GET", "/api/v1/me")).statusCode).toBe(401);
  });

  it("creates a personal access token shown once, which authenticates until revoked", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("pat") });
    const client = await signedInClient(t, user.id);
    await client.get("/account/tokens");
    const blank = await client.postForm("/account/tokens", { name: "   " });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain("Enter a name for the token.");

    const created = await client.postForm("/account/tokens", { name: "District sync" });
    expect(created.statusCode).toBe(200);
    const secret = created.body.match(/(smh_pat_[A-Za-z0-9_-]+)/)?.[1];
    expect(secret).toBeDefined();
    const [row] = await t.db.select().from(accessTokens).where(eq(accessTokens.userId, user.id));
    expect(row?.tokenHash).toBe(sha256(secret!));
    expect(JSON.stringify(row)).not.toContain(secret!);
    // Shown once: the list page no longer has it.
    const listPage = await client.get("/account/tokens");
    expect(listPage.body).toContain("District sync");
    expect(listPage.body).not.toContain(secret!);

    const bearer = { authorization: `Bearer ${secret}` };
    const me = await t.app.inject({ url: "/api/v1/me", headers: bearer });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(user.id);
    // A bearer token is not a browser session: it does not sign in pages.
    expect((await t.app.inject({ url: "/account", headers: bearer })).statusCode).toBe(303);

    const listed = (await t.app.inject({ url: "/api/v1/me/tokens", headers: bearer })).json().items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty("secret");
    expect(listed[0].lastUsedAt).not.toBeNull();

    const revoke = await client.postForm(`/account/tokens/${row!.id}/revoke`, {});
    expect(revoke.statusCode).toBe(303);
    const after = await t.app.inject({ url: "/api/v1/me", headers: bearer });
    expect(after.statusCode).toBe(401);

    const apiCreated = await client.json("POST", "/api/v1/me/tokens", { name: "Script" });
    expect(apiCreated.statusCode).toBe(201);
    const apiSecret = apiCreated.json().secret as string;
    expect(apiSecret.startsWith("smh_pat_")).toBe(true);
    const viaApi = { authorization: `Bearer ${apiSecret}` };
    expect((await t.app.inject({ url: "/api/v1/me", headers: viaApi })).statusCode).toBe(200);
    const del = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/me/tokens/${apiCreated.json().id}`,
      headers: viaApi,
    });
    expect(del.statusCode).toBe(204);
    expect((await t.app.inject({ url: "/api/v1/me", headers: viaApi })).statusCode).toBe(401);
    expect((await client.json("POST", "/api/v1/me/tokens", { name: "bad\nname" })).statusCode).toBe(400);

    const trail = await t.db.select().from(auditLog).where(eq(auditLog.actorId, user.id));
    expect(trail.map((a) => a.action)).toEqual(
      expect.arrayContaining(["account.token_created", "account.token_revoked"]),
    );
    expect(JSON.stringify(trail)).not.toContain(secret!);
  });

  it("describes the accounts API in the OpenAPI document", async () => {
    const res = await t.app.inject({ url: "/api/v1/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    for (const path of [
      "/api/v1/accounts",
      "/api/v1/session",
      "/api/v1/me",
      "/api/v1/me/tokens",
      "/api/v1/me/sessions/{id}",
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths["/api/v1/me/tokens"].post.tags).toEqual(["accounts"]);
    expect(doc.paths["/api/v1/accounts"].post.requestBody).toBeDefined();
  });
});
