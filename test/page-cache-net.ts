import { expect } from "vitest";
import { declaredRoutesOf } from "../src/platform/http/access";
import { type DatabaseKind, startTestApp, type TestApp, type TestClient } from "./support/app";
import {
  buildWorld,
  type Role,
  takesCommunity,
  UnknownRouteParamError,
  urlFor,
  type World,
} from "./support/world";

/*
 * The net under every cached page (used by test/page-cache-coherence-*.test.ts): a page that
 * forgot a tag shows stale content after the write that should have dropped it. Every page
 * route that serves through the page cache (it registers itself the first time it does) is
 * read as a few roles; after each real write, the page as cached must equal the page rendered
 * from scratch with every cache dropped, forms' tokens aside.
 */

const ROLES_READING: Role[] = ["anonymous", "privateMember", "privateLead", "privateNonMember"];
/** A lead of both communities and a signed-out visitor between them reach every community page. */
const ROLES_WARMING: Role[] = ["anonymous", "privateLead"];

/** Every page address of the world (both communities where a route takes one), with its route. */
function pageAddresses(t: TestApp, world: World) {
  const found = new Map<string, string>();
  for (const route of declaredRoutesOf(t.app)) {
    if (route.method !== "GET" || /^\/(api|assets)\/|\.(ics|csv|json)$|^\/(healthz|readyz)$/.test(route.url))
      continue;
    const choices = takesCommunity(route.url) ? (["private", "public"] as const) : (["private"] as const);
    for (const choice of choices) {
      try {
        found.set(urlFor(route, world, choice), route.url);
      } catch (error) {
        if (!(error instanceof UnknownRouteParamError)) throw error;
      }
    }
  }
  return found;
}

/** Where two pages first differ, with a little context, for the failure message. */
function firstDifference(cached: string, fresh: string) {
  let i = 0;
  while (i < cached.length && cached[i] === fresh[i]) i++;
  const around = (page: string) => page.slice(Math.max(0, i - 80), i + 80);
  return `cached …${around(cached)}… fresh …${around(fresh)}…`;
}

const normalised = (status: number, html: string) =>
  `${status}\n${html.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""')}`;

export interface CoherenceNet {
  t: TestApp;
  world: World;
  /** The role and address of every page compared. */
  pages: { role: Role; url: string }[];
  /** After `what`, every cached page must read as a fresh rendering would. */
  compareAll(what: string): Promise<void>;
  /** A form posted through the app as a browser would; it must have taken. */
  write(client: TestClient, url: string, fields: Record<string, string>): Promise<void>;
}

export interface CoherenceNetOptions {
  /** Who reads every cached page (default: signed out and the communities' roles). */
  roles?: Role[];
  /**
   * Addresses to read besides those the route parameters name (another row's pages, another
   * school year), whether or not they serve yet.
   */
  alsoRead?: (world: World) => string[];
}

export async function coherenceNet(
  kind: DatabaseKind,
  options: CoherenceNetOptions = {},
): Promise<CoherenceNet> {
  const roles = options.roles ?? ROLES_READING;
  const t = await startTestApp(kind);
  const world = await buildWorld(t);
  const addresses = pageAddresses(t, world);
  // A page route registers as cached only once someone who may read it has read it.
  const warming = new Set([...ROLES_WARMING, ...(options.roles ?? [])]);
  for (const role of warming) for (const url of addresses.keys()) await world.clients[role].get(url);
  const cachedUrls = [...addresses]
    .filter(([, route]) => t.app.cachedPageRoutes.has(route))
    .map(([url]) => url)
    .concat(options.alsoRead?.(world) ?? []);
  const pages = roles.flatMap((role) => cachedUrls.map((url) => ({ role, url })));

  async function compareAll(what: string) {
    // Reading a page may write (opening a topic marks it read, which the community page
    // shows): one pass first, so the pages compared are read after those writes. A page whose
    // tag is missing stays stale through both passes.
    for (const { role, url } of pages) await world.clients[role].get(url);
    const cached: string[] = [];
    for (const { role, url } of pages) {
      const response = await world.clients[role].get(url);
      cached.push(normalised(response.statusCode, response.body));
    }
    t.app.caches.forgetEverything();
    const stale: string[] = [];
    for (const [i, { role, url }] of pages.entries()) {
      const response = await world.clients[role].get(url);
      const fresh = normalised(response.statusCode, response.body);
      if (fresh !== cached[i]) stale.push(`${role} ${url}: ${firstDifference(cached[i]!, fresh)}`);
    }
    expect(stale, `stale after ${what}`).toEqual([]);
  }

  async function write(client: TestClient, url: string, fields: Record<string, string>) {
    const response = await client.postForm(url, fields);
    expect(response.statusCode, `${url} ${response.body.slice(0, 300)}`).toBeLessThan(400);
    // The writer's next page shows a flash message (never cached); it is not what is compared.
    client.cookies.delete("smh_flash");
    await t.runJobs();
  }

  return { t, world, pages, compareAll, write };
}
