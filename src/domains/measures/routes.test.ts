import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../test/support/app";
import { declaredRoutesOf } from "../../platform/http/access";
import { queryRows } from "../../platform/db/client";
import { getNation } from "../directory/service";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../seed/factories";
import { seedInstruments } from "./instruments/service";

const isMeasuresRoute = (url: string) =>
  url.startsWith("/measures") ||
  /^\/api\/v1\/(instruments|responses|measures|organisations\/:id\/(responses|aggregates|school-scores|profile-imports))/.test(
    url,
  );

/** Which measures routes anyone may call: published instruments and guidance, the template. */
const PUBLIC = [
  "GET /measures/guidance/:instrumentId/:domainKey",
  "GET /measures/profile-import-template.csv",
  "GET /api/v1/instruments",
  "GET /api/v1/instruments/:id",
];

describe.each(DATABASES)("measures routes: declared access and audited writes on %s", (kind) => {
  let t: TestApp;
  let schoolId: string;
  let peerSchoolId: string;
  let districtId: string;
  let stateId: string;
  let member: TestClient;
  let peer: TestClient;
  let districtLead: TestClient;
  let stateLead: TestClient;
  let nationMember: TestClient;
  let admin: TestClient;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    const { state, district, schools } = await buildDistrictWithSchools(t.db, "WA", 2);
    [schoolId, peerSchoolId, districtId, stateId] = [schools[0]!.id, schools[1]!.id, district.id, state.id];
    const users = await Promise.all([0, 1, 2, 3, 4].map(() => buildUser(t.db)));
    const adminUser = await buildUser(t.db, { systemRole: "admin" });
    await addMembership(t.db, users[0]!.id, schoolId);
    await addMembership(t.db, users[1]!.id, peerSchoolId);
    await addMembership(t.db, users[2]!.id, districtId, "lead");
    await addMembership(t.db, users[3]!.id, stateId, "lead");
    await addMembership(t.db, users[4]!.id, (await getNation(t.db))!.id);
    [member, peer, districtLead, stateLead, nationMember, admin] = await Promise.all(
      [...users, adminUser].map((u) => signedInClient(t, u.id)),
    );
  });
  afterAll(() => t?.close());

  it("declares an access rule on every measures route; only published material is public", () => {
    const routes = declaredRoutesOf(t.app).filter((r) => isMeasuresRoute(r.url));
    expect(routes.length).toBeGreaterThanOrEqual(31);
    const publicRoutes = routes.filter((r) => r.access === "public").map((r) => `${r.method} ${r.url}`);
    expect(publicRoutes.sort()).toEqual([...PUBLIC].sort());
    for (const r of routes) {
      if (typeof r.access === "object") {
        // A school's sharing choice is its lead's to make, as the team's other settings are.
        const sharing = /\/(sharing|data-sharing)$/.test(r.url);
        expect(r.access.action, `${r.method} ${r.url}`).toMatch(
          sharing ? /^scope\.manageTeam$/ : /^measures\./,
        );
        expect(r.access.load, `${r.method} ${r.url}`).toBeTypeOf("function");
        expect(r.access.refuse, `${r.method} ${r.url}`).toBe(404);
      }
    }
  });

  it("sends signed-out visitors to sign in on every page and answers 401 on every API route", async () => {
    const { id: responseId } = (
      await member.json("POST", "/api/v1/responses", {
        organisationId: schoolId,
        instrument: "quality",
        schoolYear: "2025-26",
      })
    ).json();
    const routes = declaredRoutesOf(t.app).filter((r) => isMeasuresRoute(r.url) && r.access !== "public");
    for (const r of routes) {
      const id = r.url.includes("/responses/:id")
        ? responseId
        : r.url.includes("/state/") || r.url.includes("profile-imports")
          ? stateId
          : r.url.includes("district") || r.url.includes("school-scores")
            ? districtId
            : schoolId;
      const url = r.url.replace(":id", id).replace(":sectionKey", "teaming");
      const res = await t.app.inject({
        method: r.method as "GET",
        url,
        ...(r.method === "GET" ? {} : { payload: {} }),
      });
      if (url.startsWith("/api/")) expect(res.statusCode, `${r.method} ${url}`).toBe(401);
      else {
        expect(res.statusCode, `${r.method} ${url}`).toBe(303);
        expect(res.headers.location, `${r.method} ${url}`).toMatch(/^\/sign-in\?next=/);
      }
    }
  });

  it("loads the scope each rule decides on: the response's own school, the named organisation, the nation", async () => {
    const { id: responseId } = (
      await member.json("POST", "/api/v1/responses", {
        organisationId: schoolId,
        instrument: "profile",
        schoolYear: "2025-26",
      })
    ).json();
    // A response belongs to its school: the peer school's team can neither read nor change it.
    expect((await peer.json("GET", `/api/v1/responses/${responseId}`)).statusCode).toBe(404);
    expect(
      (
        await peer.json("PUT", `/api/v1/responses/${responseId}/sections/staffing`, {
          version: 0,
          answers: {},
        })
      ).statusCode,
    ).toBe(404);
    // Starting names the organisation in the body: only its own team may.
    const body = { instrument: "quality", schoolYear: "2025-26" };
    expect(
      (await peer.json("POST", "/api/v1/responses", { ...body, organisationId: schoolId })).statusCode,
    ).toBe(404);
    expect(
      (await districtLead.json("POST", "/api/v1/responses", { ...body, organisationId: schoolId }))
        .statusCode,
    ).toBe(404);
    expect(
      (await admin.json("POST", "/api/v1/responses", { ...body, organisationId: schoolId })).statusCode,
    ).toBe(404);
    expect(
      (await member.json("POST", "/api/v1/responses", { ...body, organisationId: crypto.randomUUID() }))
        .statusCode,
    ).toBe(404);
    const malformed = await member.json("POST", "/api/v1/responses", {
      ...body,
      organisationId: "not-a-uuid",
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].pointer).toBe("/body/organisationId");
    // Dashboards: the district's own levels; the district page is no state's page and back.
    expect((await districtLead.get(`/measures/dashboards/district/${districtId}`)).statusCode).toBe(200);
    expect((await member.get(`/measures/dashboards/district/${districtId}`)).statusCode).toBe(404);
    expect((await districtLead.get(`/measures/dashboards/state/${districtId}`)).statusCode).toBe(404);
    expect(
      (await districtLead.json("GET", `/api/v1/organisations/${districtId}/school-scores`)).statusCode,
    ).toBe(200);
    expect(
      (await districtLead.json("GET", `/api/v1/organisations/${schoolId}/school-scores`)).statusCode,
    ).toBe(404);
    // The census import: the state's leads (and admins), nobody below.
    expect((await stateLead.get(`/measures/dashboards/state/${stateId}/import`)).statusCode).toBe(200);
    expect((await admin.get(`/measures/dashboards/state/${stateId}/import`)).statusCode).toBe(200);
    expect((await districtLead.get(`/measures/dashboards/state/${stateId}/import`)).statusCode).toBe(404);
    expect((await stateLead.get(`/measures/dashboards/state/${districtId}/import`)).statusCode).toBe(404);
    const csv = { schoolYear: "2025-26", csv: "nces_id\n" };
    expect(
      (await districtLead.json("POST", `/api/v1/organisations/${stateId}/profile-imports`, csv)).statusCode,
    ).toBe(404);
    // The national view: the nation's team and admins.
    expect((await nationMember.json("GET", "/api/v1/measures/national")).statusCode).toBe(200);
    expect((await admin.get("/measures/dashboards/national")).statusCode).toBe(200);
    expect((await stateLead.json("GET", "/api/v1/measures/national")).statusCode).toBe(404);
  });

  it("audits every write: start, answers, submit and copy-forward, from pages and the API", async () => {
    const entries = async (entityId: string) =>
      (
        await queryRows<{ action: string }>(
          t.db,
          sql`select action from audit_log where entity_id = ${entityId} order by id`,
        )
      ).map((r) => r.action);
    // Start and submit from the pages.
    await member.get(`/measures/orgs/${schoolId}`);
    const started = await member.postForm(`/measures/orgs/${schoolId}/start`, {
      instrument: "quality",
      schoolYear: "2024-25",
    });
    expect(started.statusCode).toBe(303);
    const pageId = String(started.headers.location).split("/").at(-1)!;
    await member.get(`/measures/responses/${pageId}/sections/teaming`);
    expect(
      (
        await member.postForm(`/measures/responses/${pageId}/sections/teaming`, {
          _version: "0",
          "teaming.meets": "4",
        })
      ).statusCode,
    ).toBe(303);
    await member.get(`/measures/responses/${pageId}`);
    expect((await member.postForm(`/measures/responses/${pageId}/submit`, {})).statusCode).toBe(303);
    expect(await entries(pageId)).toEqual(["measures.response.start", "measures.response.submit"]);
    expect(await entries(`${pageId}/teaming`)).toEqual(["measures.answers.change"]);

    // The same through the API, and copy-forward into next year's profile.
    const lastYear = (
      await member.json("POST", "/api/v1/responses", {
        organisationId: schoolId,
        instrument: "profile",
        schoolYear: "2023-24",
      })
    ).json().id;
    expect(
      (
        await member.json("PUT", `/api/v1/responses/${lastYear}/sections/staffing`, {
          version: 0,
          answers: { "staff.counselor.school": 1.1 },
        })
      ).statusCode,
    ).toBe(200);
    expect((await member.json("POST", `/api/v1/responses/${lastYear}/submission`)).statusCode).toBe(200);
    expect(await entries(lastYear)).toEqual(["measures.response.start", "measures.response.submit"]);
    const thisYear = (
      await member.json("POST", "/api/v1/responses", {
        organisationId: schoolId,
        instrument: "profile",
        schoolYear: "2024-25",
      })
    ).json().id;
    await member.get(`/measures/responses/${thisYear}`);
    expect((await member.postForm(`/measures/responses/${thisYear}/copy-forward`, {})).statusCode).toBe(303);
    expect(await entries(`${thisYear}/staffing`)).toEqual(["measures.answers.change"]);
    expect(
      (await member.json("GET", `/api/v1/responses/${thisYear}`)).json().sections.staffing.answers,
    ).toEqual({ "staff.counselor.school": 1.1 });
  });
});
