import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, type TestApp, type TestClient, startTestApp } from "./support/app";
import { buildWorld, type Role, settle, type World } from "./support/world";

/*
 * The home page and the header counts (unread notifications, requests to join waiting for a
 * lead) under the page cache: after each real write, every page below, as each role reads it
 * from the cache, must equal the page rendered from scratch with every cache dropped. The
 * counts are on every page, so a write that changes one must reach pages that are not about it.
 */

const ROLES: Role[] = [
  "anonymous",
  "memberA",
  "leadA",
  "stateMember",
  "privateMember",
  "privateLead",
  "plain",
];
const PAGES = ["/", "/communities", "/measures", "/practice-groups"];

const normalised = (status: number, html: string) =>
  `${status}\n${html.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""')}`;

function firstDifference(cached: string, fresh: string) {
  let i = 0;
  while (i < cached.length && cached[i] === fresh[i]) i++;
  return `cached …${cached.slice(Math.max(0, i - 80), i + 80)}… fresh …${fresh.slice(Math.max(0, i - 80), i + 80)}…`;
}

describe.each(DATABASES)("the home page and header counts, cached, on %s", (kind) => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp(kind);
    world = await buildWorld(t);
  }, 120_000);
  afterAll(() => t?.close());

  async function compareAll(what: string) {
    await settle(t);
    const read = async () => {
      const pages: string[] = [];
      for (const role of ROLES)
        for (const url of PAGES) {
          const response = await world.clients[role].get(url);
          pages.push(normalised(response.statusCode, response.body));
        }
      return pages;
    };
    await read(); // warm every page (a read may itself write, e.g. a visit)
    const cached = await read();
    t.app.caches.forgetEverything();
    const fresh = await read();
    const stale: string[] = [];
    let i = 0;
    for (const role of ROLES)
      for (const url of PAGES) {
        if (cached[i] !== fresh[i]) stale.push(`${role} ${url}: ${firstDifference(cached[i]!, fresh[i]!)}`);
        i++;
      }
    expect(stale, `stale after ${what}`).toEqual([]);
  }

  async function write(client: TestClient, url: string, fields: Record<string, string>) {
    const response = await client.postForm(url, fields);
    const main = response.body.indexOf("<main");
    expect(response.statusCode, `${url} ${response.body.slice(main, main + 600)}`).toBeLessThan(400);
    client.cookies.delete("smh_flash");
    await t.runJobs();
  }

  it("shows every write on every cached page at once, and nobody another's counts", async () => {
    const c = world.clients;
    const school = `/organisations/${world.schoolA.id}`;
    const priv = world.privateCommunity;
    const topic = `/communities/${priv.slug}/topics/${priv.topicId}`;
    const quality = world.qualityResponse;
    await compareAll("nothing");
    const writes: [string, () => Promise<void>][] = [
      [
        "a request to join",
        () => write(c.privateMember, `${school}/join-requests`, { message: "Let me in" }),
      ],
      [
        "the request approved",
        async () => {
          const page = (await c.leadA.get(`${school}/team`)).body;
          const id = [...page.matchAll(/join-requests\/([0-9a-f-]{36})\/approve/g)]
            .map((m) => m[1])
            .find((found) => found !== world.joinRequestId);
          await write(c.leadA, `${school}/join-requests/${id}/approve`, {});
        },
      ],
      [
        "plain's request withdrawn",
        () => write(c.plain, `${school}/join-requests/${world.joinRequestId}/withdraw`, {}),
      ],
      [
        "a reply that notifies",
        () => write(c.privateLead, `${topic}/replies`, { body: "A reply for the home" }),
      ],
      ["notifications read", () => write(c.privateMember, "/notifications/read", {})],
      [
        "an answer saved",
        async () => {
          const form = (
            await c.memberA.get(`/measures/responses/${quality.id}/sections/${quality.sectionKey}`)
          ).body;
          const version = form.match(/name="_version" value="(\d+)"/)?.[1] ?? "0";
          const item = form.match(/type="radio"[^>]*name="([^"]+)"/)?.[1];
          await write(c.memberA, `/measures/responses/${quality.id}/sections/${quality.sectionKey}`, {
            _version: version,
            [item!]: "4",
          });
        },
      ],
      [
        "a meeting scheduled",
        async () => {
          const res = await c.privateLead.get(`/communities/${priv.slug}/meetings/new`);
          expect(res.statusCode).toBe(200);
          await write(c.privateLead, `/communities/${priv.slug}/meetings/new`, {
            title: "Home meeting",
            startsAt: `${new Date().getUTCFullYear() + 1}-03-10T15:00`,
            timeZone: "America/Chicago",
            durationMinutes: "60",
            place: "Room 4",
          });
        },
      ],
      // The activity of a person's communities is kept once for everyone in the same ones:
      // leaving one must take its topics and meetings off the person's home at once.
      [
        "a member leaves the private community",
        () => write(c.privateMember, `/communities/${priv.slug}/leave`, {}),
      ],
    ];
    for (const [what, perform] of writes) {
      await perform();
      await compareAll(what);
    }
    // The writes did reach the pages: the new member's team, the lead's empty queue.
    const home = (await c.privateMember.get("/")).body;
    expect(home).toContain(world.schoolA.name);
    expect(home).not.toContain("Home meeting");
    expect((await c.privateLead.get("/")).body).toContain("Home meeting");
    expect((await c.leadA.get("/")).body).toContain(
      "No one is waiting to join a team or community you lead.",
    );
  }, 300_000);
});
