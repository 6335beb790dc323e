import type { FastifyInstance, FastifyReply } from "fastify";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type { SessionViewer } from "../auth/sessions";
import { Dependencies } from "../cache";
import type { PageContext } from "../ui/context";
import { type KeptPage, sendKeptPage } from "./compression";

export const FLASH_COOKIE = "smh_flash";
export const CSRF_COOKIE = "smh_csrf";

/**
 * Safety net only: a page is dropped as soon as a tag it named changes. Pages that show
 * something time-dependent (an upcoming meeting) pass a shorter lifetime.
 */
const PAGE_TTL_MS = 10 * 60_000;
/** Pages are large; the cache is bounded by bytes as well (the gzip copy adds about a fifth). */
const PAGE_CACHE_BYTES = 256 * 1024 * 1024;

// biome-ignore lint/suspicious/noExplicitAny: any component tree
type Build = (ctx: PageContext, deps: Dependencies) => Promise<VNode<any> | null> | VNode<any> | null;

/** `reply.cachedPage` (documented in ./types): one page cache for every domain's pages. */
export function registerPageCache(app: FastifyInstance) {
  const pages = app.caches.create<KeptPage>({
    maxEntries: 20_000,
    maxSize: PAGE_CACHE_BYTES,
    sizeOf: (page) => Math.ceil(page.html.length * 1.2),
    ttlMs: PAGE_TTL_MS,
  });
  const routes = new Set<string>();
  app.decorate("cachedPageRoutes", routes);

  app.decorateReply(
    "cachedPage",
    async function (this: FastifyReply, build: Build, options?: { ttlMs?: number }) {
      const request = this.request;
      routes.add(request.routeOptions.url ?? request.url);
      const viewer = request.viewer as SessionViewer | null;
      const csrfCookie = request.cookies[CSRF_COOKIE];
      // A signed-in page holds the person's name and forms signed for their CSRF secret; "this
      // device" marks their session. Signed out, every visitor gets the same page.
      const key = viewer
        ? `${viewer.sessionId} ${request.locale} ${request.url} ${csrfCookie}`
        : `- ${request.locale} ${request.url}`;
      const readable =
        (request.method === "GET" || request.method === "HEAD") &&
        !request.cookies[FLASH_COOKIE] &&
        (!viewer || !!viewer.sessionId);
      if (readable) {
        const kept = pages.get(key);
        if (kept !== undefined) return sendKeptPage(this, kept);
      }

      const mark = app.caches.mark();
      // The header's counts are on every signed-in page: what they depend on, the page does too.
      const deps = new Dependencies().add(viewer?.id, ...(request.headerTags ?? []));
      const { ctx, usedCsrf } = watchedContext(this.pageContext());
      const tree = await build(ctx, deps);
      if (!tree || this.sent) return this;
      const page: KeptPage = { html: `<!doctype html>${renderToString(tree)}` };
      const keepable =
        readable &&
        request.method === "GET" &&
        this.statusCode === 200 &&
        (request.flashes ?? []).length === 0 &&
        // Forms are signed for the visitor's CSRF secret: kept only when every request with this
        // cookie holds that secret (an invalid cookie gets a new secret each time), and never for
        // the signed-out visitors the page is shared with.
        (!usedCsrf() || (!!viewer && !!csrfCookie && request.unsignCookie(csrfCookie).valid));
      if (keepable) pages.keep(key, page, deps.tags, mark, options?.ttlMs);
      return sendKeptPage(this, page);
    },
  );
}

/** The page context, noting whether the page asked for a CSRF token. */
function watchedContext(base: PageContext) {
  let used = false;
  const ctx: PageContext = {
    locale: base.locale,
    path: base.path,
    viewer: base.viewer,
    flash: base.flash,
    get csrfToken() {
      used = true;
      return base.csrfToken;
    },
  };
  return { ctx, usedCsrf: () => used };
}
