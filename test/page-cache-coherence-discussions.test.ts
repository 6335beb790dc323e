import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES } from "./support/app";
import { type CoherenceNet, coherenceNet } from "./page-cache-net";

// Discussions: replies, edits, reactions, leads' tools, following, notifications.
describe.each(DATABASES)("cached pages after discussion writes on %s", (kind) => {
  let net: CoherenceNet;
  beforeAll(async () => {
    net = await coherenceNet(kind);
  }, 300_000);
  afterAll(() => net?.t.close());

  it("finds the cached page routes", () => {
    for (const route of ["/", "/communities", "/communities/:slug", "/communities/:slug/topics/:topicId"])
      expect(net.t.app.cachedPageRoutes.has(route), route).toBe(true);
    expect(net.pages.length).toBeGreaterThan(40);
  });

  it("shows every write on every cached page at once", async () => {
    const { world, write, compareAll } = net;
    const c = world.clients;
    const priv = world.privateCommunity;
    const pub = world.publicCommunity;
    const topic = (rows: typeof priv) => `/communities/${rows.slug}/topics/${rows.topicId}`;
    await compareAll("nothing");
    const writes: [string, () => Promise<void>][] = [
      [
        "a reply",
        () => write(c.privateMember, `${topic(priv)}/replies`, { body: "A reply the pages must show" }),
      ],
      ["a reply in public", () => write(c.privateLead, `${topic(pub)}/replies`, { body: "A public reply" })],
      [
        "an edited post",
        () => write(c.privateMember, `/communities/posts/${priv.postId}/edit`, { body: "Edited" }),
      ],
      ["a like", () => write(c.privateLead, `/communities/posts/${pub.postId}/like`, { liked: "true" })],
      ["a pinned topic", () => write(c.privateLead, `${topic(pub)}/lead`, { pinned: "true" })],
      ["a muted topic", () => write(c.privateMember, `${topic(pub)}/watch`, { level: "muted" })],
      ["notifications read", () => write(c.privateMember, "/notifications/read", {})],
    ];
    for (const [what, perform] of writes) {
      await perform();
      await compareAll(what);
    }
  }, 300_000);
});
