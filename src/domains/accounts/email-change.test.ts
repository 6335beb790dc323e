import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { auditLog } from "../../platform/audit/schema";
import { emailTokens, users } from "../../platform/auth/schema";
import { buildUser, DEFAULT_TEST_PASSWORD } from "../../seed/factories";
import { LIMITS } from "./service";
import { forgetThrottles, linkIn, mailTo, uniqueEmail, userByEmail } from "./test-helpers";

describe.each(DATABASES)("accounts: changing the email address on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());
  beforeEach(() => forgetThrottles(t.db));

  async function signIn(email: string, password = DEFAULT_TEST_PASSWORD) {
    const client = new TestClient(t.app);
    const res = await client.json("POST", "/api/v1/session", { email, password });
    expect(res.statusCode, `sign in as ${email}`).toBe(200);
    await client.get("/account");
    return client;
  }

  const signInStatus = async (email: string) =>
    (await new TestClient(t.app).json("POST", "/api/v1/session", { email, password: DEFAULT_TEST_PASSWORD }))
      .statusCode;

  const pendingTokens = (userId: string) =>
    t.db
      .select()
      .from(emailTokens)
      .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, "change_email")));

  const auditOf = async (userId: string, action: string) =>
    (await t.db.select().from(auditLog).where(eq(auditLog.entityId, userId))).filter(
      (a) => a.action === action,
    );

  it("changes the address through the pages: link to the new inbox, notice to the old, confirm by button", async () => {
    const oldEmail = uniqueEmail("before");
    const newEmail = uniqueEmail("after");
    const user = await buildUser(t.db, { email: oldEmail, verified: false });
    const client = await signIn(oldEmail);
    const otherDevice = await signIn(oldEmail);

    const account = await client.get("/account");
    expect(account.body).toContain('href="/account/email"');
    const form = await client.get("/account/email");
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(oldEmail);
    expect(form.body).toContain('name="newEmail"');
    expect(form.body).toContain('autocomplete="current-password"');

    const asked = await client.postForm("/account/email", {
      newEmail,
      currentPassword: DEFAULT_TEST_PASSWORD,
    });
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe("/account");
    const landed = await client.get("/account");
    expect(landed.body).toContain("Check your new inbox");
    // Nothing changes until the new address confirms.
    expect((await userByEmail(t.db, oldEmail))?.id).toBe(user.id);

    const notice = (await mailTo(t.db, oldEmail)).find((m) =>
      m.subject.startsWith("Someone asked to change"),
    );
    expect(notice?.text).toContain(newEmail);
    expect(notice?.text).toContain("/forgot-password");
    expect(notice?.text).not.toMatch(/email-changes\//);
    const link = await linkIn(t.db, newEmail, "email-changes");
    const [row] = await pendingTokens(user.id);
    expect(row?.newEmail).toBe(newEmail);
    expect(row?.id).not.toBe(link.split("/").pop()); // stored hashed

    // Opening the link (as a mail scanner would, twice) shows a button and uses nothing up.
    for (let i = 0; i < 2; i++) {
      const confirmPage = await client.get(link);
      expect(confirmPage.statusCode).toBe(200);
      expect(confirmPage.body).toContain(newEmail);
      expect(confirmPage.body).toContain(`action="${link}"`);
    }
    expect((await otherDevice.get("/account")).statusCode).toBe(200);
    const confirmed = await client.postForm(link, {});
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe("/account");
    // The session that confirmed stays signed in; every other one of the person is signed out.
    expect((await otherDevice.get("/account")).statusCode).toBe(303);
    // The old address is told the change is done (besides the earlier "someone asked" notice).
    const done = (await mailTo(t.db, oldEmail)).find((m) => m.subject.includes("was changed"));
    expect(done?.text).toContain(newEmail);
    expect(done?.text).toContain("signed out");

    const after = await client.get("/account");
    expect(after.body).toContain("Your email address is changed.");
    expect(after.body).toContain(newEmail);
    expect(after.body).not.toContain(oldEmail);
    expect(after.body).not.toContain("Confirm your email address"); // the new address counts as confirmed
    const [stored] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(stored?.email).toBe(newEmail);
    expect(stored?.emailVerifiedAt).not.toBeNull();

    const [changed] = await auditOf(user.id, "account.email_changed");
    expect(changed).toMatchObject({
      actorId: user.id,
      before: { email: oldEmail },
      after: { email: newEmail, sessionsEnded: 1 },
    });

    expect(await signInStatus(newEmail)).toBe(200);
    expect(await signInStatus(oldEmail)).toBe(401);

    // The link works once.
    expect((await client.postForm(link, {})).statusCode).toBe(400);
    const used = await client.get(link);
    expect(used.statusCode).toBe(400);
    expect(used.body).toContain("This link does not work");
  });

  it("keeps the form on a wrong password, with the message beside the password field", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("wrongpw") });
    const client = await signIn(user.email);
    await client.get("/account/email");
    const newEmail = uniqueEmail("wanted");

    const wrong = await client.postForm("/account/email", {
      newEmail,
      currentPassword: "not my password at all",
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toMatch(/id="currentPassword-error"[^>]*>[^<]*The current password is not right\./);
    expect(wrong.body).toContain(`value="${newEmail}"`);
    expect(wrong.body).not.toContain("not my password at all");

    const invalid = await client.postForm("/account/email", {
      newEmail: "not an address",
      currentPassword: "x",
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain("Enter an email address like name@example.org.");
    const blank = await client.postForm("/account/email", { newEmail, currentPassword: "" });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain("Enter your current password.");
    const same = await client.postForm("/account/email", {
      newEmail: user.email.toUpperCase(),
      currentPassword: DEFAULT_TEST_PASSWORD,
    });
    expect(same.statusCode).toBe(400);
    expect(same.body).toContain("That is already your email address.");

    expect(await mailTo(t.db, newEmail)).toHaveLength(0);
    expect(await pendingTokens(user.id)).toHaveLength(0);
  });

  it("does not say when the new address belongs to another account, and tells that account's owner", async () => {
    const owner = await buildUser(t.db, { email: uniqueEmail("owner"), locale: "es" });
    const asker = await buildUser(t.db, { email: uniqueEmail("asker") });
    const client = await signIn(asker.email);

    const free = await client.postForm("/account/email", {
      newEmail: uniqueEmail("free"),
      currentPassword: DEFAULT_TEST_PASSWORD,
    });
    const taken = await client.postForm("/account/email", {
      newEmail: owner.email.toUpperCase(),
      currentPassword: DEFAULT_TEST_PASSWORD,
    });
    expect(taken.statusCode).toBe(free.statusCode);
    expect(taken.headers.location).toBe(free.headers.location);
    expect((await client.get("/account")).body).toContain("Check your new inbox");

    const ownersMail = await mailTo(t.db, owner.email);
    expect(ownersMail).toHaveLength(1);
    expect(ownersMail[0]!.subject).toBe("Alguien intentó usar su correo electrónico en otra cuenta");
    expect(ownersMail[0]!.text).not.toMatch(/email-changes\//);
    // The asker's own inbox hears about both requests, the same way.
    const notices = (await mailTo(t.db, asker.email)).filter((m) => m.subject.startsWith("Someone asked"));
    expect(notices).toHaveLength(2);
    // Asking again retired the free address's link, exactly as a second free address would have.
    const live = (await pendingTokens(asker.id)).filter((r) => !r.usedAt);
    expect(live).toHaveLength(0);
    expect((await userByEmail(t.db, owner.email))?.id).toBe(owner.id);

    const api = await client.json("POST", "/api/v1/me/email", {
      newEmail: owner.email,
      currentPassword: DEFAULT_TEST_PASSWORD,
    });
    expect(api.statusCode).toBe(202);
    expect(api.json().status).toBe("confirmation_sent");
  });

  it("changes nothing when the address is taken before the link is followed", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("slow") });
    const client = await signIn(user.email);
    const wanted = uniqueEmail("contested");
    await client.postForm("/account/email", { newEmail: wanted, currentPassword: DEFAULT_TEST_PASSWORD });
    const link = await linkIn(t.db, wanted, "email-changes");
    await buildUser(t.db, { email: wanted.toUpperCase() });

    const res = await client.postForm(link, {});
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain("Another account now uses this email address");
    expect((await t.db.select().from(users).where(eq(users.id, user.id)))[0]?.email).toBe(user.email);
    expect(await auditOf(user.id, "account.email_changed")).toHaveLength(0);
    const api = await new TestClient(t.app).json("POST", "/api/v1/email-changes/confirm", {
      token: link.split("/").pop(),
    });
    expect(api.statusCode).toBe(409);
    expect(api.headers["content-type"]).toContain("application/problem+json");
  });

  it("refuses expired links, and earlier links once a newer one is sent or the change is made", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("expiry") });
    const client = await signIn(user.email);
    const first = uniqueEmail("first");
    await client.postForm("/account/email", { newEmail: first, currentPassword: DEFAULT_TEST_PASSWORD });
    const firstLink = await linkIn(t.db, first, "email-changes");
    const second = uniqueEmail("second");
    await client.postForm("/account/email", { newEmail: second, currentPassword: DEFAULT_TEST_PASSWORD });
    const secondLink = await linkIn(t.db, second, "email-changes");
    expect((await client.get(firstLink)).statusCode).toBe(400);
    expect((await client.postForm(firstLink, {})).statusCode).toBe(400);

    await t.db.execute(
      sql`update email_tokens set expires_at = now() - interval '1 minute' where user_id = ${user.id} and purpose = 'change_email'`,
    );
    expect((await client.get(secondLink)).statusCode).toBe(400);
    expect((await client.postForm(secondLink, {})).statusCode).toBe(400);
    const api = await client.json("POST", "/api/v1/email-changes/confirm", {
      token: secondLink.split("/").pop(),
    });
    expect(api.statusCode).toBe(400);
    expect(api.json().detail).toContain("expired");
    expect((await t.db.select().from(users).where(eq(users.id, user.id)))[0]?.email).toBe(user.email);

    // A reset link sent to the old address stops working once the address changes.
    await client.postForm("/sign-out", {});
    await new TestClient(t.app).postForm("/forgot-password", { email: user.email });
    const resetLink = await linkIn(t.db, user.email, "reset-password");
    const again = await signIn(user.email);
    const third = uniqueEmail("third");
    await again.postForm("/account/email", { newEmail: third, currentPassword: DEFAULT_TEST_PASSWORD });
    const thirdLink = await linkIn(t.db, third, "email-changes");
    // Confirmed signed out, from another device: the page sends the person to sign in.
    const elsewhere = new TestClient(t.app);
    await elsewhere.get(thirdLink);
    const done = await elsewhere.postForm(thirdLink, {});
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/sign-in");
    expect((await new TestClient(t.app).get(resetLink)).statusCode).toBe(400);
  });

  it("works through the API: 202, then the token gives the changed account; problems for bad input", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("api") });
    const client = await signIn(user.email);
    const newEmail = uniqueEmail("apinew");

    const anonymous = await new TestClient(t.app).json("POST", "/api/v1/me/email", {
      newEmail,
      currentPassword: DEFAULT_TEST_PASSWORD,
    });
    expect(anonymous.statusCode).toBe(401);
    const wrong = await client.json("POST", "/api/v1/me/email", { newEmail, currentPassword: "nope" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.headers["content-type"]).toContain("application/problem+json");
    expect(wrong.json().errors[0].pointer).toBe("/body/currentPassword");
    for (const body of [
      { newEmail: "nope", currentPassword: DEFAULT_TEST_PASSWORD },
      { newEmail: `bad\u0000${newEmail}`, currentPassword: DEFAULT_TEST_PASSWORD },
      { newEmail },
      { newEmail: `${"x".repeat(250)}@example.org`, currentPassword: DEFAULT_TEST_PASSWORD },
    ]) {
      const res = await client.json("POST", "/api/v1/me/email", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
    }
    const same = await client.json("POST", "/api/v1/me/email", {
      newEmail: user.email,
      currentPassword: DEFAULT_TEST_PASSWORD,
    });
    expect(same.statusCode).toBe(400);
    expect(same.json().errors[0].pointer).toBe("/body/newEmail");

    const asked = await client.json("POST", "/api/v1/me/email", {
      newEmail,
      currentPassword: DEFAULT_TEST_PASSWORD,
    });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({ status: "confirmation_sent", detail: expect.any(String) });
    const token = (await linkIn(t.db, newEmail, "email-changes")).split("/").pop()!;

    const badShape = await client.json("POST", "/api/v1/email-changes/confirm", { token: "short" });
    expect(badShape.statusCode).toBe(400);
    const confirmed = await new TestClient(t.app).json("POST", "/api/v1/email-changes/confirm", { token });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ id: user.id, email: newEmail, emailVerified: true });
    expect(confirmed.json()).not.toHaveProperty("passwordHash");
    const reused = await client.json("POST", "/api/v1/email-changes/confirm", { token });
    expect(reused.statusCode).toBe(400);
    expect(reused.headers["content-type"]).toContain("application/problem+json");

    // Confirmed from elsewhere: every session of the account ended, this one included.
    expect((await client.json("GET", "/api/v1/me")).statusCode).toBe(401);
    expect((await (await signIn(newEmail)).json("GET", "/api/v1/me")).json().email).toBe(newEmail);
    expect(await auditOf(user.id, "account.email_changed")).toHaveLength(1);
    expect(await signInStatus(newEmail)).toBe(200);
    expect(await signInStatus(user.email)).toBe(401);
  });

  it("limits requests per account, on the page and in the API", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("spam") });
    const client = await signIn(user.email);
    const victim = uniqueEmail("victim");
    for (let i = 0; i < LIMITS.emailChangePerUser.limit; i++) {
      const res = await client.json("POST", "/api/v1/me/email", {
        newEmail: victim,
        currentPassword: DEFAULT_TEST_PASSWORD,
      });
      expect(res.statusCode).toBe(202);
    }
    const page = await client.postForm("/account/email", {
      newEmail: victim,
      currentPassword: DEFAULT_TEST_PASSWORD,
    });
    expect(page.statusCode).toBe(429);
    expect(page.body).toContain("Too many requests to change your email address.");
    expect(page.body).toContain(`value="${victim}"`);
    const api = await client.json("POST", "/api/v1/me/email", {
      newEmail: victim,
      currentPassword: DEFAULT_TEST_PASSWORD,
    });
    expect(api.statusCode).toBe(429);
    expect(api.headers["retry-after"]).toBeDefined();
    expect(await mailTo(t.db, victim)).toHaveLength(LIMITS.emailChangePerUser.limit);
  });

  it("speaks Spanish on the pages and in the emails of a Spanish-speaking person", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("es"), locale: "es" });
    const client = await signIn(user.email);
    await client.get("/language/es?next=/account/email");
    const form = await client.get("/account/email");
    expect(form.body).toContain("Cambiar su correo electrónico");
    expect(form.body).toContain("Correo electrónico nuevo");
    const account = await client.get("/account");
    expect(account.body).toContain("Cambiar correo electrónico");
    const newEmail = uniqueEmail("nuevo");
    await client.postForm("/account/email", { newEmail, currentPassword: DEFAULT_TEST_PASSWORD });
    expect((await client.get("/account")).body).toContain("Revise su nueva bandeja de entrada");
    expect((await mailTo(t.db, newEmail))[0]?.subject).toBe(
      "Confirme su nuevo correo electrónico para SMH Commons",
    );
    expect((await mailTo(t.db, user.email))[0]?.subject).toContain("Alguien pidió cambiar");
    const link = await linkIn(t.db, newEmail, "email-changes");
    expect((await client.get(link)).body).toContain("Usar este correo electrónico");
  });

  it("describes both routes in the OpenAPI document", async () => {
    const doc = (await t.app.inject({ url: "/api/v1/openapi.json" })).json();
    expect(doc.paths["/api/v1/me/email"].post.tags).toEqual(["accounts"]);
    expect(doc.paths["/api/v1/me/email"].post.summary).toBe("Change your email address");
    expect(doc.paths["/api/v1/email-changes/confirm"].post.tags).toEqual(["accounts"]);
    expect(doc.paths["/api/v1/email-changes/confirm"].post.requestBody).toBeDefined();
  });
});
