import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

/*
 * Driving the events pages the way a keyboard user does, for the Chromium tests: focus a control
 * and press Enter or Space, type into fields, move through a select with the arrow keys. No
 * clicks, no `fill`, no `selectOption`. Everything is looked for inside <main> so the header's
 * and breadcrumbs' links never stand in for the page's own.
 */

export interface Keyboard {
  main: Locator;
  /** Follows a link of the page's main part and waits for the next page's heading. */
  follow(name: string | RegExp, nextHeading: string | RegExp): Promise<void>;
  /** Presses a button (Enter): the caller waits for what the answer shows. */
  press(name: string | RegExp): Promise<void>;
  /** Types after what a field already holds (select all first with `replace`). */
  type(label: string | RegExp, text: string, options?: { replace?: boolean; exact?: boolean }): Promise<void>;
  /** Ticks a radio button or a checkbox with Space. */
  tick(label: string | RegExp, within?: Locator): Promise<void>;
  /** Moves a select to the option with this text with the arrow keys. */
  choose(label: string | RegExp, option: string | RegExp): Promise<void>;
  /** Types a day into an `<input type="date">` segment by segment (month, day, year in en-US). */
  date(label: string | RegExp, isoDay: string): Promise<void>;
  /** The heading of the page shown now. */
  heading(): Promise<string>;
}

export function keyboard(page: Page): Keyboard {
  const main = page.locator("main");
  const field = (label: string | RegExp, exact?: boolean) =>
    main.getByLabel(label, { exact: exact ?? typeof label === "string" }).first();
  const heading = async () => ((await page.locator("h1").first().textContent()) ?? "").trim();
  return {
    main,
    heading,
    async follow(name, nextHeading) {
      await main
        .getByRole("link", { name, exact: typeof name === "string" })
        .first()
        .focus();
      await page.keyboard.press("Enter");
      if (typeof nextHeading === "string") await expect.poll(heading).toBe(nextHeading);
      else await expect.poll(heading).toMatch(nextHeading);
    },
    async press(name) {
      await main
        .getByRole("button", { name, exact: typeof name === "string" })
        .first()
        .focus();
      await page.keyboard.press("Enter");
    },
    async type(label, text, options = {}) {
      await field(label, options.exact).focus();
      if (options.replace) {
        await page.keyboard.press("ControlOrMeta+A");
        await page.keyboard.press("Delete");
      }
      await page.keyboard.type(text);
    },
    async tick(label, within) {
      await (within ?? main)
        .getByLabel(label, { exact: typeof label === "string" })
        .first()
        .focus();
      await page.keyboard.press("Space");
    },
    async choose(label, option) {
      const select = field(label);
      await select.focus();
      const texts = (await select.locator("option").allTextContents()).map((t) => t.trim());
      const target = texts.findIndex((t) => (typeof option === "string" ? t === option : option.test(t)));
      expect(target, `option ${option} of ${texts.join(" | ")}`).toBeGreaterThanOrEqual(0);
      const current = await select.evaluate((el) => (el as HTMLSelectElement).selectedIndex);
      const key = target > current ? "ArrowDown" : "ArrowUp";
      for (let i = 0; i < Math.abs(target - current); i++) await page.keyboard.press(key);
      expect(await select.evaluate((el) => (el as HTMLSelectElement).selectedIndex)).toBe(target);
    },
    async date(label, isoDay) {
      const input = field(label);
      await input.focus();
      const [year, month, day] = isoDay.split("-");
      await page.keyboard.type(`${month}${day}${year}`);
      expect(await input.inputValue()).toBe(isoDay);
    },
  };
}

/** Waits for a flash or an alert with this text: the answer to a post that comes back to the same address. */
export async function notice(page: Page, text: string | RegExp): Promise<void> {
  try {
    await page.locator(".usa-alert").filter({ hasText: text }).first().waitFor();
  } catch (error) {
    // Say what the page shows instead (a refused form's messages, another notice).
    const shown = await page
      .locator(".usa-alert")
      .allTextContents()
      .catch(() => []);
    throw new Error(`No notice "${text}" on ${page.url()}; alerts: ${shown.join(" | ") || "none"}`, {
      cause: error,
    });
  }
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The name of a control whose row is named for screen readers only ("Edit" + a visually hidden
 * ": title"): Chromium may put a space before the hidden part, so it is matched either way.
 */
export const inContext = (label: string, context: string): RegExp =>
  new RegExp(`^${escaped(label)}\\s*: ${escaped(context)}$`);
