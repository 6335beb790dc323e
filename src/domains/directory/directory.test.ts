import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { addMembership, buildUser } from "../../seed/factories";
import { seedDirectoryDemo } from "./demo";
import { describeLocale, gradeSpan } from "./labels";
import { organisations } from "./schema";
import {
  countSchoolsByState,
  findByNcesId,
  listChildren,
  listSchoolsIn,
  type Organisation,
  toPrefixTsQuery,
} from "./service";
import { buildSampleDirectory } from "./test-factories";

describe("directory labels", () => {
  it("describes NCES locale codes in words in both languages", () => {
    expect(describeLocale("11", "en")).toBe("City: large");
    expect(describeLocale("22", "en")).toBe("Suburb: midsize");
    expect(describeLocale("33", "en")).toBe("Town: remote");
    expect(describeLocale("41", "es")).toBe("Zona rural: periférico");
    expect(describeLocale("99", "en")).toBe("99");
  });
  it("describes grade spans", () => {
    expect(gradeSpan("KG", "05", "en")).toBe("Kindergarten – Grade 5");
    expect(gradeSpan("PK", "PK", "es")).toBe("Prekínder");
  });
  it("turns search words into a safe prefix query", () => {
    expect(toPrefixTsQuery("Lincoln  Elem's")).toBe("lincoln:* & elem:* & s:*");
    expect(toPrefixTsQuery("'&|!():*")).toBeNull();
  });
});

describe.each(DATABASES)("directory on %s", (kind) => {
  let t: TestApp;
  let md: Organisation;
  let va: Organisation;
  let district: Organisation;
  let lincoln: Organisation;
  let harbor: Organisation;
  let vaSchool: Organisation;

  beforeAll(async () => {
    t = await startTestApp(kind);
    ({ md, va, district, lincoln, harbor, vaSchool } = await buildSampleDirectory(t.db));
  });
  afterAll(() => t?.close());

  const searchApi = async (query: string) =>
    (await t.app.inject({ url: `/api/v1/organisations?kind=school&${query}` })).json();

  it("finds schools by name, city, state and NCES ID through the API", async () => {
    const byName = await searchApi("q=lincoln");
    expect(byName.items.map((o: Organisation) => o.name).sort()).toEqual([
      "Lincoln Elementary School",
      "Lincoln Primary School",
    ]);
    expect(byName.total).toBe(2);
    const byPrefix = await searchApi("q=linc%20elem");
    expect(byPrefix.items.map((o: Organisation) => o.id)).toEqual([lincoln.id]);
    const byCity = await searchApi("q=bayview");
    expect(byCity.total).toBe(2);
    const byState = await searchApi("state=VA");
    expect(byState.items.map((o: Organisation) => o.id)).toEqual([vaSchool.id]);
    const exact = await searchApi("q=240000100002");
    expect(exact.items.map((o: Organisation) => o.id)).toEqual([harbor.id]);
    const districtPrefix = await searchApi("q=2400001");
    expect(districtPrefix.total).toBe(2);
    const nameAndState = await searchApi("q=lincoln&state=MD");
    expect(nameAndState.items.map((o: Organisation) => o.id)).toEqual([lincoln.id]);
  });

  it("searches schools on the page, with a result count and pages", async () => {
    const client = new TestClient(t.app);
    const res = await client.get("/directory/schools?q=Bayview");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("2 schools found.");
    expect(res.body).toContain(`/organisations/${lincoln.id}`);
    expect(res.body).toContain("Kindergarten – Grade 5");
    const byStateName = await client.get("/directory/schools?q=Virginia");
    expect(byStateName.body).toContain("1 school found.");
    expect(byStateName.body).toContain("Lincoln Primary School");
    const none = await client.get("/directory/schools?q=zzzz");
    expect(none.body).toContain("No schools match");
    const bad = await client.get("/directory/schools?q=%1B%5B31m");
    expect(bad.statusCode).toBe(400);
    const badState = await client.get("/directory/schools?state=ZZ");
    expect(badState.statusCode).toBe(400);
  });

  it("lists states with counts, a state's districts and the partners page", async () => {
    const client = new TestClient(t.app);
    const home = await client.get("/directory");
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('href="/directory/states/MD"');
    expect(home.body).toContain("Puerto Rico");
    const counts = await countSchoolsByState(t.db);
    expect(counts).toHaveLength(56);
    expect(counts.find((c) => c.stateCode === "MD")).toEqual({ stateCode: "MD", districts: 2, schools: 3 });
    const state = await client.get("/directory/states/MD");
    expect(state.body).toContain("Bayview County Public Schools");
    expect(state.body).toContain("Hilltop City Schools");
    expect((await client.get("/directory/states/md")).statusCode).toBe(301);
    expect((await client.get("/directory/states/ZZ")).statusCode).toBe(404);
    const api = (await t.app.inject({ url: "/api/v1/states" })).json();
    expect(api.items.find((s: { code: string }) => s.code === "VA")).toMatchObject({
      districts: 1,
      schools: 1,
      id: va.id,
    });
    const mdApi = (await t.app.inject({ url: "/api/v1/states/MD?perPage=1" })).json();
    expect(mdApi.districts).toMatchObject({ page: 1, perPage: 1, total: 2 });
    expect(mdApi.districts.items[0].name).toBe("Bayview County Public Schools");
    expect((await client.get("/directory/partners")).statusCode).toBe(200);
  });

  it("shows a school's profile with breadcrumbs, locale in words and the join choices", async () => {
    const anonymous = new TestClient(t.app);
    const page = await anonymous.get(`/organisations/${lincoln.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Suburb: large (21)");
    expect(page.body).toContain("240000100001");
    expect(page.body).toMatch(
      /usa-breadcrumb__link[^>]*href="\/directory\/states\/MD"|href="\/directory\/states\/MD" class="usa-breadcrumb__link"/,
    );
    expect(page.body).toContain(`href="/organisations/${district.id}" class="usa-breadcrumb__link"`);
    expect(page.body).toContain(`/sign-in?next=%2Forganisations%2F${lincoln.id}`);
    expect(page.body).not.toContain("/join-requests");
    expect(page.body).not.toContain(`/organisations/${lincoln.id}/team`);

    const stranger = await buildUser(t.db);
    const strangerClient = await signedInClient(t, stranger.id);
    const asStranger = await strangerClient.get(`/organisations/${lincoln.id}`);
    expect(asStranger.body).toContain(`action="/organisations/${lincoln.id}/join-requests"`);
    expect(asStranger.body).toContain("Ask to join this team");
    expect(asStranger.body).not.toContain(`/organisations/${lincoln.id}/team`);

    const member = await buildUser(t.db);
    await addMembership(t.db, member.id, lincoln.id);
    const asMember = await (await signedInClient(t, member.id)).get(`/organisations/${lincoln.id}`);
    expect(asMember.body).toContain(`href="/organisations/${lincoln.id}/team"`);
    expect(asMember.body).not.toContain("/join-requests");

    // A district lead sees the school's team (a level above) but is not on it.
    const lead = await buildUser(t.db);
    await addMembership(t.db, lead.id, district.id, "lead");
    const asLead = await (await signedInClient(t, lead.id)).get(`/organisations/${lincoln.id}`);
    expect(asLead.body).toContain(`href="/organisations/${lincoln.id}/team"`);
    // …but never a peer school's.
    const peer = await (await signedInClient(t, member.id)).get(`/organisations/${harbor.id}`);
    expect(peer.body).not.toContain(`/organisations/${harbor.id}/team`);

    const spanish = await anonymous.get(`/language/es?next=/organisations/${lincoln.id}`);
    expect(spanish.statusCode).toBe(302);
    expect((await anonymous.get(`/organisations/${lincoln.id}`)).body).toContain("Suburbio: grande");
  });

  it("lists a district's schools a page at a time", async () => {
    const res = await new TestClient(t.app).get(`/organisations/${district.id}`);
    expect(res.body).toContain("Harbor Middle School");
    expect(res.body).toContain("Lincoln Elementary School");
    const paged = await listChildren(t.db, district.id, { kind: "school", perPage: 1, page: 2 });
    expect(paged).toMatchObject({ total: 2, page: 2 });
    expect(paged.items.map((s) => s.name)).toEqual(["Lincoln Elementary School"]);
    expect((await listSchoolsIn(t.db, md.id)).map((s) => s.name)).toEqual([
      "Harbor Middle School",
      "Hilltop High School",
      "Lincoln Elementary School",
    ]);
    expect((await findByNcesId(t.db, "2400001"))?.id).toBe(district.id);
    expect(await findByNcesId(t.db, "abc")).toBeNull();
  });

  it("answers the organisation API and 404/400 for unknown or malformed ids", async () => {
    const res = await t.app.inject({ url: `/api/v1/organisations/${lincoln.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      kind: "school",
      ncesId: "240000100001",
      parentId: district.id,
      ancestorIds: [...md.ancestorIds, md.id, district.id],
      localeDescription: "Suburb: large",
      enrollment: 432,
    });
    expect(
      (await t.app.inject({ url: "/api/v1/organisations/00000000-0000-4000-8000-000000000000" })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ url: "/api/v1/organisations/not-a-uuid" })).statusCode).toBe(400);
    expect((await t.app.inject({ url: "/api/v1/organisations?kind=planet" })).statusCode).toBe(400);
    expect((await new TestClient(t.app).get("/organisations/not-a-uuid")).statusCode).toBe(404);
  });
  it("seeds a demo directory, marked as demo", async () => {
    await seedDirectoryDemo(t.db);
    await seedDirectoryDemo(t.db);
    const demo = await t.db.select().from(organisations).where(eq(organisations.isDemo, true));
    const districts = demo.filter((o) => o.kind === "district");
    expect(districts).toHaveLength(6);
    expect(new Set(districts.map((d) => d.stateCode))).toEqual(new Set(["MD", "CA", "TX"]));
    for (const d of districts) {
      const fips = { MD: "24", CA: "06", TX: "48" }[d.stateCode as "MD"];
      expect(d.ncesId).toMatch(new RegExp(`^${fips}\\d{5}$`));
      const schools = demo.filter((o) => o.parentId === d.id);
      expect(schools.length).toBeGreaterThanOrEqual(3);
      expect(schools.length).toBeLessThanOrEqual(6);
      for (const s of schools) expect(s.ncesId!.startsWith(d.ncesId!)).toBe(true);
    }
    expect(demo.filter((o) => o.kind === "partner")).toHaveLength(3);
    expect(demo.filter((o) => o.kind === "state_initiative")).toHaveLength(2);
    const page = await new TestClient(t.app).get(`/organisations/${districts[0]!.id}`);
    expect(page.body).toContain('class="usa-tag margin-left-1"');
    const partners = await new TestClient(t.app).get("/directory/partners");
    expect(partners.body).toContain("Youth Voices in School Mental Health (demo)");
  });
});
