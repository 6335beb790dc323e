import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { auditLog } from "../../platform/audit/schema";
import { feedTokenOwner, issueFeedToken } from "../../platform/auth/feed-tokens";
import { users } from "../../platform/auth/schema";
import { buildUser, DEFAULT_TEST_PASSWORD } from "../../seed/factories";
import { forgetThrottles, mailTo, uniqueEmail } from "./test-helpers";

/** The feed address shown on a page (once, just after it was made). */
function feedUrlIn(body: string, publicUrl: string): string {
  const escaped = publicUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = body.match(new RegExp(`${escaped}/communities/calendar/(cal-[0-9a-f]{64})\\.ics`));
  if (!match) throw new Error("no calendar link on the page");
  return match[1]!;
}

const HOSTILE_NEXT = [
  "//evil.example",
  "/\\evil.example",
  "/\t/evil.example",
  "/%09/evil.example",
  "/%2F/evil.example",
  "%2F%2Fevil.example",
  "/%5Cevil.example",
  "https://evil.example/",
  "javascript:alert(1)",
  "/\r\nSet-Cookie: x=1",
  "/%0d%0aSet-Cookie:%20x=1",
  "/\u0000",
  "/%00",
  "/%252F%252Fevil.example",
  `/${"a".repeat(3000)}`,
];

describe.each(DATABASES)("accounts: calendar links, one language, safe redirects on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());
  beforeEach(() => forgetThrottles(t.db));

  const auditOf = (entityId: string, action: string) =>
    t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, entityId), eq(auditLog.action, action)));

  // --- Calendar links -------------------------------------------------------------------------

  it("makes a calendar link on the account page, shown once, listed, and revoked", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("feed") });
    const client = await signedInClient(t, user.id);
    const empty = await client.get("/account");
    expect(empty.body).toContain('id="calendar-links"');
    expect(empty.body).toContain("You have no calendar links.");

    const made = await client.postForm("/account/feeds", {});
    expect(made.statusCode).toBe(200);
    const token = feedUrlIn(made.body, t.config.publicUrl);
    expect(await feedTokenOwner(t.db, token)).toEqual({ userId: user.id });
    // The address shown is the one calendar apps read.
    const feed = await t.app.inject({ url: `/communities/calendar/${token}.ics` });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers["content-type"]).toContain("text/calendar");

    // Listed by its first characters, with when it was made and last used; never the whole link.
    const listed = await client.get("/account");
    expect(listed.body).toContain(`${token.slice(0, 10)}…`);
    expect(listed.body).not.toContain(token);
    const id = listed.body.match(/action="\/account\/feeds\/([0-9a-f-]{36})\/revoke"/)?.[1];
    expect(id).toBeDefined();
    expect(await auditOf(id!, "account.feed_token_created")).toHaveLength(1);

    // Someone else cannot revoke it.
    const stranger = await signedInClient(t, (await buildUser(t.db)).id);
    await stranger.get("/account");
    expect((await stranger.postForm(`/account/feeds/${id}/revoke`, {})).statusCode).toBe(404);
    expect(await feedTokenOwner(t.db, token)).toEqual({ userId: user.id });

    const revoked = await client.postForm(`/account/feeds/${id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe("/account#calendar-links");
    expect(await feedTokenOwner(t.db, token)).toBeNull();
    expect((await t.app.inject({ url: `/communities/calendar/${token}.ics` })).statusCode).toBe(404);
    const after = await client.get("/account");
    expect(after.body).toContain("The calendar link is revoked.");
    expect(after.body).toContain("You have no calendar links.");
    expect(await auditOf(id!, "account.feed_token_revoked")).toHaveLength(1);
    expect((await client.postForm(`/account/feeds/${id}/revoke`, {})).statusCode).toBe(404);

    // Signed out, none of this is reachable.
    const anonymous = await new TestClient(t.app).postForm("/account/feeds", {});
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
  });

  it("revokes every calendar link when the person signs out everywhere else (page and API)", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("feedout") });
    const laptop = await signedInClient(t, user.id);
    const phone = await signedInClient(t, user.id);
    const first = await issueFeedToken(t.db, user.id, "calendar");
    const second = await issueFeedToken(t.db, user.id, "calendar");
    await laptop.get("/account");
    const ended = await laptop.postForm("/account/sessions/end-others", {});
    expect(ended.statusCode).toBe(303);
    expect((await laptop.get("/account")).body).toContain("your calendar links are revoked");
    expect(await feedTokenOwner(t.db, first.token)).toBeNull();
    expect(await feedTokenOwner(t.db, second.token)).toBeNull();
    expect((await phone.get("/account")).statusCode).toBe(303);

    // A new link works again, until the next "sign out everywhere else" from the API.
    const made = await laptop.postForm("/account/feeds", {});
    const fresh = feedUrlIn(made.body, t.config.publicUrl);
    expect(await feedTokenOwner(t.db, fresh)).toEqual({ userId: user.id });
    const api = await laptop.json("DELETE", "/api/v1/me/sessions");
    expect(api.json()).toEqual({ ended: 0, feedTokensRevoked: 1 });
    expect(await feedTokenOwner(t.db, fresh)).toBeNull();
  });

  it("a disabled person's calendar link stops working", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("feedoff") });
    const { token } = await issueFeedToken(t.db, user.id, "calendar");
    expect(await feedTokenOwner(t.db, token)).toEqual({ userId: user.id });
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect(await feedTokenOwner(t.db, token)).toBeNull();
  });

  it("lists, makes and revokes calendar links through the API", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("feedapi") });
    const client = new TestClient(t.app);
    expect(
      (await client.json("POST", "/api/v1/session", { email: user.email, password: DEFAULT_TEST_PASSWORD }))
        .statusCode,
    ).toBe(200);
    expect((await new TestClient(t.app).json("GET", "/api/v1/me/feed-tokens")).statusCode).toBe(401);

    const created = await client.json("POST", "/api/v1/me/feed-tokens", {});
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ purpose: "calendar", lastUsedAt: null });
    const token = feedUrlIn(body.url, t.config.publicUrl);
    expect(await feedTokenOwner(t.db, token)).toEqual({ userId: user.id });
    expect((await client.json("POST", "/api/v1/me/feed-tokens", { purpose: "mail" })).statusCode).toBe(400);

    const listed = await client.json("GET", "/api/v1/me/feed-tokens");
    expect(listed.json().items).toHaveLength(1);
    expect(listed.json().items[0]).toMatchObject({ id: body.id, prefix: token.slice(0, 10) });
    expect(JSON.stringify(listed.json())).not.toContain(token);

    const other = await buildUser(t.db);
    const theirs = await issueFeedToken(t.db, other.id, "calendar");
    expect((await client.json("DELETE", `/api/v1/me/feed-tokens/${theirs.id}`)).statusCode).toBe(404);
    expect(await feedTokenOwner(t.db, theirs.token)).toEqual({ userId: other.id });
    expect((await client.json("DELETE", "/api/v1/me/feed-tokens/not-a-uuid")).statusCode).toBe(400);
    expect((await client.json("DELETE", `/api/v1/me/feed-tokens/${body.id}`)).statusCode).toBe(204);
    expect((await client.json("DELETE", `/api/v1/me/feed-tokens/${body.id}`)).statusCode).toBe(404);
    expect(await feedTokenOwner(t.db, token)).toBeNull();
  });

  // --- One language ---------------------------------------------------------------------------

  it("signed in, the language link saves the account's language, which emails then follow", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("lang"), verified: false });
    const client = await signedInClient(t, user.id);
    const switched = await client.get("/language/es?next=/account");
    expect(switched.statusCode).toBe(302);
    expect(switched.headers.location).toBe("/account");
    expect(client.cookies.get("smh_lang")).toBe("es");
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.locale).toBe("es");
    expect(await auditOf(user.id, "account.locale_changed")).toHaveLength(1);
    // The same language again writes nothing.
    await client.get("/language/es?next=/account");
    expect(await auditOf(user.id, "account.locale_changed")).toHaveLength(1);

    // An email sent now is written in Spanish.
    expect((await client.get("/account")).body).toContain("Mi cuenta");
    await client.postForm("/account/resend-verification", {});
    const [mail] = await mailTo(t.db, user.email);
    expect(mail?.subject).toBe("Confirme su correo electrónico para SMH Commons");
  });

  it("signed out, the language link only sets the cookie", async () => {
    const visitor = new TestClient(t.app);
    const switched = await visitor.get("/language/es?next=/practice-groups");
    expect(switched.headers.location).toBe("/practice-groups");
    expect(visitor.cookies.get("smh_lang")).toBe("es");
    expect((await visitor.get("/sign-in")).body).toContain("Iniciar sesión");
    expect((await visitor.get("/language/fr?next=/sign-in")).statusCode).toBe(404);
    expect(visitor.cookies.get("smh_lang")).toBe("es");
  });

  it("the account page's language setting sets the browser's language too", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("langform") });
    const client = await signedInClient(t, user.id);
    const form = await client.get("/account/profile");
    expect(form.body).toContain('name="locale"');
    const saved = await client.postForm("/account/profile", {
      name: user.name,
      stateCode: "MD",
      stakeholderRole: "educator",
      locale: "es",
    });
    expect(saved.statusCode).toBe(303);
    expect(client.cookies.get("smh_lang")).toBe("es");
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.locale).toBe("es");
    const account = await client.get("/account");
    expect(account.body).toContain("Sus datos se guardaron.");
    expect(account.body).toContain("Español");
    const patched = await client.json("PATCH", "/api/v1/me", { locale: "en" });
    expect(patched.json()).toMatchObject({ locale: "en" });
    expect((await client.json("PATCH", "/api/v1/me", { locale: "fr" })).statusCode).toBe(400);
  });

  it("signing in, the browser's chosen language is saved, or else the account's is taken", async () => {
    const spanish = await buildUser(t.db, { email: uniqueEmail("es"), locale: "es" });
    const fresh = new TestClient(t.app);
    await fresh.get("/sign-in");
    await fresh.postForm("/sign-in", { email: spanish.email, password: DEFAULT_TEST_PASSWORD });
    expect(fresh.cookies.get("smh_lang")).toBe("es");
    expect((await fresh.get("/account")).body).toContain("Mi cuenta");

    const english = await buildUser(t.db, { email: uniqueEmail("en"), locale: "en" });
    const chose = new TestClient(t.app);
    await chose.get("/language/es?next=/sign-in");
    await chose.get("/sign-in");
    await chose.postForm("/sign-in", { email: english.email, password: DEFAULT_TEST_PASSWORD });
    const [row] = await t.db.select().from(users).where(eq(users.id, english.id));
    expect(row?.locale).toBe("es");
  });

  // --- Redirect targets -----------------------------------------------------------------------

  it("sends hostile next values home from the language link and from signing in", async () => {
    const user = await buildUser(t.db, { email: uniqueEmail("next") });
    for (const next of HOSTILE_NEXT) {
      const link = await t.app.inject({ url: `/language/es?next=${encodeURIComponent(next)}` });
      expect(link.statusCode, JSON.stringify(next)).toBe(302);
      expect(link.headers.location, JSON.stringify(next)).toBe("/");

      const browser = new TestClient(t.app);
      await browser.get("/sign-in");
      const signedIn = await browser.postForm("/sign-in", {
        email: user.email,
        password: DEFAULT_TEST_PASSWORD,
        next,
      });
      expect(signedIn.statusCode, JSON.stringify(next)).toBe(303);
      expect(signedIn.headers.location, JSON.stringify(next)).toBe("/");
      await forgetThrottles(t.db);
    }
    // As typed in the address bar (the reported case), not encoded once more.
    for (const raw of [
      "/%09/evil.example",
      "/%0d%0a/evil.example",
      "/%00/evil.example",
      "%2F%2Fevil.example",
    ]) {
      const link = await t.app.inject({ url: `/language/es?next=${raw}` });
      expect(link.headers.location, raw).toBe("/");
    }
    // A path on this site is kept.
    const fine = await t.app.inject({
      url: `/language/es?next=${encodeURIComponent("/communities?q=a%20b")}`,
    });
    expect(fine.headers.location).toBe("/communities?q=a%20b");
  });
});
