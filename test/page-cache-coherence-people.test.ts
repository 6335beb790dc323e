import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, it } from "vitest";
import { communities } from "../src/domains/communities/schema";
import { STAKEHOLDER_ROLES } from "../src/platform/auth/schema";
import { DATABASES } from "./support/app";
import { type CoherenceNet, coherenceNet } from "./page-cache-net";

// People and communities: names, profiles, joining and leaving, a community renamed or made private.
describe.each(DATABASES)("cached pages after people and community writes on %s", (kind) => {
  let net: CoherenceNet;
  beforeAll(async () => {
    net = await coherenceNet(kind);
  }, 300_000);
  afterAll(() => net?.t.close());

  it("shows every write on every cached page at once", async () => {
    const { t, world, write, compareAll } = net;
    const c = world.clients;
    const pub = world.publicCommunity;
    const newName = {
      name: "Renamed Member",
      stateCode: "MD",
      stakeholderRole: STAKEHOLDER_ROLES[1],
      locale: "en",
    };
    // No page changes a community's name or visibility yet: written as a future form would.
    const updateCommunity = (set: Partial<typeof communities.$inferInsert>) => async () => {
      await t.db.update(communities).set(set).where(eq(communities.id, pub.id));
    };
    const writes: [string, () => Promise<void>][] = [
      ["a new name", () => write(c.privateMember, "/account/profile", newName)],
      [
        "a profile",
        () => write(c.privateMember, "/people/me/edit", { bio: "New bio", showCommunities: "true" }),
      ],
      ["a join", () => write(c.privateNonMember, `/communities/${pub.slug}/join`, {})],
      ["a leave", () => write(c.privateNonMember, `/communities/${pub.slug}/leave`, {})],
      ["a renamed community", updateCommunity({ nameEn: "Renamed community" })],
      ["a community made private", updateCommunity({ visibility: "private" })],
    ];
    await compareAll("nothing");
    for (const [what, perform] of writes) {
      await perform();
      await compareAll(what);
    }
  }, 300_000);
});
