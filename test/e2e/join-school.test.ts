import { sql } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/platform/db/client";
import {
  addMembership,
  buildDistrictWithSchools,
  buildUser,
  DEFAULT_TEST_PASSWORD,
} from "../../src/seed/factories";
import { type BrowserHarness, expectNoAxeViolations, startBrowserHarness } from "../support/browser";

/**
 * A person joins their school's team, in a real browser, the way people do: register, confirm the
 * email, sign in, find the school, ask to join; the team lead approves; the new member sees the
 * team. Every page on the way is checked with axe (WCAG 2.2 AA).
 */

const JOURNEY_TIMEOUT = 240_000;

/**
 * Every page the journey lands on is scanned; the list says which, if one fails. Without
 * JavaScript axe cannot run in the page, and those pages are the same ones scanned with it.
 */
async function landed(page: Page, visited: string[], scan = true) {
  await page.waitForLoadState("load");
  visited.push(new URL(page.url()).pathname);
  if (scan) await expectNoAxeViolations(page);
}

/** The language and account links in the utility bar above the header, clicked as a person would. */
async function clickUtility(page: Page, name: string | RegExp, role: "link" | "button" = "link") {
  await Promise.all([
    page.waitForNavigation(),
    page.locator(".smh-utility").getByRole(role, { name }).click(),
  ]);
}

async function latestEmailTo(h: BrowserHarness, to: string): Promise<string> {
  await h.t.runJobs();
  const [mail] = await queryRows<{ text: string }>(
    h.t.db,
    sql`select body_text as text from email_outbox where lower(to_address) = lower(${to}) order by created_at desc limit 1`,
  );
  expect(mail, `an email to ${to}`).toBeDefined();
  return mail!.text;
}

async function signIn(page: Page, visited: string[], email: string, password: string, scan = true) {
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign in" }).click()]);
  await landed(page, visited, scan);
  await expect(page.locator(".smh-utility").getByRole("button", { name: "Sign out" }).count()).resolves.toBe(
    1,
  );
}

async function signOut(page: Page, visited: string[], scan = true) {
  await clickUtility(page, "Sign out", "button");
  await landed(page, visited, scan);
  await expect(page.locator(".smh-utility").getByRole("link", { name: "Sign in" }).count()).resolves.toBe(1);
}

describe("joining a school's team in Chromium", () => {
  let h: BrowserHarness;
  let school: { id: string; name: string };
  const lead = { email: "lena.lead@example.org", name: "Lena Lead" };
  const person = {
    email: "ana.newmember@example.org",
    name: "Ana Newmember",
    password: "a long and private passphrase",
  };

  beforeAll(async () => {
    h = await startBrowserHarness("pglite");
    const { schools } = await buildDistrictWithSchools(h.t.db, "MD", 1);
    school = schools[0]!;
    const leadUser = await buildUser(h.t.db, { email: lead.email, name: lead.name });
    await addMembership(h.t.db, leadUser.id, school.id, "lead");
  });
  afterAll(() => h?.close());

  it(
    "registers, confirms the email, asks to join, is approved by the lead and sees the team",
    async () => {
      const visited: string[] = [];
      const context: BrowserContext = await h.newContext();
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();

      // Register from the home page.
      await page.goto("/");
      await landed(page, visited);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole("link", { name: "Create a free account" }).click(),
      ]);
      expect(new URL(page.url()).pathname).toBe("/register");
      await landed(page, visited);
      // Sending the empty form first: the error summary and the field messages must be accessible too.
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole("button", { name: "Create account" }).click(),
      ]);
      await landed(page, visited);
      await expect(page.getByRole("heading", { name: "There is a problem" }).count()).resolves.toBe(1);
      await expect(page.locator('[aria-invalid="true"]').count()).resolves.toBeGreaterThan(0);
      await page.getByLabel("Full name").fill(person.name);
      await page.getByLabel("Email address").fill(person.email);
      await page.getByLabel("Password", { exact: true }).fill(person.password);
      await page.getByLabel("State or territory").selectOption({ label: "Maryland" });
      await page.locator("label", { hasText: /^Educator$/ }).click();
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole("button", { name: "Create account" }).click(),
      ]);
      await landed(page, visited);
      expect((await page.locator("h1").textContent())?.trim()).toBe("Check your email");

      // Open the link from the email (the outbox stands in for the mailbox).
      const mail = await latestEmailTo(h, person.email);
      const link = mail.match(/\/verify-email\/\S+/)?.[0];
      expect(link, mail).toBeDefined();
      await page.goto(link!);
      await landed(page, visited);
      // The link opens a page with a button; pressing it confirms (mail scanners only open links).
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole("button", { name: "Confirm my email address" }).click(),
      ]);
      await landed(page, visited);
      await expect(page.getByText("Your email address is confirmed").count()).resolves.toBeGreaterThan(0);

      // Sign in, if confirming did not already.
      if ((await page.locator(".smh-utility").getByRole("button", { name: "Sign out" }).count()) === 0) {
        if (new URL(page.url()).pathname !== "/sign-in") {
          await clickUtility(page, "Sign in");
          await landed(page, visited);
        }
        await signIn(page, visited, person.email, person.password);
      }

      // Find the school in the directory and ask to join its team.
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole("banner").getByRole("link", { name: "Directory" }).click(),
      ]);
      await landed(page, visited);
      await page.getByLabel("School name, city or NCES ID").fill(school.name);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole("button", { name: "Find a school" }).click(),
      ]);
      await landed(page, visited);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole("link", { name: school.name }).first().click(),
      ]);
      expect(new URL(page.url()).pathname).toBe(`/organisations/${school.id}`);
      await landed(page, visited);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole("button", { name: "Ask to join this team" }).click(),
      ]);
      await landed(page, visited);
      await expect(
        page.getByText("Your request was sent", { exact: false }).count(),
      ).resolves.toBeGreaterThan(0);
      await signOut(page, visited);

      // The lead, in their own browser, approves the request from the team page.
      const leadContext = await h.newContext();
      leadContext.setDefaultTimeout(15_000);
      const leadPage = await leadContext.newPage();
      await leadPage.goto(`/sign-in?next=${encodeURIComponent(`/organisations/${school.id}`)}`);
      await landed(leadPage, visited);
      await signIn(leadPage, visited, lead.email, DEFAULT_TEST_PASSWORD);
      expect(new URL(leadPage.url()).pathname).toBe(`/organisations/${school.id}`);
      await Promise.all([
        leadPage.waitForNavigation(),
        leadPage.getByRole("link", { name: new RegExp(`team of ${school.name}`, "i") }).click(),
      ]);
      expect(new URL(leadPage.url()).pathname).toBe(`/organisations/${school.id}/team`);
      await landed(leadPage, visited);
      const requests = leadPage.getByRole("table", { name: "People asking to join the team" });
      const request = requests.getByRole("row").filter({ hasText: person.name });
      await expect(request.count()).resolves.toBe(1);
      await Promise.all([
        leadPage.waitForNavigation(),
        request.getByRole("button", { name: "Approve" }).click(),
      ]);
      await landed(leadPage, visited);
      await expect(
        leadPage
          .getByRole("table", { name: `Members of the team of ${school.name}` })
          .getByRole("row")
          .filter({ hasText: person.name })
          .count(),
      ).resolves.toBe(1);
      await signOut(leadPage, visited);

      // The new member signs in again and now sees the school's team.
      await page.goto(`/sign-in?next=${encodeURIComponent(`/organisations/${school.id}`)}`);
      await landed(page, visited);
      await signIn(page, visited, person.email, person.password);
      await expect(page.getByRole("heading", { name: "Your team" }).count()).resolves.toBe(1);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole("link", { name: new RegExp(`team of ${school.name}`, "i") }).click(),
      ]);
      await landed(page, visited);
      await expect(
        page
          .getByRole("table", { name: `Members of the team of ${school.name}` })
          .getByRole("row")
          .filter({ hasText: person.name })
          .count(),
      ).resolves.toBe(1);
      await signOut(page, visited);

      expect(visited.length).toBeGreaterThanOrEqual(15);
      await context.close();
      await leadContext.close();
    },
    JOURNEY_TIMEOUT,
  );

  it(
    "offers the same home and sign-in pages in Spanish",
    async () => {
      const visited: string[] = [];
      const context = await h.newContext();
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      await page.goto("/");
      await landed(page, visited);
      await clickUtility(page, "Leer esta página en español");
      expect(await page.getAttribute("html", "lang")).toBe("es");
      await landed(page, visited);
      await expect(page.getByRole("link", { name: "Saltar al contenido principal" }).count()).resolves.toBe(
        1,
      );
      await expect(page.getByRole("link", { name: "Crear una cuenta gratuita" }).count()).resolves.toBe(1);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole("main").getByRole("link", { name: "Iniciar sesión" }).click(),
      ]);
      expect(new URL(page.url()).pathname).toBe("/sign-in");
      expect(await page.getAttribute("html", "lang")).toBe("es");
      await landed(page, visited);
      expect((await page.locator("h1").textContent())?.trim()).toBe("Iniciar sesión");
      await expect(page.getByLabel("Correo electrónico").count()).resolves.toBe(1);
      await expect(page.getByLabel("Contraseña", { exact: true }).count()).resolves.toBe(1);
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );

  it(
    "registers and signs in without JavaScript: forms post and redirect",
    async () => {
      const visited: string[] = [];
      const context = await h.newContext({ javaScriptEnabled: false });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const email = "no.script@example.org";
      const password = "works without any scripts";
      await page.goto("/register");
      await landed(page, visited, false);
      await page.getByLabel("Full name").fill("Noor Script");
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(password);
      await page.getByLabel("State or territory").selectOption({ label: "Puerto Rico" });
      await page.locator("label", { hasText: /^Family member$/ }).click();
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole("button", { name: "Create account" }).click(),
      ]);
      expect(new URL(page.url()).pathname).not.toBe("/register");
      expect((await page.locator("h1").textContent())?.trim()).toBe("Check your email");
      const link = (await latestEmailTo(h, email)).match(/\/verify-email\/\S+/)?.[0];
      await page.goto(link!);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole("button", { name: "Confirm my email address" }).click(),
      ]);
      await page.goto("/sign-in");
      await signIn(page, visited, email, password, false);
      expect(new URL(page.url()).pathname).toBe("/account");
      // A wrong password re-draws the form, still without scripts.
      await signOut(page, visited, false);
      await page.goto("/sign-in");
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill("not the right passphrase");
      const [response] = await Promise.all([
        page.waitForNavigation(),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      expect(response?.status()).toBe(401);
      await landed(page, visited, false);
      await context.close();
    },
    JOURNEY_TIMEOUT,
  );
});
