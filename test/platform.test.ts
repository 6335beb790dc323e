import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetHref } from "../src/platform/http/assets";
import { DATABASES, startTestApp, type TestApp, TestClient } from "./support/app";

describe.each(DATABASES)("platform shell on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("serves the home page in English and Spanish", async () => {
    const client = new TestClient(t.app);
    const en = await client.get("/");
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('<html lang="en"');
    const switched = await client.get("/language/es?next=/");
    expect(switched.statusCode).toBe(302);
    const es = await client.get("/");
    expect(es.body).toContain('<html lang="es"');
    expect(es.body).toContain("Saltar al contenido principal");
  });

  it("sends the security headers and a request id with every response", async () => {
    for (const url of ["/", "/no-such-page", "/api/v1/no-such-thing", assetHref("site.css")]) {
      const res = await t.app.inject({ url });
      const csp = String(res.headers["content-security-policy"]);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(res.headers["x-content-type-options"], url).toBe("nosniff");
      expect(res.headers["x-frame-options"], url).toBe("SAMEORIGIN");
      expect(res.headers["referrer-policy"], url).toBe("no-referrer");
      expect(res.headers["x-request-id"], url).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers["strict-transport-security"], url).toBeUndefined();
    }
    const traced = await t.app.inject({ url: "/", headers: { "x-request-id": "trace-123" } });
    expect(traced.headers["x-request-id"]).toBe("trace-123");
  });

  it("compresses pages, API answers and static files for browsers that accept brotli or gzip, and only for them", async () => {
    for (const url of ["/", "/practice-groups", assetHref("site.css"), "/api/v1/openapi.json"]) {
      const plain = await t.app.inject({ url });
      expect(plain.headers["content-encoding"], url).toBeUndefined();
      for (const [accept, encoding, decode] of [
        ["gzip, deflate, br", "br", brotliDecompressSync],
        ["gzip, deflate", "gzip", gunzipSync],
      ] as const) {
        for (let i = 0; i < 2; i++) {
          const zipped = await t.app.inject({ url, headers: { "accept-encoding": accept } });
          expect(zipped.headers["content-encoding"], url).toBe(encoding);
          expect(String(zipped.headers.vary), url).toContain("accept-encoding");
          expect(zipped.rawPayload.length, url).toBeLessThan(plain.rawPayload.length / 2);
          expect(decode(zipped.rawPayload).toString(), url).toBe(plain.body);
        }
      }
    }
    const refused = await t.app.inject({ url: "/", headers: { "accept-encoding": "gzip;q=0, identity" } });
    expect(refused.headers["content-encoding"]).toBeUndefined();
  });

  it("lists the 12 practice groups", async () => {
    const res = await t.app.inject({ url: "/api/v1/practice-groups" });
    expect(res.json().items).toHaveLength(12);
  });

  it("answers health and readiness", async () => {
    expect((await t.app.inject({ url: "/healthz" })).statusCode).toBe(200);
    expect((await t.app.inject({ url: "/readyz" })).json()).toEqual({ status: "ready" });
  });

  it("answers unknown API paths with problem+json and unknown pages with a 404 page", async () => {
    const api = await t.app.inject({ url: "/api/v1/nothing-here" });
    expect(api.statusCode).toBe(404);
    expect(api.headers["content-type"]).toContain("application/problem+json");
    const page = await t.app.inject({ url: "/nothing-here" });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain("Page not found");
  });

  it("answers a malformed URL with a 400 problem, not a 500", async () => {
    const res = await t.app.inject({ url: "/api/v1/organisations/%E0%A4%A" });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
  });

  it("only redirects the language switch to paths on this site", async () => {
    const res = await t.app.inject({ url: "/language/es?next=//evil.example" });
    expect(res.headers.location).toBe("/");
  });
});
