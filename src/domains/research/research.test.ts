import { parse } from "csv-parse/sync";
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
import {
  currentInstrument,
  getResponse,
  previousSchoolYear,
  saveSection,
  schoolYearOf,
  seedInstruments,
  setSharing,
  startResponse,
  submitResponse,
} from "../measures/service";
import type { Organisation } from "../directory/service";
import { buildDistrictWithSchools, buildUser } from "../../seed/factories";
import { researchApplications } from "./schema";
import { eq } from "drizzle-orm";

/*
 * Research access end to end: apply (multipart, with the IRB letter), decide, download. The file
 * is checked against a hand-built world of 26 schools whose descriptors are known:
 *   12 MD / locale 21 / 300-599  → shown whole (12 ≥ 10)
 *    4 MD / locale 21 / 1000+    → band dropped: (MD, 21) has only these 4 left → locale dropped too
 *    7 MD / locale 41 / under 300 → (MD, 41) has 7 → locale dropped: (MD) now has 4 + 7 = 11 → state only
 *    3 VA / locale 11 / 600-999  → 3 even with everything dropped → left out
 * so the file holds 12 full rows and 11 state-only rows, and 3 schools are left out.
 */

const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

function multipart(fields: Record<string, string | string[]>, file?: { name: string; content: Buffer }) {
  const boundary = "----smhresearch7";
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const v of [value].flat())
      parts.push(
        Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`),
      );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="irbFile"; filename="${file.name}"\r\ncontent-type: application/octet-stream\r\n\r\n`,
      ),
      file.content,
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function postMultipart(client: TestClient, url: string, body: ReturnType<typeof multipart>) {
  if (!client.csrfToken) await client.get("/research/apply");
  return client.request({
    method: "POST",
    url: `${url}?_csrf=${encodeURIComponent(client.csrfToken)}`,
    payload: body.payload,
    headers: { "content-type": body.contentType },
  });
}

describe.each(DATABASES)("research access on %s", (kind) => {
  let t: TestApp;
  let researcher: TestClient;
  let other: TestClient;
  let admin: TestClient;
  let researcherId: string;
  const schools: Organisation[] = [];
  const year = previousSchoolYear(schoolYearOf(new Date()));
  let applicationId: string;

  async function submitRated(school: Organisation, actorId: string, rating: number) {
    const response = await startResponse(t.db, {
      actorId,
      organisation: school,
      instrumentKey: "quality",
      schoolYear: year,
    });
    for (const section of (await getResponse(t.db, response.id))!.instrument.sections) {
      const answers = Object.fromEntries(section.items.map((item) => [item.key, rating]));
      const input = {
        actorId,
        responseId: response.id,
        sectionKey: section.key,
        baseVersion: 0,
        answers,
        source: "json",
      };
      await saveSection(t.db, input as Parameters<typeof saveSection>[1]);
    }
    await submitResponse(t.db, { actorId, responseId: response.id });
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    const lead = await buildUser(t.db, { name: "Submitting Lead" });
    const groups: [string, number, string, number][] = [
      ["MD", 12, "21", 500],
      ["MD", 4, "21", 1200],
      ["MD", 7, "41", 100],
      ["VA", 3, "11", 800],
    ];
    for (const [state, count, locale, enrollment] of groups) {
      const built = await buildDistrictWithSchools(t.db, state, count);
      for (const school of built.schools) {
        await t.db.execute(
          sql`update organisations set locale_code = ${locale}, enrollment = ${enrollment} where id = ${school.id}`,
        );
        schools.push(school);
      }
    }
    for (const [i, school] of schools.entries()) await submitRated(school, lead.id, 2 + (i % 4));
    // A draft of another year and school is in no file.
    const extra = (await buildDistrictWithSchools(t.db, "MD", 1)).schools[0]!;
    await startResponse(t.db, {
      actorId: lead.id,
      organisation: extra,
      instrumentKey: "quality",
      schoolYear: year,
    });
    const r = await buildUser(t.db, { name: "Rosa Researcher" });
    researcherId = r.id;
    researcher = await signedInClient(t, r.id);
    other = await signedInClient(t, (await buildUser(t.db, { name: "Otto Other" })).id);
    admin = await signedInClient(t, (await buildUser(t.db, { systemRole: "admin" })).id);
  }, 240_000);
  afterAll(() => t?.close());

  const fields = () => ({
    projectTitle: "Staffing and quality",
    institution: "State University",
    purpose: "How staffing relates to quality scores.",
    irbNumber: "IRB-2025-117",
    instrumentKeys: ["quality"],
    schoolYears: [year],
    dataUseAgreement: "accepted",
  });

  it("keeps the input and shows each problem by its field when the form is incomplete", async () => {
    await researcher.get("/research/apply");
    const { dataUseAgreement: _omitted, ...rest } = fields();
    const res = await postMultipart(
      researcher,
      "/research/apply",
      multipart(rest, { name: "letter.txt", content: Buffer.from("hello") }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('value="Staffing and quality"');
    expect(res.body).toContain('id="dataUseAgreement-error"');
    expect(res.body).toContain('id="irbFile-error"');
    expect(res.body).toContain("PDF, PNG or JPEG");
    const stored = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from stored_files where purpose = 'research.irb'`,
    );
    expect(stored[0]!.n).toBe(0);
    const urlencoded = await researcher.postForm("/research/apply", fields());
    expect(urlencoded.statusCode).toBe(400);
    expect(urlencoded.body).toContain('id="irbFile-error"');
  });

  it("takes an application with its IRB letter, audited, and lists it as waiting", async () => {
    const res = await postMultipart(
      researcher,
      "/research/apply",
      multipart(fields(), { name: "irb.pdf", content: PDF }),
    );
    expect(res.statusCode).toBe(303);
    applicationId = String(res.headers.location).split("/").pop()!;
    const page = await researcher.get(`/research/applications/${applicationId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Waiting for a decision");
    const letter = await researcher.get(`/research/applications/${applicationId}/irb-letter`);
    expect(letter.statusCode).toBe(200);
    expect(letter.rawPayload.equals(PDF)).toBe(true);
    const audit = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_log where entity_id = ${applicationId} order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(["research.apply"]);
    // Nobody else sees it; downloads wait for approval.
    expect((await other.get(`/research/applications/${applicationId}`)).statusCode).toBe(404);
    expect(
      (await researcher.get(`/research/applications/${applicationId}/files/quality/${year}.csv`)).statusCode,
    ).toBe(403);
    const list = await admin.json("GET", "/api/v1/admin/research-applications");
    expect(list.json().items.map((a: { id: string }) => a.id)).toContain(applicationId);
  });

  it("approves with a last day: the applicant is emailed and notified, the decision audited", async () => {
    const page = await admin.get(`/admin/research/${applicationId}`);
    expect(page.statusCode).toBe(200);
    const missing = await admin.postForm(`/admin/research/${applicationId}/decision`, {
      decision: "approve",
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="expiresOn-error"');
    const until = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
    const res = await admin.postForm(`/admin/research/${applicationId}/decision`, {
      decision: "approve",
      expiresOn: until,
    });
    expect(res.statusCode).toBe(303);
    const mail = await queryRows<{ subject: string }>(
      t.db,
      sql`select o.subject from email_outbox o join users u on lower(u.email) = lower(o.to_address) where u.id = ${researcherId}`,
    );
    expect(mail.map((m) => m.subject)).toContain("Research access approved: Staffing and quality");
    const notes = await queryRows<{ kind: string }>(
      t.db,
      sql`select kind from community_notifications where user_id = ${researcherId}`,
    );
    expect(notes.map((n) => n.kind)).toEqual(["research_approved"]);
    const audit = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_log where entity_id = ${applicationId} order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(["research.apply", "research.approve"]);
  });

  it("streams a file with no identifier and no combination shared by fewer than 10 rows, and audits it", async () => {
    const res = await researcher.get(`/research/applications/${applicationId}/files/quality/${year}.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    for (const school of schools) {
      expect(res.body).not.toContain(school.id);
      expect(res.body).not.toContain(school.ncesId!);
      expect(res.body).not.toContain(school.name);
    }
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(23);
    const combos = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.state}|${row.locale}|${row.enrolment_band}`;
      combos.set(key, (combos.get(key) ?? 0) + 1);
    }
    // Every row's combination, counted over the whole file.
    for (const row of rows)
      expect(combos.get(`${row.state}|${row.locale}|${row.enrolment_band}`)).toBeGreaterThanOrEqual(10);
    expect(Object.fromEntries(combos)).toEqual({ "MD|21|300-599": 12, "MD||": 11 });
    expect(new Set(rows.map((r) => r.school)).size).toBe(23);
    expect(rows.every((r) => /^S[0-9a-f]{16}$/.test(r.school!))).toBe(true);
    // Items and scores: every school rated each indicator 2..5, so each domain score is that rating.
    const instrument = (await currentInstrument(t.db, "quality", "school"))!;
    const domains = instrument.sections.filter((s) => s.scored);
    for (const row of rows) {
      const rating = row[instrument.sections[0]!.items[0]!.key]!;
      expect(["2", "3", "4", "5"]).toContain(rating);
      for (const d of domains) expect(row[`domain.${d.key}`]).toBe(`${rating}.00`);
    }
    // A second download names the schools differently: files do not join.
    const again = parse(
      (await researcher.get(`/research/applications/${applicationId}/files/quality/${year}.csv`)).body,
      {
        columns: true,
      },
    ) as Record<string, string>[];
    expect(again.some((r) => rows.some((s) => s.school === r.school))).toBe(false);
    const audit = await queryRows<{ after: { file: string; rows: number } }>(
      t.db,
      sql`select after from audit_log where entity_id = ${applicationId} and action = 'research.download' and actor_id = ${researcherId} order by id`,
    );
    expect(audit).toHaveLength(2);
    expect(audit[0]!.after).toEqual({ file: `smh-research-quality-${year}.csv`, rows: 23 });
  });

  it("leaves out a school that chose not to share that school year", async () => {
    const school = schools[0]!;
    const share = (shared: boolean) =>
      setSharing(t.db, { actorId: researcherId, organisation: school, schoolYear: year, shared });
    await share(false);
    try {
      const res = await researcher.get(`/research/applications/${applicationId}/files/quality/${year}.csv`);
      const rows = parse(res.body, { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(22);
      expect(rows.filter((r) => r.state === "MD" && r.locale === "21")).toHaveLength(11);
    } finally {
      await share(true);
    }
  });

  it("writes a codebook from the instrument version, with the coarsening applied", async () => {
    const instrument = (await currentInstrument(t.db, "quality", "school"))!;
    const res = await researcher.json(
      "GET",
      `/api/v1/research/applications/${applicationId}/codebooks/quality/${year}`,
    );
    expect(res.statusCode).toBe(200);
    const codebook = res.json();
    expect(codebook.versions.map((v: { version: number }) => v.version)).toEqual([instrument.version]);
    const byName = new Map(codebook.variables.map((v: { name: string }) => [v.name, v]));
    for (const section of instrument.sections)
      for (const item of section.items) {
        const variable = byName.get(item.key) as { label: string; values: string; versions: number[] };
        expect(variable.label).toContain(item.prompt.en);
        expect(variable.values).toContain(instrument.scale![5]!.en);
        expect(variable.versions).toEqual([instrument.version]);
      }
    expect(codebook.coarsening).toEqual({ full: 12, withoutBand: 0, stateOnly: 11, none: 0, leftOut: 3 });
    expect(codebook.coarseningOrder).toEqual(["enrolment band", "locale", "state"]);
    // The file's header is exactly the codebook's variables, in order.
    const file = await researcher.json(
      "GET",
      `/api/v1/research/applications/${applicationId}/files/quality/${year}`,
    );
    expect(file.body.split("\n")[0]).toBe(codebook.variables.map((v: { name: string }) => v.name).join(","));
    const page = await researcher.get(`/research/applications/${applicationId}/codebooks/quality/${year}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(instrument.sections[0]!.items[0]!.key);
  });

  it("refuses files outside the application, to anyone else, after the last day, and once declined", async () => {
    expect(
      (await researcher.get(`/research/applications/${applicationId}/files/profile/${year}.csv`)).statusCode,
    ).toBe(404);
    expect(
      (await other.get(`/research/applications/${applicationId}/files/quality/${year}.csv`)).statusCode,
    ).toBe(403);
    expect(
      (await admin.get(`/research/applications/${applicationId}/files/quality/${year}.csv`)).statusCode,
    ).toBe(403);
    const yesterday = new Date(Date.now() - 86400_000).toISOString().slice(0, 10);
    await t.db
      .update(researchApplications)
      .set({ expiresOn: yesterday })
      .where(eq(researchApplications.id, applicationId));
    expect(
      (await researcher.get(`/research/applications/${applicationId}/files/quality/${year}.csv`)).statusCode,
    ).toBe(403);
    const api = await researcher.json(
      "GET",
      `/api/v1/research/applications/${applicationId}/files/quality/${year}`,
    );
    expect(api.statusCode).toBe(403);
    expect((await researcher.get(`/research/applications/${applicationId}`)).body).toContain("Expired");
    const declined = await admin.json(
      "POST",
      `/api/v1/admin/research-applications/${applicationId}/decision`,
      {
        decision: "decline",
        reason: "The IRB approval has lapsed.",
      },
    );
    expect(declined.statusCode).toBe(200);
    expect(declined.json().status).toBe("declined");
    await t.db
      .update(researchApplications)
      .set({ expiresOn: "2999-01-01" })
      .where(eq(researchApplications.id, applicationId));
    expect(
      (await researcher.get(`/research/applications/${applicationId}/files/quality/${year}.csv`)).statusCode,
    ).toBe(403);
    const downloads = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_log where entity_id = ${applicationId} and action = 'research.download'`,
    );
    expect(downloads[0]!.n).toBe(4);
  });

  it("takes an application through the API with the letter base64-encoded", async () => {
    const res = await other.json("POST", "/api/v1/research/applications", {
      ...fields(),
      irbFile: { fileName: "irb.pdf", contentBase64: PDF.toString("base64") },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toBe("pending");
    const bad = await other.json("POST", "/api/v1/research/applications", {
      ...fields(),
      irbFile: { fileName: "irb.pdf", contentBase64: Buffer.from("not a pdf").toString("base64") },
    });
    expect(bad.statusCode).toBe(400);
    const mine = await other.json("GET", "/api/v1/research/applications");
    expect(mine.json().items).toHaveLength(1);
  });
});
