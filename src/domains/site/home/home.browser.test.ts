import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { buildWorld, type World } from "../../../../test/support/world";

/** Set SCREENSHOT_DIR to keep a full-page picture of each home (for people to look at). */
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR;

describe("the home page in Chromium", () => {
  let h: BrowserHarness;
  let world: World;
  beforeAll(async () => {
    h = await startBrowserHarness();
    world = await buildWorld(h.t);
    if (SCREENSHOT_DIR) mkdirSync(SCREENSHOT_DIR, { recursive: true });
  }, 120_000);
  afterAll(() => h?.close());

  const homes = [
    ["school-member", "memberA", "Due this school year"],
    ["lead-with-request", "leadA", "Requests to join your teams"],
    ["state-coordinator", "stateMember", "Your teams"],
    ["community-member", "privateMember", "Latest topics in your communities"],
  ] as const;

  for (const [name, role, heading] of homes) {
    it(`reads well for a ${name.replaceAll("-", " ")}, with no axe violation`, async () => {
      const context = await h.signedInContext(world.users[role].id, {
        viewport: { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      await page.goto("/");
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Welcome");
      await expect(page.getByRole("heading", { level: 2, name: heading }).isVisible()).resolves.toBe(true);
      await expectNoAxeViolations(page);
      if (SCREENSHOT_DIR)
        await page.screenshot({ path: join(SCREENSHOT_DIR, `home-${name}.png`), fullPage: true });
      await context.close();
    });
  }

  it("takes a lead from the header's count to the requests by keyboard", async () => {
    const context = await h.signedInContext(world.users.leadA.id);
    const page = await context.newPage();
    await page.goto("/communities");
    const link = page.getByRole("link", { name: "Requests to join: 1" });
    await link.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/#join-requests$/);
    await expect(
      page.getByRole("heading", { name: "Requests to join your teams" }).isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByRole("link", { name: "Decide on the team page" }).count()).resolves.toBe(1);
    await context.close();
  });

  it("names the unread count with the notifications link for screen readers", async () => {
    const context = await h.signedInContext(world.users.privateMember.id);
    const page = await context.newPage();
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Primary navigation" });
    await expect(nav.getByRole("link", { name: /^Notifications\s*, 1 unread$/ }).isVisible()).resolves.toBe(
      true,
    );
    await context.close();
  });

  it("shows signed-out visitors the public home in Spanish with no axe violation", async () => {
    const context = await h.newContext({ locale: "es-US", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto("/");
    // Every part now exists: nothing says "coming", and the events card opens /events.
    await expect(page.getByText("Próximamente").count()).resolves.toBe(0);
    await expect(page.locator('main a[href="/events"]').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('main a[href="/improvement"]').count()).resolves.toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    if (SCREENSHOT_DIR)
      await page.screenshot({ path: join(SCREENSHOT_DIR, "home-public-es.png"), fullPage: true });
    await context.close();
  });
});
