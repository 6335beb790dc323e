import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { SESSION_COOKIE } from "../../platform/auth/sessions";
import { auditLog } from "../../platform/audit/schema";
import { emailTokens, sessions, users } from "../../platform/auth/schema";
import { queryRows } from "../../platform/db/client";
import { buildUser, DEFAULT_TEST_PASSWORD } from "../../seed/factories";
import { forgetThrottles, GOOD_PASSWORD, linkIn, mailTo, uniqueEmail, userByEmail } from "./test-helpers";

const registration = (email: string, overrides: Record<string, string> = {}) => ({
  name: "Rosa Delgado",
  email,
  password: GOOD_PASSWORD,
  stateCode: "NM",
  stakeholderRole: "family_member",
  ...overrides,
});

describe.each(DATABASES)("accounts: register, confirm, sign in, reset on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());
  beforeEach(() => forgetThrottles(t.db));

  it("registers, mails a confirmation link, and the link confirms the address once", async () => {
    const browser = new TestClient(t.app);
    const form = await browser.get("/register");
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain("School-employed mental health professional");
    const email = uniqueEmail("rosa");
    const posted = await browser.postForm("/register", registration(email));
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe("/register/check-email");
    expect((await browser.get("/register/check-email")).body).toContain("Check your email");

    const user = await userByEmail(t.db, email);
    expect(user?.emailVerifiedAt).toBeNull();
    expect(user?.stakeholderRole).toBe("family_member");
    expect(user?.passwordHash).not.toContain(GOOD_PASSWORD);

    expect(await t.runJobs()).toBeGreaterThan(0);
    const [mail] = await mailTo(t.db, email);
    expect(mail?.status).toBe("stored");
    expect(mail?.text).toContain(`${t.config.publicUrl}/verify-email/`);
    const link = await linkIn(t.db, email, "verify-email");

    // Only the hash of the token is stored.
    const [stored] = await t.db.select().from(emailTokens).where(eq(emailTokens.userId, user!.id));
    expect(stored?.purpose).toBe("verify_email");
    expect(stored?.id).not.toBe(link.split("/").pop());
    expect(stored!.expiresAt.getTime() - Date.now()).toBeGreaterThan(47 * 3600_000);

    // Opening the link (as a mail scanner does) only shows a button: nothing is confirmed yet.
    for (let i = 0; i < 2; i++) {
      const opened = await browser.get(link);
      expect(opened.statusCode).toBe(200);
      expect(opened.body).toContain("Confirm my email address");
      expect(opened.body).toContain(`action="${link}"`);
      expect(opened.body).toContain(email);
    }
    expect((await userByEmail(t.db, email))?.emailVerifiedAt).toBeNull();
    // The button's POST needs the form's CSRF token.
    const forged = await new TestClient(t.app).postForm(link, { _csrf: "forged" });
    expect(forged.statusCode).toBe(403);
    expect((await userByEmail(t.db, email))?.emailVerifiedAt).toBeNull();

    const followed = await browser.postForm(link, {});
    expect(followed.statusCode).toBe(303);
    expect(followed.headers.location).toBe("/sign-in");
    expect((await browser.get("/sign-in")).body).toContain("Your email address is confirmed");
    expect((await userByEmail(t.db, email))?.emailVerifiedAt).toBeInstanceOf(Date);

    // Used up: a second visit or press changes nothing and only says the address is confirmed already.
    expect((await browser.get(link)).statusCode).toBe(303);
    await browser.get("/sign-in");
    const again = await browser.postForm(link, {});
    expect(again.statusCode).toBe(303);
    expect((await browser.get("/sign-in")).body).toContain("already confirmed");
    const made = await t.db.select().from(auditLog).where(eq(auditLog.action, "account.email_verified"));
    expect(made.filter((a) => a.entityId === user!.id)).toHaveLength(1);
    const unknown = await browser.get("/verify-email/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain("This link does not work");
    const api = await t.app.inject({
      method: "POST",
      url: "/api/v1/email-verifications",
      payload: { token: link.split("/").pop() },
    });
    expect(api.statusCode).toBe(400);

    const trail = await t.db.select().from(auditLog).where(eq(auditLog.entityId, user!.id));
    expect(trail.map((a) => a.action)).toEqual(
      expect.arrayContaining(["account.registered", "account.email_verified"]),
    );
    expect(JSON.stringify(trail)).not.toContain(GOOD_PASSWORD);
    expect(JSON.stringify(trail)).not.toContain("argon2");
  });

  it("carries a next path from registration through the confirmation link to sign-in", async () => {
    const browser = new TestClient(t.app);
    const next = "/invitations/abc";
    const form = await browser.get(`/register?next=${encodeURIComponent(next)}`);
    expect(form.body).toContain(`name="next" value="${next}"`);
    const email = uniqueEmail("invitee");
    const posted = await browser.postForm("/register", { ...registration(email), next });
    expect(posted.statusCode).toBe(303);
    await t.runJobs();
    const [mail] = await mailTo(t.db, email);
    const link = mail!.text.match(/https?:\/\/\S+\/verify-email\/\S+/)![0];
    expect(link).toContain(`?next=${encodeURIComponent(next)}`);
    const path = link.replace(t.config.publicUrl, "");
    const page = await browser.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`name="next" value="${next}"`);
    const confirmed = await browser.postForm(path.split("?")[0]!, { next });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(`/sign-in?next=${encodeURIComponent(next)}`);
    expect((await userByEmail(t.db, email))?.emailVerifiedAt).not.toBeNull();
  });

  it("answers a taken address exactly like a new one and mails the owner a note instead", async () => {
    const owner = await buildUser(t.db, { email: uniqueEmail("owner") });
    const browser = new TestClient(t.app);
    await browser.get("/register");
    const posted = await browser.postForm("/register", registration(owner.email.toUpperCase()));
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe("/register/check-email");
    const [{ n }] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from users where lower(email) = ${owner.email}`,
    );
    expect(n).toBe(1);
    const [mail] = await mailTo(t.db, owner.email);
    expect(mail?.subject).toBe("Someone tried to register with your email address");
    expect(mail?.text).not.toContain("/verify-email/");

    const api = await t.app.inject({
      method: "POST",
      url: "/api/v1/accounts",
      payload: registration(owner.email),
    });
    const fresh = await t.app.inject({
      method: "POST",
      url: "/api/v1/accounts",
      payload: registration(uniqueEmail()),
    });
    expect(api.statusCode).toBe(202);
    expect(api.json()).toEqual(fresh.json());
  });

  it("registers in Spanish with Spanish labels and a Spanish email", async () => {
    const browser = new TestClient(t.app);
    await browser.get("/language/es?next=/register");
    const form = await browser.get("/register");
    expect(form.body).toContain("Profesional de salud mental empleado por la escuela");
    const email = uniqueEmail("lucia");
    await browser.postForm(
      "/register",
      registration(email, { name: "Lucía Pérez", stakeholderRole: "youth" }),
    );
    const [mail] = await mailTo(t.db, email);
    expect(mail?.subject).toBe("Confirme su correo electrónico para SMH Commons");
    expect((await userByEmail(t.db, email))?.locale).toBe("es");
  });

  it("rejects bad input with field messages and writes no user", async () => {
    const browser = new TestClient(t.app);
    await browser.get("/register");
    const email = uniqueEmail("bad");
    const cases: [Record<string, string>, string][] = [
      [registration(email, { password: "short pass" }), "Password must be at least 12 characters."],
      [registration(email, { password: "password1234" }), "This password is very common"],
      [registration(email, { password: "Rosa Delgado 2026!" }), "must not contain your name or email"],
      [registration("not-an-email"), "Enter an email address like name@example.org."],
      [registration(email, { name: "Rosa\u0000Delgado" }), "Full name is not valid"],
      [registration(email, { stateCode: "ZZ" }), "Choose your state or territory."],
      [{ email, password: GOOD_PASSWORD }, "Enter your full name."],
      [{ name: "Rosa", email }, "Choose the option that best describes you."],
    ];
    for (const [fields, message] of cases) {
      const res = await browser.postForm("/register", fields);
      expect(res.statusCode, message).toBe(400);
      expect(res.body).toContain(message);
      expect(res.body).toContain('id="error-summary"');
    }
    // The person's input comes back, except the password.
    const kept = await browser.postForm("/register", registration(email, { password: "short pass" }));
    expect(kept.body).toContain(`value="${email}"`);
    expect(kept.body).not.toContain('value="short pass"');

    const api = [
      await t.app.inject({
        method: "POST",
        url: "/api/v1/accounts",
        payload: registration(email, { password: "password1234" }),
      }),
      await t.app.inject({
        method: "POST",
        url: "/api/v1/accounts",
        payload: registration(email, { password: "short" }),
      }),
      await t.app.inject({ method: "POST", url: "/api/v1/accounts", payload: registration("nope") }),
      await t.app.inject({
        method: "POST",
        url: "/api/v1/accounts",
        payload: registration(email, { name: "a\u202Eb" }),
      }),
      await t.app.inject({ method: "POST", url: "/api/v1/accounts", payload: { email } }),
    ];
    for (const res of api) {
      expect(res.statusCode).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().errors?.[0]?.pointer).toMatch(/^\/body/);
    }
    expect(api[0]!.json().errors[0]).toEqual({
      pointer: "/body/password",
      detail: "password is too common and easy to guess",
    });
    expect(await userByEmail(t.db, email)).toBeUndefined();
  });

  it("refuses a form post without its CSRF token", async () => {
    const browser = new TestClient(t.app);
    await browser.get("/register");
    const email = uniqueEmail("csrf");
    const res = await browser.postForm("/register", { ...registration(email), _csrf: "" });
    expect(res.statusCode).toBe(403);
    expect(await userByEmail(t.db, email)).toBeUndefined();
    const signIn = await browser.postForm("/sign-in", { email, password: GOOD_PASSWORD, _csrf: "forged" });
    expect(signIn.statusCode).toBe(403);
  });

  it("signs in, honours a safe next path, and gives one message for a wrong password or an unknown email", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("sam") });
    const browser = new TestClient(t.app);
    await browser.get("/sign-in?next=/account");
    const wrong = await browser.postForm("/sign-in", {
      email: user.email,
      password: "not the right password",
    });
    const unknown = await browser.postForm("/sign-in", {
      email: uniqueEmail("ghost"),
      password: DEFAULT_TEST_PASSWORD,
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain("Email or password is not right");
    expect(unknown.body).toContain("Email or password is not right");
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);

    const ok = await browser.postForm("/sign-in", {
      email: user.email,
      password: DEFAULT_TEST_PASSWORD,
      next: "/account",
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe("/account");
    const cookie = (
      ok.cookies as { name: string; httpOnly?: boolean; sameSite?: string; maxAge?: number }[]
    ).find((c) => c.name === SESSION_COOKIE);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(cookie?.maxAge).toBe(14 * 86400);
    const account = await browser.get("/account");
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain(user.email);

    const elsewhere = new TestClient(t.app);
    await elsewhere.get("/sign-in");
    const offsite = await elsewhere.postForm("/sign-in", {
      email: user.email,
      password: DEFAULT_TEST_PASSWORD,
      next: "//evil.example/steal",
    });
    // A next that is not a path on this site sends the person home.
    expect(offsite.headers.location).toBe("/");

    const apiWrong = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: user.email, password: "nope nope nope" },
    });
    const apiUnknown = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: uniqueEmail(), password: "nope nope nope" },
    });
    expect(apiWrong.statusCode).toBe(401);
    expect(apiWrong.json().detail).toBe(apiUnknown.json().detail);
  });

  it("rotates the session on sign-in: the old cookie stops working", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("rot") });
    const browser = new TestClient(t.app);
    await browser.get("/sign-in");
    await browser.postForm("/sign-in", { email: user.email, password: DEFAULT_TEST_PASSWORD });
    const first = browser.cookies.get(SESSION_COOKIE)!;
    expect((await browser.get("/api/v1/me")).statusCode).toBe(200);

    await browser.get("/sign-in");
    await browser.postForm("/sign-in", { email: user.email, password: DEFAULT_TEST_PASSWORD });
    const second = browser.cookies.get(SESSION_COOKIE)!;
    expect(second).not.toBe(first);

    const stale = await t.app.inject({
      url: "/api/v1/me",
      headers: { cookie: `${SESSION_COOKIE}=${first}` },
    });
    expect(stale.statusCode).toBe(401);
    const fresh = await t.app.inject({
      url: "/api/v1/me",
      headers: { cookie: `${SESSION_COOKIE}=${second}` },
    });
    expect(fresh.statusCode).toBe(200);
    const rows = await t.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toHaveLength(1);
  });

  it("lets an unverified person sign in and shows them how to confirm", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("unv"), verified: false });
    const browser = new TestClient(t.app);
    await browser.get("/sign-in");
    await browser.postForm("/sign-in", { email: user.email, password: DEFAULT_TEST_PASSWORD });
    const page = await browser.get("/account");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("We sent a link to");
    const resend = await browser.postForm("/account/resend-verification", {});
    expect(resend.statusCode).toBe(303);
    const link = await linkIn(t.db, user.email, "verify-email");
    expect((await browser.get(link)).statusCode).toBe(200);
    const followed = await browser.postForm(link, {});
    expect(followed.headers.location).toBe("/account");
    const confirmed = await browser.get("/account");
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).not.toContain("We sent a link to");
  });

  it("treats a disabled account like an unknown one", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("off") });
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: user.email, password: DEFAULT_TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe("Email or password is not right.");
    await t.app.inject({ method: "POST", url: "/api/v1/password-resets", payload: { email: user.email } });
    expect(await mailTo(t.db, user.email)).toHaveLength(0);
  });

  it("sends the confirmation link again through the API, once confirmed no more", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("again"), verified: false });
    const client = new TestClient(t.app);
    await client.json("POST", "/api/v1/session", { email: user.email, password: DEFAULT_TEST_PASSWORD });
    expect((await client.json("GET", "/api/v1/me")).json().emailVerified).toBe(false);
    const sent = await client.json("POST", "/api/v1/me/email-verification", {});
    expect(sent.statusCode).toBe(202);
    const token = (await linkIn(t.db, user.email, "verify-email")).split("/").pop();
    await t.app.inject({ method: "POST", url: "/api/v1/email-verifications", payload: { token } });
    expect((await client.json("GET", "/api/v1/me")).json().emailVerified).toBe(true);
    expect((await client.json("POST", "/api/v1/me/email-verification", {})).statusCode).toBe(409);
  });

  it("signs in and out through the API", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("api") });
    const client = new TestClient(t.app);
    const res = await client.json("POST", "/api/v1/session", {
      email: user.email,
      password: DEFAULT_TEST_PASSWORD,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: user.id, email: user.email, emailVerified: true });
    expect(res.json()).not.toHaveProperty("passwordHash");
    expect((await client.json("GET", "/api/v1/me")).json().id).toBe(user.id);
    expect((await client.json("DELETE", "/api/v1/session")).statusCode).toBe(204);
    const after = await client.json("GET", "/api/v1/me");
    expect(after.statusCode).toBe(401);
    expect(after.headers["content-type"]).toContain("application/problem+json");
  });

  it("throttles sign-in per account and per address", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("thr") });
    const browser = new TestClient(t.app);
    await browser.get("/sign-in");
    for (let i = 0; i < 10; i++) {
      const res = await browser.postForm("/sign-in", { email: user.email, password: `wrong password ${i}` });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await browser.postForm("/sign-in", {
      email: user.email,
      password: DEFAULT_TEST_PASSWORD,
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain("Too many sign-in attempts");
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
    const api = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: user.email, password: DEFAULT_TEST_PASSWORD },
    });
    expect(api.statusCode).toBe(429);
    expect(api.headers["retry-after"]).toBe("900");

    await forgetThrottles(t.db);
    for (let i = 0; i < 20; i++) {
      await t.app.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { email: uniqueEmail("spray"), password: "whatever it is" },
      });
    }
    const perIp = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: user.email, password: DEFAULT_TEST_PASSWORD },
    });
    expect(perIp.statusCode).toBe(429);
    const elsewhere = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: user.email, password: DEFAULT_TEST_PASSWORD },
      remoteAddress: "203.0.113.9",
    });
    expect(elsewhere.statusCode).toBe(200);
  });

  it("does not lock out a school whose staff all sign in from one address", async () => {
    const staff = await buildUser(t.db, { email: uniqueEmail("staff") });
    for (let i = 0; i < 25; i++) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { email: staff.email, password: DEFAULT_TEST_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
    }
  });

  it("resets a forgotten password with a single-use link and ends every session", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("reset") });
    const phone = new TestClient(t.app);
    await phone.json("POST", "/api/v1/session", { email: user.email, password: DEFAULT_TEST_PASSWORD });
    expect((await phone.json("GET", "/api/v1/me")).statusCode).toBe(200);

    const browser = new TestClient(t.app);
    await browser.get("/forgot-password");
    const known = await browser.postForm("/forgot-password", { email: user.email });
    const unknown = await browser.postForm("/forgot-password", { email: uniqueEmail("nobody") });
    expect(known.statusCode).toBe(303);
    expect(unknown.headers.location).toBe(known.headers.location);
    expect((await browser.get(known.headers.location as string)).body).toContain(
      "If an account exists for that address",
    );

    const link = await linkIn(t.db, user.email, "reset-password");
    const [token] = await t.db.select().from(emailTokens).where(eq(emailTokens.purpose, "reset_password"));
    expect(token!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
    expect((await browser.get(link)).body).toContain("Choose a new password");

    const weak = await browser.postForm(link, { password: "password1234" });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain("very common");

    const newPassword = "quiet harbor maple ribbon";
    const done = await browser.postForm(link, { password: newPassword });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/sign-in");
    expect((await phone.json("GET", "/api/v1/me")).statusCode).toBe(401);
    const left = await t.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(left).toHaveLength(0);

    const reused = await browser.postForm(link, { password: "another fine long phrase" });
    expect(reused.statusCode).toBe(400);
    expect(reused.body).toContain("This reset link does not work");

    const old = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: user.email, password: DEFAULT_TEST_PASSWORD },
    });
    expect(old.statusCode).toBe(401);
    const fresh = await t.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: user.email, password: newPassword },
    });
    expect(fresh.statusCode).toBe(200);

    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "account.password_reset"));
    expect(audit?.entityId).toBe(user.id);
  });

  it("confirms through the API, and refuses an expired link", async () => {
    const email = uniqueEmail("exp");
    await t.app.inject({ method: "POST", url: "/api/v1/accounts", payload: registration(email) });
    const token = (await linkIn(t.db, email, "verify-email")).split("/").pop();
    const user = await userByEmail(t.db, email);
    await t.db
      .update(emailTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(emailTokens.userId, user!.id));
    const expired = await t.app.inject({
      method: "POST",
      url: "/api/v1/email-verifications",
      payload: { token },
    });
    expect(expired.statusCode).toBe(400);
    expect((await userByEmail(t.db, email))?.emailVerifiedAt).toBeNull();

    await t.db
      .update(emailTokens)
      .set({ expiresAt: new Date(Date.now() + 3600_000) })
      .where(eq(emailTokens.userId, user!.id));
    const ok = await t.app.inject({ method: "POST", url: "/api/v1/email-verifications", payload: { token } });
    expect(ok.statusCode).toBe(204);
    expect((await userByEmail(t.db, email))?.emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("resets through the API and throttles reset requests", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("apireset") });
    const asked = await t.app.inject({
      method: "POST",
      url: "/api/v1/password-resets",
      payload: { email: user.email },
    });
    expect(asked.statusCode).toBe(202);
    const token = (await linkIn(t.db, user.email, "reset-password")).split("/").pop();
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/password-resets/confirm",
      payload: { token, password: "short" },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: "POST",
      url: "/api/v1/password-resets/confirm",
      payload: { token, password: "granite meadow lantern fox" },
    });
    expect(ok.statusCode).toBe(204);
    const again = await t.app.inject({
      method: "POST",
      url: "/api/v1/password-resets/confirm",
      payload: { token, password: "granite meadow lantern fox" },
    });
    expect(again.statusCode).toBe(400);

    for (let i = 0; i < 4; i++) {
      await t.app.inject({ method: "POST", url: "/api/v1/password-resets", payload: { email: user.email } });
    }
    const limited = await t.app.inject({
      method: "POST",
      url: "/api/v1/password-resets",
      payload: { email: user.email },
    });
    expect(limited.statusCode).toBe(429);
    const [row] = await t.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(row?.hash).toMatch(/^\$argon2id\$/);
  });
});
