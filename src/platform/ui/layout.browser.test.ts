import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../test/support/browser";

/** A phone's width: below USWDS's desktop breakpoint the navigation is a panel behind a Menu control. */
const PHONE = { width: 375, height: 740 };

describe("the mobile menu in Chromium", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  });
  afterAll(() => h?.close());

  it("opens as a button with JavaScript: focus moves in, stays in, and comes back on Escape", async () => {
    const context = await h.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Primary navigation" });
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(nav.isVisible()).resolves.toBe(false);
    await expect(menu.getAttribute("aria-expanded")).resolves.toBe("false");

    await menu.click();
    await expect(nav.isVisible()).resolves.toBe(true);
    await expect(menu.getAttribute("aria-expanded")).resolves.toBe("true");
    const close = page.getByRole("button", { name: "Close" });
    await expect(close.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expectNoAxeViolations(page);
    // Shift+Tab from the first control wraps to the last link of the panel, not out of it.
    await page.keyboard.press("Shift+Tab");
    await expect(page.evaluate(() => document.activeElement?.closest("#primary-nav") !== null)).resolves.toBe(
      true,
    );

    await page.keyboard.press("Escape");
    await expect(nav.isVisible()).resolves.toBe(false);
    await expect(menu.getAttribute("aria-expanded")).resolves.toBe("false");
    await expect(menu.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await context.close();
  });

  it("opens and closes without JavaScript, by the panel's address", async () => {
    const context = await h.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Primary navigation" });
    await expect(nav.isVisible()).resolves.toBe(false);
    await page.getByRole("link", { name: "Menu" }).click();
    await expect(nav.isVisible()).resolves.toBe(true);
    await expect(nav.getByRole("link", { name: "Practice groups" }).isVisible()).resolves.toBe(true);
    await page.getByRole("link", { name: "Close" }).click();
    await expect(nav.isVisible()).resolves.toBe(false);
    await context.close();
  });

  it("shows the navigation in the header on a desktop, with no Menu control", async () => {
    const context = await h.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Primary navigation" }).isVisible()).resolves.toBe(
      true,
    );
    await expect(page.getByRole("button", { name: "Menu" }).isVisible()).resolves.toBe(false);
    await context.close();
  });
});
