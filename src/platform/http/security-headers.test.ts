import { describe, expect, it } from "vitest";
import { securityHeaders, siteSecurityHeaders } from "./security-headers";

describe("security headers", () => {
  it("asks browsers for HTTPS only when the site runs behind HTTPS", () => {
    expect(siteSecurityHeaders(true)["strict-transport-security"]).toMatch(/^max-age=\d+/);
    expect(siteSecurityHeaders(false)["strict-transport-security"]).toBeUndefined();
  });

  it("allows nothing from other sites and no inline script", () => {
    const csp = siteSecurityHeaders(false)["content-security-policy"]!.split(";");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp.some((d) => d.includes("unsafe-inline"))).toBe(false);
  });

  it("records exactly what helmet would set, including removals", () => {
    const headers = securityHeaders({ contentSecurityPolicy: false, xFrameOptions: { action: "deny" } });
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["content-security-policy"]).toBeUndefined();
    expect(headers["x-powered-by"]).toBeUndefined();
  });
});
