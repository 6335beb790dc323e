import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../test/support/app";
import { queryRows } from "../../platform/db/client";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../seed/factories";
import { seedInstruments } from "./instruments/service";

describe.each(DATABASES)("measures pages and API on %s", (kind) => {
  let t: TestApp;
  let schoolId: string;
  let peerId: string;
  let districtId: string;
  let member: TestClient;
  let colleague: TestClient;
  let peer: TestClient;
  let districtLead: TestClient;
  let admin: TestClient;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    const { district, schools } = await buildDistrictWithSchools(t.db, "MD", 2);
    schoolId = schools[0]!.id;
    peerId = schools[1]!.id;
    districtId = district.id;
    const [a, b, c, d, e] = [
      await buildUser(t.db, { name: "Ana Member" }),
      await buildUser(t.db, { name: "Carl Colleague" }),
      await buildUser(t.db),
      await buildUser(t.db),
      await buildUser(t.db, { systemRole: "admin" }),
    ];
    await addMembership(t.db, a.id, schoolId);
    await addMembership(t.db, b.id, schoolId);
    await addMembership(t.db, c.id, peerId);
    await addMembership(t.db, d.id, districtId, "lead");
    [member, colleague, peer, districtLead, admin] = await Promise.all(
      [a, b, c, d, e].map((u) => signedInClient(t, u.id)),
    );
  });
  afterAll(() => t?.close());

  async function startQuality(client: TestClient): Promise<string> {
    const res = await client.json("POST", "/api/v1/responses", {
      organisationId: schoolId,
      instrument: "quality",
      schoolYear: "2025-26",
    });
    expect([200, 201]).toContain(res.statusCode);
    return res.json().id;
  }

  it("sends signed-out visitors to sign in and answers the API with 401", async () => {
    const page = await t.app.inject({ url: `/measures/orgs/${schoolId}` });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toContain("/sign-in?next=");
    expect((await t.app.inject({ url: `/api/v1/organisations/${schoolId}/responses` })).statusCode).toBe(401);
  });

  it("lets the school team start the profile from the page and save a section without JavaScript", async () => {
    const overview = await member.get(`/measures/orgs/${schoolId}?year=2025-26`);
    expect(overview.statusCode).toBe(200);
    const started = await member.postForm(`/measures/orgs/${schoolId}/start`, {
      instrument: "profile",
      schoolYear: "2025-26",
    });
    expect(started.statusCode).toBe(303);
    const responseUrl = started.headers.location as string;
    const section = await member.get(`${responseUrl}/sections/served`);
    expect(section.statusCode).toBe(200);
    expect(section.body).toContain('name="_version" value="0"');

    const tooMany = await member.postForm(`${responseUrl}/sections/served`, {
      _version: "0",
      "served.tier2": "900",
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain("more than the 500 students enrolled");
    expect(tooMany.body).toContain('value="900"');

    const saved = await member.postForm(`${responseUrl}/sections/served`, {
      _version: "0",
      "served.tier2": "40",
      "served.tier3": "12",
    });
    expect(saved.statusCode).toBe(303);
    const again = await member.get(`${responseUrl}/sections/served`);
    expect(again.body).toContain('value="40"');
    expect(again.body).toContain('name="_version" value="1"');
    const overviewAfter = await member.get(responseUrl);
    expect(overviewAfter.body).toContain("Ana Member");
  });

  it("shows a stale page save as a conflict with both values (409), overwriting nothing", async () => {
    const id = await startQuality(member);
    const url = `/measures/responses/${id}/sections/screening`;
    expect((await member.postForm(url, { _version: "0", "screening.plan": "2" })).statusCode).toBe(303);
    const stale = await colleague.postForm(url, { _version: "0", "screening.plan": "5" });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain("Ana Member");
    expect(stale.body).toContain("2 – Just starting");
    expect(stale.body).toContain("5 – In place, being refined");
    expect(stale.body).toContain('name="_version" value="1"');
    const api = await member.json("GET", `/api/v1/responses/${id}`);
    expect(api.json().sections.screening.answers).toEqual({ "screening.plan": 2 });
  });

  it("answers a stale API save with a 409 problem holding both versions, and keeps an ETag", async () => {
    const id = await startQuality(member);
    const url = `/api/v1/responses/${id}/sections/teaming`;
    const first = await member.json("PUT", url, {
      version: 0,
      answers: { "teaming.meets": 4, "teaming.roles": "dk", "teaming.referral": null },
    });
    expect(first.json()).toEqual({ version: 1, changed: true });
    const stale = await colleague.json("PUT", url, { version: 0, answers: { "teaming.meets": 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers["content-type"]).toContain("application/problem+json");
    expect(stale.json()).toMatchObject({
      code: "staleVersion",
      current: {
        version: 1,
        answers: { "teaming.meets": 4, "teaming.roles": "dk" },
        updatedByName: "Ana Member",
      },
      yours: { "teaming.meets": 1 },
    });
    const bad = await member.json("PUT", url, { version: 1, answers: { "teaming.meets": 9 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe("/body/answers/teaming.meets");

    const read = await member.json("GET", `/api/v1/responses/${id}`);
    const etag = read.headers.etag as string;
    expect(etag).toBeTruthy();
    expect(
      (
        await member.request({
          method: "GET",
          url: `/api/v1/responses/${id}`,
          headers: { "if-none-match": etag },
        })
      ).statusCode,
    ).toBe(304);

    const rows = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_log where entity_id = ${`${id}/teaming`}`,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it("never shows a school's measures to a peer school, on pages or the API", async () => {
    const id = await startQuality(member);
    expect((await peer.get(`/measures/orgs/${schoolId}`)).statusCode).toBe(404);
    expect((await peer.get(`/measures/responses/${id}`)).statusCode).toBe(404);
    expect((await peer.get(`/measures/responses/${id}/sections/teaming`)).statusCode).toBe(404);
    expect((await peer.json("GET", `/api/v1/responses/${id}`)).statusCode).toBe(404);
    expect((await peer.json("GET", `/api/v1/organisations/${schoolId}/responses`)).statusCode).toBe(404);
    expect(
      (await peer.json("PUT", `/api/v1/responses/${id}/sections/teaming`, { version: 0, answers: {} }))
        .statusCode,
    ).toBe(404);
    expect((await peer.json("POST", `/api/v1/responses/${id}/submission`)).statusCode).toBe(404);
  });

  it("lets the district and admins read but not write a school's measures", async () => {
    const id = await startQuality(member);
    const page = await districtLead.get(`/measures/responses/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Only its own team can change them");
    expect((await districtLead.json("GET", `/api/v1/responses/${id}`)).statusCode).toBe(200);
    expect(
      (
        await districtLead.json("PUT", `/api/v1/responses/${id}/sections/teaming`, {
          version: 0,
          answers: {},
        })
      ).statusCode,
    ).toBe(404);
    expect((await admin.json("GET", `/api/v1/responses/${id}`)).statusCode).toBe(200);
    expect((await admin.postForm(`/measures/responses/${id}/submit`, {})).statusCode).toBe(404);
  });

  it("lists instruments and serves one with its sections in both languages", async () => {
    const list = await member.json("GET", "/api/v1/instruments");
    const quality = list
      .json()
      .items.find((i: { key: string; variant: string }) => i.key === "quality" && i.variant === "school");
    const one = await member.json("GET", `/api/v1/instruments/${quality.id}`);
    expect(one.json().sections).toHaveLength(7);
    expect(one.json().sections[0].title.es).toBe("Trabajo en equipo");
  });

  it("answers bad input with a 4xx and writes nothing", async () => {
    const id = await startQuality(member);
    const before = (await member.json("GET", `/api/v1/responses/${id}`)).json().sections.teaming;
    const checks: [string, Promise<{ statusCode: number }>][] = [
      ["bad id page", member.get("/measures/responses/not-an-id")],
      ["unknown section", member.get(`/measures/responses/${id}/sections/..%2F..`)],
      ["bad guidance", member.get("/measures/guidance/x/teaming")],
      [
        "start with a bad instrument",
        member.postForm(`/measures/orgs/${schoolId}/start`, { instrument: "nope", schoolYear: "2025-26" }),
      ],
      [
        "start with a bad year",
        member.postForm(`/measures/orgs/${schoolId}/start`, { instrument: "quality", schoolYear: "2025-27" }),
      ],
      [
        "section without version",
        member.postForm(`/measures/responses/${id}/sections/teaming`, { "teaming.meets": "3" }),
      ],
      [
        "control characters",
        member.postForm(`/measures/responses/${id}/sections/teaming`, {
          _version: "0",
          "teaming.meets": "3\u0007",
        }),
      ],
      [
        "API wrong shape",
        member.json("PUT", `/api/v1/responses/${id}/sections/teaming`, { version: "x", answers: [] }),
      ],
      [
        "API nested value",
        member.json("PUT", `/api/v1/responses/${id}/sections/teaming`, {
          version: 0,
          answers: { "teaming.meets": { a: 1 } },
        }),
      ],
      [
        "API unknown item",
        member.json("PUT", `/api/v1/responses/${id}/sections/teaming`, {
          version: 0,
          answers: { "nope.item": 3 },
        }),
      ],
      [
        "API bad year",
        member.json("POST", "/api/v1/responses", {
          organisationId: schoolId,
          instrument: "quality",
          schoolYear: "1999-01",
        }),
      ],
      [
        "dashboard odd query",
        member.get(`/measures/dashboards/district/${districtId}?year[]=x&profile=%00&q=${"a".repeat(500)}`),
      ],
    ];
    for (const [label, pending] of checks) {
      const res = await pending;
      expect(res.statusCode, label).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, label).toBeLessThan(500);
    }
    const api = await member.json("GET", `/api/v1/responses/${id}`);
    expect(api.json().sections.teaming).toEqual(before);
  });
});
