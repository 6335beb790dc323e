import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import type { Organisation } from "../../directory/service";
import { seedInstruments } from "../instruments/service";
import { queryRows } from "../../../platform/db/client";
import { latestScores, participation, responses } from "../schema";
import { MAX_IMPORT_BYTES } from "./service";
import { measuresCatalog } from "../messages";
import { allAnswers, getResponse } from "../responses/service";

/** A multipart/form-data body as a browser sends it: plain fields, then the chosen file. */
function multipartBody(fields: Record<string, string>, file?: { name: string; content: string }) {
  const boundary = `----smhtest${Math.random().toString(16).slice(2)}`;
  let payload = "";
  for (const [k, v] of Object.entries(fields))
    payload += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  if (file) {
    payload += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`;
  }
  payload += `--${boundary}--\r\n`;
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

describe.each(DATABASES)("bulk census import on %s", (kind) => {
  let t: TestApp;
  let schools: Organisation[];
  let stateId: string;
  let lead: TestClient;
  let schoolMember: TestClient;
  let uploadSchools: Organisation[];

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    const built = await buildDistrictWithSchools(t.db, "NM", 3);
    schools = built.schools;
    stateId = built.state.id;
    const [a, b] = [await buildUser(t.db), await buildUser(t.db)];
    await addMembership(t.db, a.id, stateId, "lead");
    await addMembership(t.db, b.id, schools[0]!.id);
    uploadSchools = (await buildDistrictWithSchools(t.db, "NM", 3)).schools;
    lead = await signedInClient(t, a.id);
    schoolMember = await signedInClient(t, b.id);
  });
  afterAll(() => t?.close());

  const profilesOf = (orgId: string) =>
    t.db
      .select()
      .from(responses)
      .where(and(eq(responses.organisationId, orgId), eq(responses.instrumentKey, "profile")));

  it("reports every bad row and writes nothing when one row is wrong", async () => {
    const csv = [
      "nces_id,staff.counselor.school,served.tier2,funding.sources",
      `${schools[0]!.ncesId},1.5,40,medicaid;state-grant`,
      "999999999999,1,1,",
      `${schools[1]!.ncesId},abc,900,lottery`,
    ].join("\n");
    const res = await lead.json("POST", `/api/v1/organisations/${stateId}/profile-imports`, {
      schoolYear: "2025-26",
      csv,
    });
    expect(res.statusCode).toBe(400);
    const pointers = res
      .json()
      .errors.map((e: { pointer: string; detail: string }) => `${e.pointer} ${e.detail}`);
    expect(pointers).toEqual([
      "/body/csv/line/3/nces_id unknownSchool",
      "/body/csv/line/4/staff.counselor.school fte",
      "/body/csv/line/4/served.tier2 enrollment",
      "/body/csv/line/4/funding.sources choice",
    ]);
    expect(await profilesOf(schools[0]!.id)).toHaveLength(0);
  });

  it("imports and submits every profile in one go, with participation counted", async () => {
    const csv = [
      "nces_id,staff.counselor.school,served.tier2,funding.sources,screening.conducted",
      `${schools[0]!.ncesId},1.5,40,medicaid;state-grant,yes`,
      `${schools[1]!.ncesId},0,,,no`,
    ].join("\n");
    const page = await lead.get(`/measures/dashboards/state/${stateId}/import`);
    expect(page.statusCode).toBe(200);
    const res = await lead.postForm(`/measures/dashboards/state/${stateId}/import`, {
      schoolYear: "2025-26",
      csv,
    });
    expect(res.statusCode).toBe(303);
    const [profile] = await profilesOf(schools[0]!.id);
    expect(profile?.status).toBe("submitted");
    const view = await getResponse(t.db, profile!.id);
    expect(allAnswers(view!)).toEqual({
      "staff.counselor.school": 1.5,
      "served.tier2": 40,
      "funding.sources": ["medicaid", "state-grant"],
      "screening.conducted": "yes",
    });
    const [p] = await t.db
      .select()
      .from(participation)
      .where(
        and(
          eq(participation.scopeId, stateId),
          eq(participation.instrumentKey, "profile"),
          eq(participation.schoolYear, "2025-26"),
        ),
      );
    expect(p?.organisations).toBe(2);
    // Latest scores (what dashboards read) and one audit entry per imported profile, with its answers.
    const [latest] = await t.db
      .select()
      .from(latestScores)
      .where(and(eq(latestScores.organisationId, schools[0]!.id), eq(latestScores.instrumentKey, "profile")));
    expect(latest?.responseId).toBe(profile!.id);
    const audit = await queryRows<{ action: string; scope_id: string; after: unknown }>(
      t.db,
      sql`select action, scope_id, after from audit_log where entity_type = 'response' and entity_id = ${profile!.id}`,
    );
    expect(audit).toEqual([
      { action: "measures.profile.import", scope_id: schools[0]!.id, after: allAnswers(view!) },
    ]);

    // The same schools again: refused, since they now have a profile for the year.
    const again = await lead.json("POST", `/api/v1/organisations/${stateId}/profile-imports`, {
      schoolYear: "2025-26",
      csv,
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].detail).toBe("alreadyHasProfile");
  });

  it("lets only the state's leads import", async () => {
    const csv = `nces_id\n${schools[2]!.ncesId}`;
    expect(
      (
        await schoolMember.json("POST", `/api/v1/organisations/${stateId}/profile-imports`, {
          schoolYear: "2025-26",
          csv,
        })
      ).statusCode,
    ).toBe(404);
    expect((await schoolMember.get(`/measures/dashboards/state/${stateId}/import`)).statusCode).toBe(404);
  });

  describe("file upload", () => {
    const pageUrl = () => `/measures/dashboards/state/${stateId}/import`;
    const upload = (client: TestClient, content: string, csrf: string | null) =>
      client.request({
        method: "POST",
        url: csrf === null ? pageUrl() : `${pageUrl()}?_csrf=${encodeURIComponent(csrf)}`,
        ...multipartBody({ schoolYear: "2025-26" }, { name: "census.csv", content }),
      });

    it("offers a file field in a multipart form, beside the paste box", async () => {
      const page = await lead.get(pageUrl());
      expect(page.body).toContain('type="file"');
      expect(page.body).toContain('accept=".csv,text/csv"');
      expect(page.body).toContain('enctype="multipart/form-data"');
      expect(page.body).toContain('name="csv"');
    });

    it("imports an uploaded CSV file for a state lead", async () => {
      await lead.get(pageUrl());
      const res = await upload(
        lead,
        `nces_id,served.tier2\n${uploadSchools[0]!.ncesId},25\n`,
        lead.csrfToken,
      );
      expect(res.statusCode).toBe(303);
      const [profile] = await profilesOf(uploadSchools[0]!.id);
      expect(profile?.status).toBe("submitted");
      expect(allAnswers((await getResponse(t.db, profile!.id))!)).toEqual({ "served.tier2": 25 });
    });

    it("writes nothing and reports the row when one row of the file is bad", async () => {
      await lead.get(pageUrl());
      const content = `nces_id,served.tier2\n${uploadSchools[1]!.ncesId},25\n999999999999,3\n`;
      const res = await upload(lead, content, lead.csrfToken);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(measuresCatalog.en.probUnknownSchool);
      expect(res.body).toMatch(/>3<\/th><td[^>]*>nces_id<\/td>/);
      expect(await profilesOf(uploadSchools[1]!.id)).toHaveLength(0);
    });

    it("lists the first 200 of many problems and says how many there are", async () => {
      await lead.get(pageUrl());
      const rows = Array.from({ length: 250 }, (_, i) => `${900000000000 + i},3`);
      const res = await upload(lead, `nces_id,served.tier2\n${rows.join("\n")}\n`, lead.csrfToken);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain("Problems found: 250.");
      expect(res.body).toContain("The first 200 are listed below.");
      expect(res.body.match(/<th scope="row"[^>]*>\d+<\/th>/g)).toHaveLength(200);
    });

    it("refuses an upload without the CSRF token", async () => {
      const res = await upload(lead, `nces_id\n${uploadSchools[1]!.ncesId}\n`, null);
      expect(res.statusCode).toBe(403);
      expect(await profilesOf(uploadSchools[1]!.id)).toHaveLength(0);
    });

    it("refuses an upload from a school's member, token or not", async () => {
      await schoolMember.get("/measures");
      const res = await upload(
        schoolMember,
        `nces_id\n${uploadSchools[1]!.ncesId}\n`,
        schoolMember.csrfToken,
      );
      expect(res.statusCode).toBe(404);
      expect(await profilesOf(uploadSchools[1]!.id)).toHaveLength(0);
    });

    it("answers a file over the limit with the form and a clear message, writing nothing", async () => {
      await lead.get(pageUrl());
      const content = `nces_id\n${uploadSchools[1]!.ncesId}\n${"#".repeat(MAX_IMPORT_BYTES)}`;
      const res = await upload(lead, content, lead.csrfToken);
      expect(res.statusCode).toBe(413);
      expect(res.body).toContain(measuresCatalog.en.importTooLarge);
      expect(res.body).toContain('type="file"');
      expect(await profilesOf(uploadSchools[1]!.id)).toHaveLength(0);
    });

    it("takes a text/csv body and a multipart file on the API", async () => {
      const api = `/api/v1/organisations/${stateId}/profile-imports`;
      const csvBody = await lead.request({
        method: "POST",
        url: `${api}?schoolYear=2025-26`,
        payload: `nces_id,served.tier2\n${uploadSchools[1]!.ncesId},7\n`,
        headers: { "content-type": "text/csv" },
      });
      expect(csvBody.statusCode).toBe(201);
      expect(csvBody.json()).toEqual({ imported: 1 });

      const file = { name: "census.csv", content: `nces_id,served.tier2\n${uploadSchools[2]!.ncesId},8\n` };
      // A browser session posting multipart needs the CSRF token, as forms do.
      const noToken = await lead.request({
        method: "POST",
        url: api,
        ...multipartBody({ schoolYear: "2025-26" }, file),
      });
      expect(noToken.statusCode).toBe(403);
      const bad = await lead.request({
        method: "POST",
        url: `${api}?_csrf=${encodeURIComponent(lead.csrfToken)}`,
        ...multipartBody(
          { schoolYear: "2025-26" },
          { name: "census.csv", content: `${file.content}999999999999,1\n` },
        ),
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toEqual([{ pointer: "/body/csv/line/3/nces_id", detail: "unknownSchool" }]);
      expect(await profilesOf(uploadSchools[2]!.id)).toHaveLength(0);
      const ok = await lead.request({
        method: "POST",
        url: `${api}?_csrf=${encodeURIComponent(lead.csrfToken)}`,
        ...multipartBody({ schoolYear: "2025-26" }, file),
      });
      expect(ok.statusCode).toBe(201);
      expect(await profilesOf(uploadSchools[2]!.id)).toHaveLength(1);
      const peer = await schoolMember.request({
        method: "POST",
        url: `${api}?schoolYear=2025-26`,
        payload: file.content,
        headers: { "content-type": "text/csv" },
      });
      expect(peer.statusCode).toBe(404);
    });
  });
});
