import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { addMembership, buildUser } from "../../../seed/factories";
import { getStateByCode } from "../../directory/service";
import { buildCreditEvent, registerAttendee } from "./test-factories";

/** Evaluate → certificate by keyboard, with axe on every page, in English and Spanish. */
describe("credit pages in Chromium", () => {
  let h: BrowserHarness;
  let attendee: BrowserContext;
  let organiser: BrowserContext;
  let fixture: Awaited<ReturnType<typeof buildCreditEvent>>;
  const base = "/events/credit-browser";

  beforeAll(async () => {
    h = await startBrowserHarness();
    const maryland = (await getStateByCode(h.t.db, "MD"))!;
    fixture = await buildCreditEvent(h.t.db, maryland.id, "credit-browser");
    const person = await buildUser(h.t.db, { name: "Rosa Attendee" });
    // Attended A only (counts for credit) and C (does not).
    await registerAttendee(h.t.db, fixture.event.id, person.id, [
      fixture.sessions.a.id,
      fixture.sessions.c.id,
    ]);
    const org = await buildUser(h.t.db, { name: "Oscar Organiser" });
    await addMembership(h.t.db, org.id, maryland.id, "member");
    attendee = await h.signedInContext(person.id);
    organiser = await h.signedInContext(org.id);
    attendee.setDefaultTimeout(10_000);
    organiser.setDefaultTimeout(10_000);
  });
  afterAll(() => h?.close());

  const choose = async (page: Page, label: string | RegExp) => {
    await page.getByLabel(label).first().focus();
    await page.keyboard.press("Space");
  };
  const rate = async (page: Page, group: string, value: string) => {
    await page.getByRole("group", { name: group }).getByLabel(value).focus();
    await page.keyboard.press("Space");
  };
  const submit = async (page: Page, name: string) => {
    await page.getByRole("button", { name }).focus();
    await page.keyboard.press("Enter");
  };

  it("evaluates by keyboard, sees what is left, and downloads the certificate once issued", async () => {
    const page = await attendee.newPage();
    await page.goto(`${base}/certificate`);
    await expectNoAxeViolations(page);
    await choose(page, /NBCC clock hours/);
    await submit(page, "Save credit type");
    await page.waitForURL(/\/certificate$/);
    await expect.poll(() => page.locator(".usa-alert--success").count()).toBeGreaterThan(0);

    await page.getByRole("link", { name: "Evaluate the session “Session A: screening”." }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/evaluations\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(page);
    await rate(page, "Overall, how would you rate it?", "4 — Very good");
    await submit(page, "Send evaluation");
    // Presenters and objectives were left out: the form comes back with the messages.
    await expect.poll(() => page.locator("#error-summary").count()).toBe(1);
    await expectNoAxeViolations(page);
    await rate(page, "Overall, how would you rate it?", "4 — Very good");
    await rate(page, "How well did the presenters present?", "5 — Excellent");
    await rate(page, "How relevant was it to your practice?", "4 — Very good");
    await rate(page, "Learning objective met: Name three screening tools", "4 — Very good");
    await rate(page, "Learning objective met: Plan a referral pathway", "3 — Good");
    await submit(page, "Send evaluation");
    await page.waitForURL(/\/certificate$/);
    expect(await page.locator("main").textContent()).toContain("Evaluate the event as a whole.");

    await page.goto(`${base}/evaluations/event`);
    await rate(page, "Overall, how would you rate it?", "5 — Excellent");
    await rate(page, "How relevant was it to your practice?", "5 — Excellent");
    await page.getByLabel("Comment").focus();
    await page.keyboard.type("Very useful.");
    await submit(page, "Send evaluation");
    await page.waitForURL(/\/certificate$/);
    expect(await page.locator("main").textContent()).toContain("Credit hours so far: 1.00");
    await expectNoAxeViolations(page);

    const manage = await organiser.newPage();
    await manage.goto(`${base}/manage/certificates`);
    await expectNoAxeViolations(manage);
    await submit(manage, "Issue certificates");
    // The same address comes back after the post: wait for its notice, not for the address.
    await manage.getByText("Certificates are being issued").waitFor();
    await h.t.runJobs();
    await manage.reload();
    expect(await manage.locator("main").textContent()).toContain("Rosa Attendee");
    await expectNoAxeViolations(manage);
    await manage.goto(`${base}/manage/evaluations`);
    await expectNoAxeViolations(manage);

    await page.reload();
    const link = page.getByRole("link", { name: "Download the certificate (PDF)" });
    expect(await link.count()).toBe(1);
    const code = (await page.locator('main a[href^="/certificates/"]').first().textContent())!.trim();
    await page.goto(`/certificates/${code}`);
    await expectNoAxeViolations(page);
    await page.goto(`/language/es?next=${encodeURIComponent(`${base}/certificate`)}`);
    expect(await page.locator("h1").textContent()).toBe("Evaluaciones y certificado de educación continua");
    await expectNoAxeViolations(page);
    await page.goto(`/certificates/${code}`);
    expect(await page.locator("main").textContent()).toContain("Válido");
    await expectNoAxeViolations(page);
    await page.goto("/certificates");
    expect(await page.locator("h1").textContent()).toBe("Mis certificados");
    await expectNoAxeViolations(page);
    await page.close();
    await manage.close();
  });
});
