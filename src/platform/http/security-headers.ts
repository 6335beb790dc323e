import type { IncomingMessage, ServerResponse } from "node:http";
import helmet, { type HelmetOptions } from "helmet";

/**
 * The security headers helmet would set, worked out once at start. @fastify/helmet builds
 * helmet's middleware again for every request (parsing the whole policy each time), which cost
 * about a tenth of the CPU of serving the home page; our policy is the same for every response,
 * so helmet runs once against a recording response and we replay what it set.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * Our policy: everything from this site only, no framing, no inline script or style. Two of
 * helmet's defaults only ever mattered to Internet Explorer and long-gone XSS auditors
 * (X-Download-Options, X-XSS-Protection); the browsers USWDS 3 supports ignore them, so they
 * are left out rather than sent with every response.
 */
export function siteSecurityHeaders(behindHttps: boolean): Record<string, string> {
  return securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: behindHttps,
    xDownloadOptions: false,
    xXssProtection: false,
  });
}
