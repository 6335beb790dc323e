import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectNoAxeViolations,
  startBrowserHarness,
  type BrowserHarness,
} from "../../../test/support/browser";
import { buildDistrictWithSchools, buildUser } from "../../seed/factories";
import { seedDirectoryDemo } from "./demo";

/** Every directory page, in a real browser, through axe (WCAG 2.2 AA), in English and Spanish. */
describe("directory pages in a browser", () => {
  let h: BrowserHarness;
  let schoolId: string;
  let districtId: string;
  let adminId: string;

  beforeAll(async () => {
    h = await startBrowserHarness("pglite");
    await seedDirectoryDemo(h.t.db);
    const { district, schools } = await buildDistrictWithSchools(h.t.db, "MD", 2);
    schoolId = schools[0]!.id;
    districtId = district.id;
    const admin = await buildUser(h.t.db, { systemRole: "admin" });
    adminId = admin.id;
  });
  afterAll(() => h?.close());

  const publicPaths = () => [
    "/directory",
    "/directory/states/MD",
    "/directory/schools?q=elementary",
    "/directory/schools?q=%1B",
    "/directory/partners",
    `/organisations/${schoolId}`,
    `/organisations/${districtId}`,
  ];

  for (const locale of ["en-US", "es-US"]) {
    it(`public pages pass axe (${locale})`, async () => {
      const page = await (await h.newContext({ locale })).newPage();
      for (const path of publicPaths()) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBeLessThan(500);
        await expectNoAxeViolations(page);
      }
      await page.goto("/directory");
      expect(await page.textContent("h1")).toBe(
        locale === "es-US"
          ? "Directorio de estados, distritos y escuelas"
          : "Directory of states, districts and schools",
      );
    });
  }

  it("admin pages pass axe, including a form shown again with errors and an import report", async () => {
    const context = await h.signedInContext(adminId);
    const page = await context.newPage();
    for (const path of [
      "/admin/organisations",
      "/admin/organisations/new",
      `/admin/organisations/${schoolId}/edit`,
      "/admin/imports",
    ]) {
      expect((await page.goto(path))?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }
    await page.goto("/admin/organisations/new");
    await page.selectOption("#field-kind", "school");
    await page.click("form.usa-form button[type=submit]");
    expect(await page.locator(".usa-error-message").count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    await page.goto("/admin/imports");
    await page.setInputFiles("#field-file", {
      name: "schools.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "NCESSCH,LEAID,SCH_NAME,LEA_NAME,ST\n249800100001,2498001,Test Academy,Test District,MD\n12AB,2498001,Bad,Test District,MD\n",
      ),
    });
    await page.click("form.usa-form button[type=submit]");
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/imports\/[0-9a-f-]{36}$/);
    await h.t.runJobs();
    await page.reload();
    expect(await page.textContent("main")).toContain("The NCES school ID must be 12 digits.");
    await expectNoAxeViolations(page);
  });
});
