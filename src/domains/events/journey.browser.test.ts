import { readFileSync } from "node:fs";
import { stateOrganiser } from "./setup/test-factories";
import { sql } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../test/support/browser";
import { queryRows } from "../../platform/db/client";
import { buildUser } from "../../seed/factories";
import { pdfText } from "./credit/test-factories";
import { createEvent } from "./setup/service";
import { inContext, keyboard, notice } from "./test-keyboard";

/*
 * Issue 13's thread, end to end in Chromium by keyboard, axe on every page: the organiser
 * publishes the event, sets its CE credit and tickets and opens the call → a presenter proposes →
 * the organiser adds a reviewer and assigns → the reviewer reviews blind → the organiser accepts
 * and releases (the email is in the outbox) → the presenter confirms → the organiser places the
 * session in a room and a time and publishes the program → an attendee registers → staff check
 * them in at the door and in the session's room by the typed code → the attendee evaluates the
 * session and the event → the organiser issues certificates (jobs drained) → the attendee
 * downloads the PDF and the public verification page confirms it → the presenter reads the
 * session's results.
 */

const SLUG = "journey-summit";
const TITLE = "Journey Summit";
const CE_TITLE = "Journey Summit: School Mental Health in Practice (approved CE activity)";
const SESSION = "Screening that leads somewhere";
// What the reviewer must never see.
const PRESENTER = "Zebulon Quillfeather";
const ORGANISATION = "Quillmark Institute";
const PRESENTER_EMAIL = "zebulon@quillmark.example";

interface Mail {
  to: string;
  subject: string;
  text: string;
}

describe("an event from call to certificate in Chromium", () => {
  let h: BrowserHarness;
  const people: Record<"organiser" | "presenter" | "reviewer" | "attendee", BrowserContext> = {} as never;

  beforeAll(async () => {
    h = await startBrowserHarness();
    const db = h.t.db;
    const { user: organiser, actor, scope } = await stateOrganiser(db, "MD", "Olive Organiser");
    // The event's own form is walked in setup/setup.browser.test.ts; here it starts as a draft.
    await createEvent(
      db,
      actor,
      scope,
      {
        slug: SLUG,
        kind: "regional",
        titleEn: TITLE,
        titleEs: "Cumbre del recorrido",
        summaryEn: "A day on screening and referral.",
        startsOn: "2030-06-10",
        endsOn: "2030-06-11",
        timeZone: "America/New_York",
        mode: "in_person",
        venue: "Baltimore Convention Center",
        onlineUrl: null,
        capacity: 200,
        ceActivityTitle: CE_TITLE,
      },
      [{ nameEn: "Screening", nameEs: "Detección" }],
    );
    const presenter = await buildUser(db, { name: PRESENTER, email: PRESENTER_EMAIL });
    const reviewer = await buildUser(db, { name: "Rita Reviewer", email: "rita@reviewers.example" });
    const attendee = await buildUser(db, { name: "Ada Attendee", email: "ada@attendees.example" });
    for (const [key, user] of Object.entries({ organiser, presenter, reviewer, attendee })) {
      const context = await h.signedInContext(user.id, { acceptDownloads: true });
      context.setDefaultTimeout(15_000);
      people[key as keyof typeof people] = context;
    }
  });
  afterAll(() => h?.close());

  const mails = () =>
    queryRows<Mail>(
      h.t.db,
      sql`select to_address as "to", subject, body_text as text from email_outbox order by created_at`,
    );
  /** Opens an address (as if typed in the address bar) and checks the page with axe. */
  const open = async (page: Page, path: string) => {
    await page.goto(path);
    await expectNoAxeViolations(page);
  };

  it("walks propose → review → accept → program → register → check in → evaluate → certificate", async () => {
    const base = `/events/${SLUG}`;

    // --- The organiser publishes the event, offers CE credit and tickets, and opens the call.
    const org = await people.organiser.newPage();
    const o = keyboard(org);
    await open(org, `${base}/manage`);
    expect(await o.heading()).toBe(`Manage ${TITLE}`);
    await o.press("Publish");
    await notice(org, "The event is published: everyone can see it.");
    await expectNoAxeViolations(org);

    await o.follow("CE credit types", `CE credit types for ${TITLE}`);
    await expectNoAxeViolations(org);
    await o.choose("Profession", "Psychologists");
    await o.type("Name of the credit on the certificate", "APA CE credits");
    await o.type("Provider", "Journey Provider");
    await o.type(
      "Approval statement",
      "Journey Provider is approved by the APA to sponsor continuing education.",
    );
    await o.press("Save");
    await notice(org, "The credit type is saved.");

    await open(org, `${base}/manage/tickets`);
    await o.press("Add the usual ticket types (paid, and free for families and youth)");
    await notice(org, "The ticket type was added.");
    expect(await o.main.textContent()).toContain("In person — families and youth (free)");
    await expectNoAxeViolations(org);

    await open(org, `${base}/manage`);
    await o.follow("Call for proposals", "Call for proposals");
    await expectNoAxeViolations(org);
    await o.date("Deadline: day", "2030-05-01");
    await o.type(/^Guidance \(English\)/, "Share what works in **screening**.");
    await o.press("Save the call");
    await expect.poll(o.heading).toBe(`Call for proposals: ${TITLE}`);
    await notice(org, "The call is saved.");
    await expectNoAxeViolations(org);

    // --- The presenter proposes from the event's page.
    const pres = await people.presenter.newPage();
    const p = keyboard(pres);
    await open(pres, base);
    await p.follow("Call for proposals", `Call for proposals: ${TITLE}`);
    await expectNoAxeViolations(pres);
    await p.follow("Submit a proposal", "Submit a proposal");
    await expectNoAxeViolations(pres);
    await p.type("Title", SESSION);
    await p.type("Abstract", "How a school team moves from a screening score to a referral that happens.");
    await p.type("Learning objectives", "Name three screening tools\nPlan a referral pathway");
    await p.tick("Workshop");
    await p.tick("Intermediate");
    await p.type("Organisation", ORGANISATION);
    await p.press("Submit");
    await expect.poll(p.heading).toBe(SESSION);
    await notice(pres, "Your proposal is submitted.");
    await expectNoAxeViolations(pres);
    const proposalId = pres.url().split("/").pop()!;
    expect(proposalId).toMatch(/^[0-9a-f-]{36}$/);

    // --- The organiser adds a reviewer and assigns the proposal.
    await open(org, `${base}/manage/reviewers`);
    await o.type("Reviewer's email", "rita@reviewers.example");
    await o.press("Add reviewer");
    await notice(org, "The reviewer is added and told by email.");
    await expectNoAxeViolations(org);
    await o.follow("Assignment", "Assignment");
    await o.type("Reviews per proposal", "1", { replace: true });
    await o.press("Assign automatically");
    await notice(org, "1 assignment(s) made; 0 proposal(s) could not get enough reviewers.");
    expect(await o.main.locator("table").textContent()).toContain("Rita Reviewer");
    await expectNoAxeViolations(org);

    // --- The reviewer reviews blind: no presenter's name, organisation or email anywhere on the page.
    const rev = await people.reviewer.newPage();
    const r = keyboard(rev);
    await open(rev, "/events/reviews");
    await r.follow(SESSION, SESSION);
    await expectNoAxeViolations(rev);
    const html = await rev.content();
    for (const secret of ["Zebulon", "Quillfeather", "Quillmark", PRESENTER_EMAIL])
      expect(html, `the reviewer's page shows ${secret}`).not.toContain(secret);
    const fours = r.main.getByRole("radio", { name: "4 — very good" });
    const criteria = await fours.count();
    expect(criteria).toBeGreaterThan(0);
    for (let i = 0; i < criteria; i++) {
      await fours.nth(i).focus();
      await rev.keyboard.press("Space");
    }
    await r.type(/^Comment to the presenters/, "Clear and practical.");
    await r.press("Submit review");
    await notice(rev, "Your review is saved.");
    await expectNoAxeViolations(rev);

    // --- The organiser stages "accept" and releases the decisions: the presenter is emailed.
    await open(org, `${base}/manage/proposals`);
    await o.follow(SESSION, SESSION);
    await expectNoAxeViolations(org);
    await o.tick("Accepted");
    await o.type(/^Note from the organisers/, "Welcome to the program.");
    await o.press("Save decision");
    await expect.poll(o.heading).toBe("Proposals and reviews");
    await notice(org, "The decision is staged.");
    await expectNoAxeViolations(org);
    const before = (await mails()).length;
    await o.press("Release 1 decision(s) and email presenters");
    await notice(org, "1 decision(s) are being released; presenters are emailed.");
    await h.t.runJobs();
    const released = (await mails()).slice(before);
    expect(released.map((m) => m.to)).toEqual([PRESENTER_EMAIL]);
    expect(released[0]!.subject).toBe(`Your proposal is accepted: ${TITLE}`);
    expect(released[0]!.text).toContain("Welcome to the program.");

    // --- The presenter confirms.
    await open(pres, `/events/my/proposals/${proposalId}`);
    await p.tick("Confirm");
    await p.press("Send my answer");
    await notice(pres, "Thank you: your session is now in the program.");
    await expectNoAxeViolations(pres);

    // --- The organiser places the session in a room and a time, and publishes the program.
    await open(org, `${base}/manage/program`);
    await o.follow("Add a room", "Add a room");
    await expectNoAxeViolations(org);
    await o.type("Room name", "Harbor Room");
    await o.type(/^Seats/, "80");
    await o.press("Save");
    await notice(org, "Room saved.");
    await o.follow(inContext("Edit", SESSION), "Edit session");
    await expectNoAxeViolations(org);
    await o.choose(/^Room/, "Harbor Room (80)");
    await o.type(/^Day/, "2030-06-10");
    await o.type(/^Starts at/, "10:00");
    await o.type(/^Ends at/, "11:15");
    await o.press("Save");
    await notice(org, "Session saved.");
    expect(await o.main.locator("table").first().textContent()).toContain("Harbor Room");
    await o.press("Publish the program");
    await notice(org, "The program is published.");
    await expectNoAxeViolations(org);

    // --- An attendee finds the session in the program and registers.
    const att = await people.attendee.newPage();
    const a = keyboard(att);
    await open(att, base);
    await a.follow("Program", `Program: ${TITLE}`);
    await expectNoAxeViolations(att);
    expect(await a.main.textContent()).toContain("Harbor Room");
    await a.follow(SESSION, SESSION);
    await expectNoAxeViolations(att);
    await open(att, base);
    await a.follow("Register", `Register: ${TITLE}`);
    await expectNoAxeViolations(att);
    await a.tick(/^In person — in person/);
    await a.type(/^Name on the certificate/, "Ada Q. Attendee");
    await a.press("Register");
    await expect.poll(a.heading).toBe(`My registration: ${TITLE}`);
    await notice(att, "You are registered.");
    await expectNoAxeViolations(att);
    const code = ((await att.locator("#check-in-code").textContent()) ?? "").trim();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    // --- Staff check the attendee in at the door, then in the session's room, by the typed code.
    await open(org, `${base}/manage/check-in`);
    await o.type("Check-in code", code);
    await org.keyboard.press("Enter");
    await notice(org, "Ada Attendee is checked in.");
    await expectNoAxeViolations(org);
    await o.choose(/^Checking in at/, SESSION);
    await o.press("Show");
    await org.waitForURL(/sessionId=/);
    await o.type("Check-in code", code);
    await org.keyboard.press("Enter");
    await notice(org, "Ada Attendee is checked in to this session.");
    await expectNoAxeViolations(org);

    await att.reload();
    expect(await a.main.getByRole("region", { name: "Sessions you attended" }).textContent()).toContain(
      SESSION,
    );

    // --- The attendee evaluates the session and the event, from their registration page (the
    // event's page offers the certificate from its first day; this event is years away).
    await a.follow("Evaluate the sessions and get your CE certificate", "Evaluations and CE certificate");
    await expectNoAxeViolations(att);
    await a.tick(/^APA CE credits/);
    await a.press("Save credit type");
    await notice(att, "Credit type saved.");
    await a.follow(`Evaluate the session “${SESSION}”.`, `Evaluate: ${SESSION}`);
    await expectNoAxeViolations(att);
    const sessionId = att.url().split("/").pop()!;
    const rate = async (group: string, value: string) =>
      a.tick(value, a.main.getByRole("group", { name: group }));
    await rate("Overall, how would you rate it?", "5 — Excellent");
    await rate("How well did the presenters present?", "4 — Very good");
    await rate("How relevant was it to your practice?", "5 — Excellent");
    await rate("Learning objective met: Name three screening tools", "4 — Very good");
    await rate("Learning objective met: Plan a referral pathway", "4 — Very good");
    await a.press("Send evaluation");
    await expect.poll(a.heading).toBe("Evaluations and CE certificate");
    await notice(att, "Thank you: your evaluation was recorded.");
    await a.follow("Evaluate the event as a whole.", `Evaluate the event: ${TITLE}`);
    await expectNoAxeViolations(att);
    await rate("Overall, how would you rate it?", "5 — Excellent");
    await rate("How relevant was it to your practice?", "4 — Very good");
    await a.type(/^Comment/, "Useful from start to end.");
    await a.press("Send evaluation");
    await expect.poll(a.heading).toBe("Evaluations and CE certificate");
    expect(await a.main.textContent()).toContain("Everything is done.");
    await expectNoAxeViolations(att);

    // --- The organiser issues the certificates (the jobs worker does the work).
    await open(org, `${base}/manage/certificates`);
    await o.press("Issue certificates");
    await notice(org, "Certificates are being issued");
    await h.t.runJobs();
    await org.reload();
    expect(await o.main.textContent()).toContain("Ada Q. Attendee");
    await expectNoAxeViolations(org);
    expect((await mails()).filter((m) => m.to === "ada@attendees.example").map((m) => m.subject)).toContain(
      `Your CE certificate: ${TITLE}`,
    );

    // --- The attendee downloads the PDF; the public page confirms the certificate.
    await att.reload();
    await expectNoAxeViolations(att);
    await a.main.getByRole("link", { name: "Download the certificate (PDF)" }).focus();
    const [download, response] = await Promise.all([
      att.waitForEvent("download"),
      att.waitForResponse((res) => res.url().endsWith("/certificate.pdf")),
      att.keyboard.press("Enter"),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/pdf");
    const text = pdfText(readFileSync(await download.path())).replace(/\s+/g, " ");
    expect(text).toContain(CE_TITLE);
    expect(text).toContain("Ada Q. Attendee");
    const verification = (
      (await a.main.locator('a[href^="/certificates/"]').first().textContent()) ?? ""
    ).trim();
    await a.follow(verification, "Certificate verification");
    await expectNoAxeViolations(att);
    const stranger = await (await h.newContext()).newPage();
    await open(stranger, `/certificates/${verification}`);
    const shown = (await stranger.locator("main").textContent()) ?? "";
    expect(shown).toContain("Valid");
    expect(shown).toContain("Ada Q. Attendee");
    expect(shown).toContain(CE_TITLE);

    // --- The presenter (still linked to the session after it was placed) reads its results.
    await open(pres, `${base}/results/${sessionId}`);
    expect(await p.heading()).toBe(`Evaluation results: ${SESSION}`);

    for (const page of [org, pres, rev, att, stranger]) await page.close();
  }, 300_000);
});
