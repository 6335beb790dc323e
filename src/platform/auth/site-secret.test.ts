import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../test/support/app";
import { DEV_SECRET } from "../../config";
import { storedSessionSecret } from "./site-secret";

describe.each(DATABASES)("a deployment started without SESSION_SECRET (%s)", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    // Listening beyond loopback: the public development secret must not sign anything.
    t = await startTestApp(kind, { HOST: "0.0.0.0" });
  });
  afterAll(async () => t?.close());

  it("signs with a random secret of its own, kept in the database for every app server", async () => {
    expect(t.config.sessionSecret).not.toBe(DEV_SECRET);
    expect(t.config.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    // A second server on the same database reads the same secret instead of making another.
    expect(await storedSessionSecret(t.db)).toBe(t.config.sessionSecret);
  });

  it("signs in with it: a session cookie made by the app is accepted by the app", async () => {
    const page = await t.app.inject({ method: "GET", url: "/sign-in" });
    expect(page.statusCode).toBe(200);
    const csrf = page.cookies.find((c) => c.name === "smh_csrf");
    expect(csrf?.value).toBeTruthy();
    // The CSRF cookie is signed with the stored secret: the app must accept its own signature.
    expect(t.app.unsignCookie(csrf!.value).valid).toBe(true);
  });
});
