import type { Config } from "../../config";
import type { PersonalCaches } from "../cache";
import type { Database, Db } from "../db/client";
import type { Locale } from "../i18n";
import type { Actor } from "../policy";
import type { Flash, PageContext, Viewer } from "../ui/context";
import type { VNode } from "preact";

declare module "fastify" {
  interface FastifyInstance {
    db: Db;
    database: Database;
    config: Config;
    /** Per-person caches, emptied when the database announces a change (see platform/cache). */
    caches: PersonalCaches;
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
  }
  interface FastifyReply {
    /** Renders a page (a JSX tree whose root is <Layout>) as the full HTML document. */
    // biome-ignore lint/suspicious/noExplicitAny: any component tree
    page(tree: VNode<any>, status?: number): FastifyReply;
    pageContext(): PageContext;
    /**
     * Like page(), for public pages without forms: for signed-out visitors the rendered HTML is
     * kept for a short while per path and language, so the busiest pages are not redrawn per hit.
     */
    // biome-ignore lint/suspicious/noExplicitAny: any component tree
    publicPage(render: (ctx: PageContext) => VNode<any>): FastifyReply;
    /**
     * Like page(), for a signed-in person's own page whose content comes only from rows that
     * announce their changes (their account, sessions, tokens and teams; see platform/cache):
     * the HTML is kept per session, language, URL and CSRF secret until one of them changes.
     * `build` loads the data and returns the page, or null after replying some other way.
     */
    // biome-ignore lint/suspicious/noExplicitAny: any component tree
    personalPage(build: (ctx: PageContext) => Promise<VNode<any> | null>): Promise<FastifyReply>;
    /** Queues a message shown on the next page this browser renders. */
    flash(kind: Flash["kind"], text: string): FastifyReply;
  }
}
