import cookie from "@fastify/cookie";
import csrf from "@fastify/csrf-protection";
import formbody from "@fastify/formbody";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { accessTokenViewers, SESSION_COOKIE, sessionViewers } from "../auth/sessions";
import { isLocale, type Locale, negotiateLocale } from "../i18n";
import { saveAccountLocale } from "../auth/account-locale";
import { Type } from "@sinclair/typebox";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Dependencies } from "../cache";
import type { Actor } from "../policy";
import type { Flash, HeaderCounts, PageContext } from "../ui/context";
import { ErrorPage } from "../ui/error-page";
import "./types";
import { isApiRequest, notFound, problemFor, sendProblem } from "./problem";
import { registerCompression, sendHtml } from "./compression";
import { CSRF_COOKIE, FLASH_COOKIE, registerPageCache } from "./page-cache";
import { siteSecurityHeaders } from "./security-headers";
import { registerAssets } from "./assets";

export const LANGUAGE_COOKIE = "smh_lang";
export interface WebOptions {
  /** Loads the viewer's memberships; supplied by the people domain. */
  loadActor: (app: FastifyInstance, viewerId: string) => Promise<Actor | null>;
  /**
   * What waits for the person, shown in every page's header; supplied by the site domain from a
   * tagged cache (a hit costs no query). Entries must depend on the person's id only: cached
   * pages depend on it and are dropped with it.
   */
  headerCounts?: (app: FastifyInstance, viewerId: string, deps: Dependencies) => Promise<HeaderCounts>;
}

export function isSecure(request: FastifyRequest) {
  return request.protocol === "https";
}

function readFlash(request: FastifyRequest): Flash[] {
  const raw = request.cookies[FLASH_COOKIE];
  if (!raw) return [];
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return [];
  try {
    const parsed = JSON.parse(unsigned.value);
    return Array.isArray(parsed) ? parsed.slice(0, 5) : [];
  } catch {
    return [];
  }
}

export { redirectToSignIn } from "./access";

/** Keeps the language a visitor chose in this browser for a year. */
export function setLanguageCookie(request: FastifyRequest, reply: FastifyReply, locale: Locale) {
  reply.setCookie(LANGUAGE_COOKIE, locale, {
    path: "/",
    sameSite: "lax",
    maxAge: 365 * 86400,
    secure: isSecure(request),
  });
}

const MAX_NEXT_LENGTH = 2000;

/**
 * A redirect target from user input: a path on this site, or `fallback`. Browsers drop tabs and
 * newlines from URLs and read a backslash as a slash, so `/\t/evil.example` or `/\\evil.example`
 * would leave the site. Only a single leading slash, with no control character and no backslash,
 * also once percent-decoded, is passed on to a Location header.
 */
export function safeNextPath(next: unknown, fallback = "/"): string {
  if (typeof next !== "string" || next.length > MAX_NEXT_LENGTH) return fallback;
  // Printable ASCII only: it goes into a Location header as it is.
  if (!/^[!-~]+$/.test(next)) return fallback;
  const decoded = fullyDecoded(next);
  if (decoded === null) return fallback;
  for (const candidate of [next, decoded]) {
    if (!candidate.startsWith("/") || candidate.startsWith("//")) return fallback;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
    if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback;
  }
  return next;
}

/** The value with percent-encoding undone until it stops changing (null when it is not valid). */
function fullyDecoded(value: string): string | null {
  let current = value;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

async function webPlatform(app: FastifyInstance, options: WebOptions) {
  const headers = siteSecurityHeaders(app.config.TRUST_PROXY);
  app.addHook("onRequest", (request, reply, done) => {
    reply.headers(headers);
    reply.header("x-request-id", request.id);
    done();
  });
  // Before any route exists, so every route (pages, API, static files) is covered.
  await registerCompression(app);
  await app.register(cookie, { secret: app.config.sessionSecret });
  await app.register(csrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: "/", sameSite: "lax", httpOnly: true, signed: true },
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const query = req.query as Record<string, unknown> | undefined;
      return (body?._csrf ?? query?._csrf ?? req.headers["x-csrf-token"]) as string;
    },
  });
  await registerAssets(app);

  app.decorateRequest("viewer", null);
  app.decorateRequest("sessionToken", null);
  app.decorateRequest("locale", "en");
  app.decorateRequest("flashes", null as unknown as Flash[]);
  const actors = app.caches.create<Actor>({ maxEntries: 50_000 });
  app.decorateRequest("actor", function (this: FastifyRequest) {
    const viewerId = this.viewer?.id;
    if (!viewerId) return Promise.resolve(null);
    this.actorPromise ??= actors.load(viewerId, (deps) => {
      deps.add(viewerId);
      return options.loadActor(app, viewerId);
    });
    return this.actorPromise;
  });
  const viewerForSession = sessionViewers(app.db, app.caches);
  const viewerForAccessToken = accessTokenViewers(app.db, app.caches);

  // Synchronous unless there is a session or token to look up, so anonymous requests (most of
  // the public site) take no promise round trip here.
  app.addHook("onRequest", (request, _reply, done) => {
    if (request.url.startsWith("/assets/")) return done();
    request.locale = negotiateLocale(request.cookies[LANGUAGE_COOKIE], request.headers["accept-language"]);
    const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer && isApiRequest(request)) {
      viewerForAccessToken(bearer).then((viewer) => {
        request.viewer = viewer;
        done();
      }, done);
      return;
    }
    const rawCookie = request.cookies[SESSION_COOKIE];
    const unsigned = rawCookie ? request.unsignCookie(rawCookie) : undefined;
    if (!unsigned?.valid || !unsigned.value) return done();
    const token = unsigned.value;
    viewerForSession(token).then((viewer) => {
      request.viewer = viewer;
      if (viewer) request.sessionToken = token;
      done();
    }, done);
  });

  // Every page a signed-in person reads shows their counts: looked up once the route's access
  // rule has passed (preHandler), for pages only (not the API or assets).
  const headerCounts = options.headerCounts;
  if (headerCounts) {
    app.decorateRequest("headerCounts", null);
    app.addHook("preHandler", (request, _reply, done) => {
      if (!request.viewer || isApiRequest(request) || request.url.startsWith("/assets/")) return done();
      const deps = new Dependencies();
      headerCounts(app, request.viewer.id, deps).then((counts) => {
        request.headerCounts = counts;
        request.headerTags = [...deps.tags];
        done();
      }, done);
    });
  }

  app.decorateReply("flash", function (this: FastifyReply, kind: Flash["kind"], text: string) {
    const pending = [...(this.request.flashes ?? []), { kind, text }];
    this.request.flashes = pending;
    this.setCookie(FLASH_COOKIE, JSON.stringify(pending), {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      signed: true,
      secure: isSecure(this.request),
      maxAge: 120,
    });
    return this;
  });

  app.decorateReply("pageContext", function (this: FastifyReply): PageContext {
    const request = this.request;
    const flash = readFlash(request);
    if (flash.length > 0) this.clearCookie(FLASH_COOKIE, { path: "/" });
    const reply = this;
    let csrfToken: string | undefined;
    return {
      locale: request.locale,
      path: request.url,
      viewer:
        request.viewer && request.headerCounts
          ? { ...request.viewer, counts: request.headerCounts }
          : request.viewer,
      // Made only when a form on the page asks for it: a page without forms sets no CSRF cookie
      // and spends no time hashing a token.
      get csrfToken() {
        csrfToken ??= reply.generateCsrf({ userInfo: undefined } as never);
        return csrfToken;
      },
      flash,
    };
  });

  app.decorateReply("page", function (this: FastifyReply, tree, status = 200) {
    return sendHtml(this.status(status), `<!doctype html>${renderToString(tree)}`);
  });

  registerPageCache(app);

  // Signed in, the language is also saved on the account, so notifications and emails follow
  // what the person reads in; signed out, the cookie alone keeps it.
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    "/language/:locale",
    {
      schema: {
        hide: true,
        params: Type.Object({ locale: Type.String({ maxLength: 20 }) }),
        querystring: Type.Object({ next: Type.Optional(Type.String()) }),
      },
      config: { access: "public" },
    },
    async (request, reply) => {
      const { locale } = request.params;
      const next = safeNextPath(request.query.next);
      // Only the site's languages have a link; any other name is a page that does not exist.
      if (!isLocale(locale)) throw notFound("There is no such language on this site.");
      setLanguageCookie(request, reply, locale);
      if (request.viewer) await saveAccountLocale(app.db, request.viewer.id, locale);
      return reply.redirect(next);
    },
  );

  app.setNotFoundHandler(async (request, reply) => {
    if (isApiRequest(request)) {
      return sendProblem(reply, {
        type: "about:blank",
        title: "Not Found",
        status: 404,
        instance: request.url,
      });
    }
    return reply.page(h(ErrorPage, { ctx: reply.pageContext(), status: 404 }), 404);
  });

  app.setErrorHandler(async (error, request, reply) => {
    const problem = problemFor(error as Error, request);
    const code = (error as { code?: string }).code ?? "";
    if (code.startsWith("FST_CSRF")) {
      problem.status = 403;
      problem.title = "Forbidden";
      problem.detail = "The form has expired or was not sent from this site. Reload and try again.";
    }
    if (problem.status >= 500) request.log.error({ err: error }, "request failed");
    if (
      isApiRequest(request) ||
      (request.method !== "GET" && request.headers.accept?.includes("application/json"))
    ) {
      return sendProblem(reply, problem);
    }
    if (reply.sent) return;
    let ctx: PageContext;
    try {
      ctx = reply.pageContext();
    } catch {
      ctx = { locale: request.locale ?? "en", path: "/", viewer: null, csrfToken: "", flash: [] };
    }
    const kind = code.startsWith("FST_CSRF") ? "csrf" : undefined;
    return reply.page(h(ErrorPage, { ctx, status: problem.status, kind }), problem.status);
  });
}

export default fp(webPlatform, { name: "web-platform" });

/** A domain's HTML pages: forms parsed, and every POST checked for its CSRF token. */
export function pageRoutes(register: (app: FastifyInstance) => Promise<void>) {
  return async (app: FastifyInstance) => {
    await app.register(formbody, { bodyLimit: 1_048_576 });
    app.addHook("preHandler", (request, reply, done) => {
      if (request.method === "POST") {
        app.csrfProtection(request, reply, done);
      } else done();
    });
    await register(app);
  };
}

/**
 * A domain's JSON API under /api/v1. Only JSON bodies are accepted, which (with SameSite
 * cookies) keeps cross-site forms from driving it with a signed-in browser's session.
 */
export function apiRoutes(register: (app: FastifyInstance) => Promise<void>) {
  return async (app: FastifyInstance) => {
    app.removeContentTypeParser(["application/x-www-form-urlencoded", "text/plain"]);
    await register(app);
  };
}
