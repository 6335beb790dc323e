import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { buildUser } from "../../../seed/factories";
import { communityMembers } from "../schema";
import { buildCommunity } from "../test-factories";
import { addMember } from "./service";

/**
 * A lead removes a member of a private community in a real browser, every page checked with axe:
 * the members page, the removal form (a missing reason is announced beside its field) and the
 * confirmation; the removed member then finds the community gone.
 */
describe("removing a community member in a browser", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness("pglite");
  }, 120_000);
  afterAll(() => h?.close());

  it("asks for a reason, removes the member, and the community is gone for them", async () => {
    const db = h.t.db;
    const community = await buildCommunity(db, { visibility: "private" });
    const lead = await buildUser(db, { name: "Lena Lead" });
    const member = await buildUser(db, { name: "Marco Member" });
    await addMember(db, community.id, lead.id, "lead");
    await addMember(db, community.id, member.id, "member");

    const page = await (await h.signedInContext(lead.id)).newPage();
    await page.goto(`/communities/${community.slug}/members`);
    await expectNoAxeViolations(page);
    await page.goto(`/communities/${community.slug}/members/${member.id}/remove`);
    await expectNoAxeViolations(page);

    // No reason: the form comes back with the message beside the field, announced.
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Remove member" }).click(),
    ]);
    expect(await page.locator(".usa-error-message").count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    await page.getByLabel(/Reason/).fill("Left the district; thank you for your work.");
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Remove member" }).click(),
    ]);
    await expectNoAxeViolations(page);
    const left = await db
      .select()
      .from(communityMembers)
      .where(and(eq(communityMembers.communityId, community.id), eq(communityMembers.userId, member.id)));
    expect(left).toEqual([]);

    const theirs = await (await h.signedInContext(member.id)).newPage();
    const response = await theirs.goto(`/communities/${community.slug}`);
    expect(response?.status()).toBe(404);
  }, 180_000);
});
