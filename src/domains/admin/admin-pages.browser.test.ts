import { eq } from "drizzle-orm";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../test/support/browser";
import { recordAudit } from "../../platform/audit";
import { queueEmail } from "../../platform/email";
import { enqueueJob } from "../../platform/jobs";
import { jobs } from "../../platform/jobs/schema";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../seed/factories";

describe("admin pages in Chromium", () => {
  let h: BrowserHarness;
  let context: BrowserContext;
  const paths: string[] = ["/admin", "/admin/users", "/admin/outbox", "/admin/audit", "/admin/jobs"];

  beforeAll(async () => {
    h = await startBrowserHarness();
    const db = h.t.db;
    const admin = await buildUser(db, { systemRole: "admin", name: "Ada Adminson" });
    const member = await buildUser(db, { name: "Mona Member" });
    const { district } = await buildDistrictWithSchools(db, "MD", 1);
    await addMembership(db, member.id, district.id, "lead");
    const emailId = await queueEmail(db, {
      to: member.email,
      subject: "Verify your email address",
      text: `Hello,\n\nOpen https://smh.example/verify?token=${"a".repeat(80)} to confirm your address.\n`,
    });
    await recordAudit(db, {
      actorId: admin.id,
      action: "user.update",
      entityType: "user",
      entityId: member.id,
      before: { systemRole: "user" },
      after: { systemRole: "researcher" },
    });
    await enqueueJob(db, "test.broken", {});
    await db
      .update(jobs)
      .set({ status: "failed", lastError: "Mail server said no" })
      .where(eq(jobs.kind, "test.broken"));
    paths.push(`/admin/users/${member.id}`, `/admin/outbox/${emailId}`);
    context = await h.signedInContext(admin.id);
    context.setDefaultTimeout(10_000);
  });
  afterAll(() => h?.close());

  it("every admin page has one h1 and no axe violations, in English and Spanish", async () => {
    for (const locale of ["en", "es"]) {
      const page = await context.newPage();
      await page.goto(`/language/${locale}?next=/admin`);
      for (const path of paths) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        expect(await page.getAttribute("html", "lang")).toBe(locale);
        expect(await page.locator("h1").count(), path).toBe(1);
        await expectNoAxeViolations(page);
      }
      await page.close();
    }
  });

  it("changes a role with the keyboard-operable form and shows the result", async () => {
    const page = await context.newPage();
    await page.goto("/language/en?next=/admin/users");
    await page.getByLabel("Name or email").fill("Mona");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByRole("link", { name: "Mona Member" }).click();
    await page.getByLabel("System role").selectOption("admin");
    await page.getByRole("button", { name: "Change role" }).click();
    await expect
      .poll(() => page.locator(".usa-alert--success").textContent())
      .toContain("is now National admin");
    await expectNoAxeViolations(page);
    await page.close();
  });
});
