import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  TestClient,
} from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { addMembership, buildUser, findOrganisationByStateCode } from "../../../seed/factories";
import { addMember } from "../../communities/membership/service";
import { buildCommunity } from "../../communities/test-factories";
import { getNation } from "../../directory/service";
import { reportMonths } from "./counting";
import { shownRows } from "./report";
import { usageCountsFor } from "./service";
import { refreshReachSummary } from "./summary";

/*
 * The reach dashboards on both databases: who may open which (a state's team its state, a peer
 * state's team nothing, the nation's team the nation, a practice group's lead the group), what
 * each covers (a community-only resource only for those who may read it), small cells hidden,
 * the CSVs and the API.
 */

const months = reportMonths(new Date());
const thisMonth = `${months.at(-1)}-01`;
const lastMonth = `${months.at(-2)}-01`;
const twoMonthsAgo = `${months.at(-3)}-01`;

describe.each(DATABASES)("reach dashboards on %s", (kind) => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const as: Record<string, TestClient> = {};
  let pgSlug = "";

  async function resource(
    slug: string,
    fields: { state?: string; community?: string; communityOnly?: boolean; type: string },
  ) {
    const [row] = await queryRows<{ id: string }>(
      t.db,
      sql`insert into library_resources (slug, type, title, summary, year, created_by, status, published_at,
            state_code, community_id, community_only, domain_keys, audiences, authors, organisations)
          values (${slug}, ${fields.type}, ${`Title of ${slug}`}, 'Summary', 2025, ${ids.author}, 'published', now(),
            ${fields.state ?? null}, ${fields.community ?? null}, ${fields.communityOnly ?? false},
            '{screening}', '{educator,family_member}', '{"A. Author"}', '{"Center for Testing"}')
          returning id::text`,
    );
    return row!.id;
  }
  async function used(resourceId: string, month: string, ti: number, ui: number, tr = 0, ur = 0) {
    await t.db.execute(
      sql`insert into reach_monthly values (${resourceId}, ${month}, ${ti}, ${ui}, ${tr}, ${ur})`,
    );
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    const nation = (await getNation(t.db))!;
    const md = await findOrganisationByStateCode(t.db, "MD");
    const va = await findOrganisationByStateCode(t.db, "VA");
    ids.nation = nation.id;
    ids.md = md.id;
    ids.va = va.id;
    const people = {
      mdMember: await buildUser(t.db),
      vaLead: await buildUser(t.db),
      nationMember: await buildUser(t.db),
      pgLead: await buildUser(t.db),
      pgMember: await buildUser(t.db),
      author: await buildUser(t.db),
    };
    for (const [name, person] of Object.entries(people)) ids[name] = person.id;
    await addMembership(t.db, ids.mdMember!, md.id, "member");
    await addMembership(t.db, ids.vaLead!, va.id, "lead");
    await addMembership(t.db, ids.nationMember!, nation.id, "member");
    const pg = await buildCommunity(t.db, { kind: "practice_group", level: "national", stateCode: null });
    pgSlug = pg.slug;
    ids.pg = pg.id;
    await addMember(t.db, pg.id, ids.pgLead!, "lead");
    await addMember(t.db, pg.id, ids.pgMember!, "member");

    ids.mdGuide = await resource("md-guide", { state: "MD", type: "guide" });
    ids.vaTool = await resource("va-tool", { state: "VA", type: "tool" });
    ids.sealed = await resource("sealed-pg-notes", {
      community: pg.id,
      communityOnly: true,
      type: "toolkit",
    });
    ids.national = await resource("national-brief", { type: "policy_brief" });
    await used(ids.mdGuide!, thisMonth, 30, 12, 8, 11);
    await used(ids.mdGuide!, lastMonth, 5, 3); // fewer than 10 people: hidden
    await used(ids.mdGuide!, twoMonthsAgo, 40, 25);
    await used(ids.vaTool!, thisMonth, 20, 15);
    await used(ids.sealed!, thisMonth, 14, 11, 12, 10);
    await used(ids.national!, thisMonth, 50, 20, 25, 12);
    await refreshReachSummary(t.db);

    for (const name of Object.keys(people)) as[name] = await signedInClient(t, ids[name]!);
    as.anonymous = new TestClient(t.app);
  }, 180_000);
  afterAll(async () => t?.close());

  it("shows a state's team its state's resources, with small cells hidden", async () => {
    const page = await as.mdMember!.get(`/library/reach/scopes/${ids.md}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Title of md-guide");
    expect(page.body).not.toContain("Title of va-tool");
    expect(page.body).not.toContain("Title of national-brief");
    // The month with 3 people is hidden, and another month with it, since the total is shown.
    expect(page.body).toContain("hidden: fewer than 10 people");
    expect(page.body).toContain("75"); // 30 + 5 + 40 investigations in total
    // Announcements come from the announcements' service: none were sent here.
    expect(page.body).toContain("No announcement was sent in this period.");
  });

  it("refuses a peer state's team (404) and sends a signed-out visitor to sign in", async () => {
    expect((await as.vaLead!.get(`/library/reach/scopes/${ids.md}`)).statusCode).toBe(404);
    expect((await as.vaLead!.get(`/library/reach/scopes/${ids.md}/item-report.csv`)).statusCode).toBe(404);
    expect((await as.vaLead!.get(`/api/v1/library/reach/scopes/${ids.md}`)).statusCode).toBe(404);
    expect((await as.vaLead!.get(`/library/reach/scopes/${ids.va}`)).statusCode).toBe(200);
    const signedOut = await as.anonymous!.get(`/library/reach/scopes/${ids.md}`);
    expect(signedOut.statusCode).toBe(303);
    expect((await as.anonymous!.get(`/api/v1/library/reach/scopes/${ids.md}`)).statusCode).toBe(401);
    // A state's team does not read the nation's dashboard.
    expect((await as.mdMember!.get(`/library/reach/scopes/${ids.nation}`)).statusCode).toBe(404);
  });

  it("shows the nation's team every resource it may read, never a community-only one it may not", async () => {
    const page = await as.nationMember!.get(`/library/reach/scopes/${ids.nation}`);
    expect(page.statusCode).toBe(200);
    for (const slug of ["md-guide", "va-tool", "national-brief"])
      expect(page.body).toContain(`Title of ${slug}`);
    expect(page.body).not.toContain("sealed-pg-notes");
    const api = (await as.nationMember!.get(`/api/v1/library/reach/scopes/${ids.nation}`)).json();
    expect(api.byResource.map((r: { label: string }) => r.label)).not.toContain("Title of sealed-pg-notes");
    expect(api.byState.map((r: { label: string }) => r.label)).toEqual(
      expect.arrayContaining(["Maryland", "Virginia", "National (no state)"]),
    );
  });

  it("shows a practice group's lead the group's shelf; its members and others get 404", async () => {
    const page = await as.pgLead!.get(`/library/reach/communities/${pgSlug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Title of sealed-pg-notes");
    expect(page.body).not.toContain("Title of md-guide");
    expect((await as.pgMember!.get(`/library/reach/communities/${pgSlug}`)).statusCode).toBe(404);
    expect((await as.mdMember!.get(`/library/reach/communities/${pgSlug}`)).statusCode).toBe(404);
    const index = await as.pgLead!.get("/library/reach");
    expect(index.body).toContain(`/library/reach/communities/${pgSlug}`);
    expect(index.body).not.toContain(`/library/reach/scopes/${ids.md}`);
  });

  it("answers in Spanish too", async () => {
    const page = await as.mdMember!.get(`/library/reach/scopes/${ids.md}`, { "accept-language": "es" });
    expect(page.body).toContain("Consultas únicas");
    expect(page.body).toContain('lang="es"');
  });

  it("exports the COUNTER item report as tabular CSV, small cells left empty", async () => {
    const res = await as.mdMember!.get(`/library/reach/scopes/${ids.md}/item-report.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    const rows: string[][] = parse(res.body, { relax_column_count: true });
    expect(rows[0]).toEqual(["Report_Name", "Item Report"]);
    expect(rows[1]).toEqual(["Report_ID", "IR"]);
    expect(rows[2]).toEqual(["Release", "5"]);
    const header = rows.find((r) => r[0] === "Item")!;
    expect(header.slice(0, 3)).toEqual(["Item", "Publisher", "Platform"]);
    expect(header).toContain("Metric_Type");
    expect(header).toContain("Reporting_Period_Total");
    expect(header).toHaveLength(14 + months.length);
    const lines = rows.filter((r) => r[0] === "Title of md-guide");
    expect(lines.map((r) => r[header.indexOf("Metric_Type")])).toEqual([
      "Total_Item_Investigations",
      "Unique_Item_Investigations",
      "Total_Item_Requests",
      "Unique_Item_Requests",
    ]);
    const investigations = lines[0]!;
    expect(investigations[header.indexOf("Reporting_Period_Total")]).toBe("75");
    expect(investigations[header.indexOf("Publisher")]).toBe("Center for Testing");
    // Last month (3 people) is empty.
    expect(investigations[header.length - 2]).toBe("");
    expect(rows.some((r) => r[0] === "Title of va-tool")).toBe(false);
    const csv = await as.mdMember!.get(`/library/reach/scopes/${ids.md}/reach.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain("Title of md-guide");
  });

  it("gives the library its most-used figures", async () => {
    const counts = await usageCountsFor(t.db, [
      ids.mdGuide!,
      ids.vaTool!,
      "00000000-0000-4000-8000-000000000000",
    ]);
    expect(counts.get(ids.mdGuide!)?.totalInvestigations).toBe(75);
    expect(counts.get(ids.vaTool!)?.uniqueInvestigations).toBe(15);
    expect(counts.size).toBe(2);
  });
});

describe("small cells", () => {
  const c = (ui: number, ur = 0) => ({
    totalInvestigations: ui * 2,
    uniqueInvestigations: ui,
    totalRequests: ur * 2,
    uniqueRequests: ur,
  });
  it("hides a count from fewer than 10 people with its total beside it, and a second part of a published total", () => {
    const shown = shownRows([c(12, 11), c(3, 0), c(25, 20)], true);
    expect(shown[1]).toEqual({
      totalInvestigations: null,
      uniqueInvestigations: null,
      totalRequests: 0,
      uniqueRequests: 0,
    });
    // 3 alone could be worked out from the total: the next smallest (12) is hidden too.
    expect(shown[0]!.uniqueInvestigations).toBeNull();
    expect(shown[2]!.uniqueInvestigations).toBe(25);
    expect(shown[0]!.uniqueRequests).toBe(11);
  });
  it("hides only the small cells of rows that add up to nothing published", () => {
    const shown = shownRows([c(12), c(3), c(25)], false);
    expect(shown.map((s) => s.uniqueInvestigations)).toEqual([12, null, 25]);
  });
});
