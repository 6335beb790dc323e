import type { Config } from "../../config";
import type { Caches, Dependencies } from "../cache";
import type { Database, Db } from "../db/client";
import type { Locale } from "../i18n";
import type { Actor } from "../policy";
import type { Flash, HeaderCounts, PageContext, Viewer } from "../ui/context";
import type { VNode } from "preact";

declare module "fastify" {
  interface FastifyInstance {
    db: Db;
    database: Database;
    config: Config;
    /** Tagged caches, whose entries are dropped when the database announces a change to a tag (see platform/cache). */
    caches: Caches;
    /** The URL pattern of every route that has served a page through `reply.cachedPage` (for the coherence test). */
    cachedPageRoutes: Set<string>;
  }
  interface FastifyRequest {
    viewer: Viewer | null;
    /** The raw session token from the cookie, when signed in through the browser. */
    sessionToken: string | null;
    locale: Locale;
    flashes: Flash[];
    /** The viewer with their memberships, loaded once per request when a route needs it. */
    actor(): Promise<Actor | null>;
    actorPromise?: Promise<Actor | null>;
    /** The signed-in person's header counts, looked up before a page's handler runs. */
    headerCounts?: HeaderCounts | null;
    /** What those counts depend on (cache tags): every page showing them depends on it too. */
    headerTags?: string[];
  }
  interface FastifyReply {
    /** Renders a page (a JSX tree whose root is <Layout>) as the full HTML document. */
    // biome-ignore lint/suspicious/noExplicitAny: any component tree
    page(tree: VNode<any>, status?: number): FastifyReply;
    pageContext(): PageContext;
    /**
     * Like page(), with the HTML kept until something it showed changes. `build` renders the
     * page (or replies some other way and returns null) and names what it showed with
     * `deps.add(tag, ...)`: `tag.community(id)`, `tag.topic(id)`, a person's id for their name or
     * rows, or whatever a loader using a tagged cache adds for you (pass `deps` to
     * `cache.load(key, loader, deps)`). Signed in, a page is kept per session, language, URL
     * and CSRF secret and always depends on the viewer; signed out, one copy serves every
     * signed-out visitor (so it must show nothing that depends on the visitor). Not kept with a
     * flash message pending, for other methods than GET, or for another status than 200.
     *
     * @example
     *   pages.get("/communities/:slug", { config: { access } }, (request, reply) =>
     *     reply.cachedPage(async (ctx, deps) => {
     *       const { community } = communityOf(request);
     *       deps.add(tag.community(community.id));
     *       const topics = await listTopics(db, community.id);
     *       return <CommunityPage ctx={ctx} community={community} topics={topics} />;
     *     }));
     */
    cachedPage(
      // biome-ignore lint/suspicious/noExplicitAny: any component tree
      build: (ctx: PageContext, deps: Dependencies) => Promise<VNode<any> | null> | VNode<any> | null,
      options?: { ttlMs?: number },
    ): Promise<FastifyReply>;
    /**
     * Like cachedPage() for a page whose content is the same for everyone shown the same figures
     * (dashboards, census pages): `load` reads the page's model (naming its tags on `deps`, and
     * may reply otherwise, e.g. 404), `build` draws it from the model alone. Signed in, the page
     * is drawn once per language, URL and model (compared by a digest) and shared across
     * sessions, with each viewer's header and CSRF token put in when it is sent; a build that
     * reads `ctx.viewer` is kept for its viewer only. Signed out it is cachedPage().
     */
    sharedPage<M>(
      load: (deps: Dependencies) => Promise<M>,
      // biome-ignore lint/suspicious/noExplicitAny: any component tree
      build: (ctx: PageContext, model: M) => VNode<any> | null,
      options?: { ttlMs?: number },
    ): Promise<FastifyReply>;
    /**
     * A public route's answer that is the same for everyone (a public CSV or JSON figure), kept
     * until one of the tags `build` names changes and compressed once, as a signed-out page is.
     * `body` is the serialised answer, `type` its content type, `filename` a download's name.
     * Throws on a route whose access rule is not "public".
     */
    publicAnswer(
      build: (deps: Dependencies) => Promise<{ type: string; body: string; filename?: string }>,
      options?: { ttlMs?: number },
    ): Promise<FastifyReply>;
    /** Queues a message shown on the next page this browser renders. */
    flash(kind: Flash["kind"], text: string): FastifyReply;
  }
}
