import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type { SessionViewer } from "../auth/sessions";
import { type Cache, Dependencies } from "../cache";
import type { PageContext } from "../ui/context";
import { PageShell, SHELL_SLOT } from "../ui/layout";
import { acceptsGzip, type KeptPage, sendKeptPage } from "./compression";
import { SplicedGzip } from "./spliced-gzip";

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
// biome-ignore lint/suspicious/noExplicitAny: any component tree
type BuildFrom<M> = (ctx: PageContext, model: M) => VNode<any> | null;

/** Stands for the viewer's CSRF token in a page shared by several signed-in people. */
const CSRF_SLOT = "smh-csrf-slot-5e0c2a9b";

/** `reply.cachedPage` (documented in ./types): one page cache for every domain's pages. */
export function registerPageCache(app: FastifyInstance) {
  const pages = app.caches.create<KeptPage>({
    maxEntries: 20_000,
    maxSize: PAGE_CACHE_BYTES,
    sizeOf: (page) => Math.ceil(page.html.length * 1.2),
    ttlMs: PAGE_TTL_MS,
  });
  /**
   * Signed-in pages without their header, shared by everyone who is shown the same figures, and
   * their gzip form with the header and tokens left to fill in (made once, on the first visit
   * that takes gzip).
   */
  const sharedBodies = app.caches.create<SharedBody>({
    maxEntries: 5_000,
    maxSize: PAGE_CACHE_BYTES / 2,
    // The spliced form keeps the page's bytes and their deflated copy beside the string.
    sizeOf: (body) => Math.ceil(body.html.length * 2.3),
    ttlMs: PAGE_TTL_MS,
  });
  const routes = new Set<string>();
  app.decorate("cachedPageRoutes", routes);
  registerPublicAnswers(app, pages);

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

  app.decorateReply("sharedPage", async function <
    M,
  >(this: FastifyReply, load: (deps: Dependencies) => Promise<M>, build: BuildFrom<M>, options?: { ttlMs?: number }) {
    const request = this.request;
    const viewer = request.viewer as SessionViewer | null;
    const plain = () => this.cachedPage(async (ctx, deps) => build(ctx, await load(deps)), options);
    // Signed out, the page is already one copy for everyone; with a flash pending it is not kept.
    if (!viewer?.sessionId || request.cookies[FLASH_COOKIE] || request.method !== "GET") return plain();
    routes.add(request.routeOptions.url ?? request.url);
    const csrfCookie = request.cookies[CSRF_COOKIE];
    const key = `${viewer.sessionId} ${request.locale} ${request.url} ${csrfCookie}`;
    const kept = pages.get(key);
    if (kept !== undefined) return sendKeptPage(this, kept);

    const mark = app.caches.mark();
    const deps = new Dependencies();
    const model = await load(deps);
    if (this.sent) return this;
    const sharedKey = `${request.locale} ${request.url} ${fingerprint(model)}`;
    let body = sharedBodies.get(sharedKey);
    if (body === undefined) {
      const { ctx, usedViewer } = sharedContext(this.pageContext());
      const tree = build(ctx, model);
      if (!tree || this.sent) return this;
      body = { html: `<!doctype html>${renderToString(tree)}` };
      // A page that looked at who is reading it is not the same for everyone: this viewer's only.
      if (!usedViewer()) sharedBodies.keep(sharedKey, body, deps.tags, mark, options?.ttlMs);
    }
    const ctx = this.pageContext();
    const slots = { [SHELL_SLOT]: renderToString(<PageShell ctx={ctx} />), [CSRF_SLOT]: ctx.csrfToken };
    const page: KeptPage = {
      html: body.html
        .replace(SHELL_SLOT, () => slots[SHELL_SLOT])
        .replaceAll(CSRF_SLOT, () => slots[CSRF_SLOT]),
    };
    if (acceptsGzip(request)) {
      if (body.spliced === undefined) body.spliced = SplicedGzip.of(body.html, [SHELL_SLOT, CSRF_SLOT]);
      if (body.spliced) page.gzip = body.spliced.fill(slots);
    }
    const keepable = this.statusCode === 200 && !!csrfCookie && request.unsignCookie(csrfCookie).valid;
    if (keepable)
      pages.keep(key, page, [...deps.tags, viewer.id, ...(request.headerTags ?? [])], mark, options?.ttlMs);
    return sendKeptPage(this, page);
  });
}

/** What `reply.publicAnswer` keeps: the body (in `html`, as pages) with its type and download name. */
interface KeptAnswer extends KeptPage {
  type: string;
  filename?: string;
}

/**
 * `reply.publicAnswer` (documented in ./types): a public route's CSV or JSON answer, kept whole
 * and compressed once, like a signed-out page. Only a route whose access rule is "public" may
 * use it: the answer must be the same for everyone who asks.
 */
function registerPublicAnswers(app: FastifyInstance, answers: Cache<KeptPage>) {
  app.decorateReply(
    "publicAnswer",
    async function (
      this: FastifyReply,
      build: (deps: Dependencies) => Promise<{ type: string; body: string; filename?: string }>,
      options?: { ttlMs?: number },
    ) {
      const request = this.request;
      const access = (request.routeOptions.config as { access?: unknown }).access;
      if (access !== "public")
        throw new Error(`${request.routeOptions.url} is not public: its answer is not everyone's.`);
      const key = `answer ${request.url}`;
      let answer = answers.get(key) as KeptAnswer | undefined;
      if (answer === undefined) {
        const mark = app.caches.mark();
        const deps = new Dependencies();
        const built = await build(deps);
        answer = { html: built.body, type: built.type, filename: built.filename };
        if (request.method === "GET" && this.statusCode === 200)
          answers.keep(key, answer, deps.tags, mark, options?.ttlMs);
      }
      const kept = answer;
      if (kept.filename) this.header("content-disposition", `attachment; filename="${kept.filename}"`);
      return sendKeptPage(this, kept, (reply, body) =>
        reply.type(kept.type).header("cache-control", "no-cache").send(body),
      );
    },
  );
}

/** A shared page's body with its slots, and (once asked for) its spliced gzip form (null: too many slots). */
interface SharedBody {
  html: string;
  spliced?: SplicedGzip | null;
}

/**
 * What a shared page shows, as a short digest: two viewers get one copy only when the model the
 * page is drawn from is the same for both. Each part of a model (its top-level values) is digested
 * once per object: a part that comes from a tagged cache is the same object on every hit, and
 * cached values are never changed in place.
 */
function fingerprint(model: unknown): string {
  const isRecord = !!model && typeof model === "object" && Object.getPrototypeOf(model) === Object.prototype;
  if (!isRecord) return digestOf(model);
  const parts = Object.entries(model as Record<string, unknown>).map(([k, v]) => `${k}=${digestOf(v)}`);
  return sha1(parts.join("&"));
}

const digests = new WeakMap<object, string>();

function digestOf(value: unknown): string {
  if (!value || typeof value !== "object") return sha1(JSON.stringify(value) ?? "undefined");
  const known = digests.get(value);
  if (known) return known;
  const digest = sha1(
    JSON.stringify(value, (_key, v) => {
      if (v instanceof Map) return { map: [...v.entries()] };
      if (v instanceof Set) return { set: [...v] };
      if (typeof v === "bigint") return v.toString();
      return v;
    }),
  );
  digests.set(value, digest);
  return digest;
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("base64url");

/**
 * The context a shared page is drawn with: the header is a slot filled for each viewer, the CSRF
 * token a placeholder; reading the viewer marks the page as not shareable.
 */
function sharedContext(base: PageContext) {
  let used = false;
  const ctx: PageContext = {
    locale: base.locale,
    path: base.path,
    flash: [],
    csrfToken: CSRF_SLOT,
    shared: true,
    get viewer() {
      used = true;
      return base.viewer;
    },
  };
  return { ctx, usedViewer: () => used };
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
