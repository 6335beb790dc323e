import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { auditLog } from "../../platform/audit/schema";
import { buildUser, findOrganisationByStateCode } from "../../seed/factories";
import { mapColumns, parseNcesRecord } from "./nces-row";
import { directoryImports, organisations } from "./schema";
import { findByNcesId } from "./service";

const HEADER = "NCESSCH,LEAID,SCH_NAME,LEA_NAME,ST,LSTREET1,LCITY,LZIP,GSLO,GSHI,LOCALE,MEMBER";
const GOOD_ROWS = [
  "240001000001,2400010,Alpha Elementary School,Alpha County Public Schools,MD,1 Main St,Alphaville,21201,KG,05,21-Suburb: Large,350",
  "240001000002,2400010,Alpha Middle School,Alpha County Public Schools,MD,2 Main St,Alphaville,21201,06,08,21,-1",
  '510002000001,5100020,"Beta ""Bridge"" High School",Beta City Schools,VA,3 Oak Ave,Betatown,22301,09,12,11,1200',
  // A spreadsheet dropped Alabama's leading zero; the import puts it back.
  "10003000001,100030,Gamma Elementary School,Gamma County Schools,AL,4 Elm St,Gammaton,35004,PK,06,42,180",
];
const BAD_ROWS = [
  "12AB,2400010,Bad Id School,Alpha County Public Schools,MD,,,,,,,",
  "240001000003,2400010,Lost School,Alpha County Public Schools,ZZ,,,,,,,",
  "240001000004,2400010,,Alpha County Public Schools,MD,,,,,,,",
  "240001000001,2400010,Alpha Elementary Again,Alpha County Public Schools,MD,,,,,,,",
];
const FILE = `${[HEADER, ...GOOD_ROWS, ...BAD_ROWS].join("\n")}\n`;

function multipart(fileName: string, content: string) {
  const boundary = `----smhtest${Math.random().toString(16).slice(2)}`;
  const payload =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
    `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { payload, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

describe("NCES row rules", () => {
  const { map } = mapColumns(HEADER.split(","));
  const record = (line: string) =>
    Object.fromEntries(HEADER.split(",").map((h, i) => [h, line.split(",")[i]]));
  it("normalises a good row", () => {
    const { row, problems } = parseNcesRecord(record(GOOD_ROWS[0]!), map, 2);
    expect(problems).toEqual([]);
    expect(row).toMatchObject({
      ncesId: "240001000001",
      leaId: "2400010",
      gradeLow: "KG",
      gradeHigh: "05",
      locale: "21",
      enrollment: 350,
    });
    expect(parseNcesRecord(record(GOOD_ROWS[1]!), map, 3).row?.enrollment).toBeNull();
  });
  it("names each problem with its line and column", () => {
    expect(parseNcesRecord(record(BAD_ROWS[0]!), map, 6).problems).toEqual([
      { line: 6, field: "NCESSCH", code: "ncesFormat", value: "12AB" },
    ]);
    expect(parseNcesRecord(record(BAD_ROWS[1]!), map, 7).problems[0]).toMatchObject({
      field: "ST",
      code: "stateUnknown",
    });
    expect(parseNcesRecord(record(BAD_ROWS[2]!), map, 8).problems[0]).toMatchObject({
      field: "SCH_NAME",
      code: "nameMissing",
    });
    const mismatch = parseNcesRecord({ ...record(GOOD_ROWS[0]!), LEAID: "2400099" }, map, 9);
    expect(mismatch.problems[0]).toMatchObject({ field: "LEAID", code: "leaMismatch" });
  });
  it("reports missing required columns", () => {
    expect(mapColumns(["ncessch", "leaid", "sch_name"]).missing).toEqual(["LEA_NAME", "ST"]);
  });
});

describe.each(DATABASES)("NCES import on %s", (kind) => {
  let t: TestApp;
  let admin: TestClient;
  let adminId: string;
  const importCount = async () =>
    (await t.db.select({ n: sql<number>`count(*)::int` }).from(directoryImports))[0]!.n;
  const orgCount = async () =>
    (await t.db.select({ n: sql<number>`count(*)::int` }).from(organisations))[0]!.n;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const user = await buildUser(t.db, { systemRole: "admin" });
    adminId = user.id;
    admin = await signedInClient(t, user.id);
  });
  afterAll(() => t?.close());

  it("refuses people who are not national admins, on the page and the API", async () => {
    const user = await buildUser(t.db);
    const client = await signedInClient(t, user.id);
    expect((await client.get("/admin/imports")).statusCode).toBe(403);
    const body = multipart("schools.csv", FILE);
    const page = await client.request({
      method: "POST",
      url: `/admin/imports?_csrf=${encodeURIComponent(client.csrfToken)}`,
      ...body,
    });
    expect(page.statusCode).toBe(403);
    const api = await client.request({
      method: "POST",
      url: "/api/v1/imports",
      payload: FILE,
      headers: { "content-type": "text/csv" },
    });
    expect(api.statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: "POST",
      url: "/api/v1/imports",
      payload: FILE,
      headers: { "content-type": "text/csv" },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await client.get("/api/v1/imports/00000000-0000-4000-8000-000000000000")).statusCode).toBe(403);
    expect((await client.get("/api/v1/imports")).statusCode).toBe(403);
    expect((await client.get("/admin/imports/00000000-0000-4000-8000-000000000000")).statusCode).toBe(403);
    expect(
      (await client.get("/admin/imports/00000000-0000-4000-8000-000000000000/errors.csv")).statusCode,
    ).toBe(403);
    expect((await new TestClient(t.app).get("/admin/imports")).headers.location).toBe(
      "/sign-in?next=%2Fadmin%2Fimports",
    );
    expect(await importCount()).toBe(0);
  });

  it("rejects a file without the needed columns, or empty, and writes nothing", async () => {
    await admin.get("/admin/imports");
    const bad = multipart("wrong.csv", "NCESSCH,SCH_NAME\n240001000001,Alpha\n");
    const page = await admin.request({
      method: "POST",
      url: `/admin/imports?_csrf=${encodeURIComponent(admin.csrfToken)}`,
      ...bad,
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain("The file lacks these columns: LEAID, LEA_NAME, ST.");
    const empty = await admin.request({
      method: "POST",
      url: "/api/v1/imports",
      payload: "",
      headers: { "content-type": "text/csv" },
    });
    expect(empty.statusCode).toBe(400);
    const json = await admin.json("POST", "/api/v1/imports", { csv: FILE });
    expect(json.statusCode).toBe(400);
    const noCsrf = await admin.request({
      method: "POST",
      url: "/admin/imports",
      ...multipart("schools.csv", FILE),
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(await importCount()).toBe(0);
    expect(await findByNcesId(t.db, "240001000001")).toBeNull();
  });

  it("imports districts and schools with their ancestors and reports bad rows by line", async () => {
    const before = await orgCount();
    await admin.get("/admin/imports");
    const upload = await admin.request({
      method: "POST",
      url: `/admin/imports?_csrf=${encodeURIComponent(admin.csrfToken)}`,
      ...multipart("ccd-schools.csv", FILE),
    });
    expect(upload.statusCode).toBe(303);
    const progressUrl = upload.headers.location as string;
    const waiting = await admin.get(progressUrl);
    expect(waiting.body).toContain('http-equiv="refresh"');
    expect(waiting.body).toContain("<progress");

    await t.runJobs();
    const done = await admin.get(progressUrl);
    expect(done.body).not.toContain('http-equiv="refresh"');
    expect(done.body).toContain("Finished");
    expect(done.body).toContain("This NCES school ID already appeared earlier in the file.");

    const id = progressUrl.split("/").pop()!;
    const report = (await admin.get(`/api/v1/imports/${id}`)).json();
    expect(report).toMatchObject({
      status: "done",
      rowsSeen: 8,
      inserted: 4,
      updated: 0,
      failed: 4,
      districtsInserted: 3,
      errorsTotal: 4,
    });
    expect(
      report.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code]),
    ).toEqual([
      [6, "NCESSCH", "ncesFormat"],
      [7, "ST", "stateUnknown"],
      [8, "SCH_NAME", "nameMissing"],
      [9, "NCESSCH", "duplicate"],
    ]);
    expect(await orgCount()).toBe(before + 7);

    const md = await findOrganisationByStateCode(t.db, "MD");
    const alphaDistrict = await findByNcesId(t.db, "2400010");
    expect(alphaDistrict).toMatchObject({
      kind: "district",
      name: "Alpha County Public Schools",
      parentId: md.id,
      stateCode: "MD",
    });
    expect(alphaDistrict!.ancestorIds).toEqual([...md.ancestorIds, md.id]);
    const alpha = await findByNcesId(t.db, "240001000001");
    expect(alpha).toMatchObject({
      name: "Alpha Elementary School",
      city: "Alphaville",
      locale: "21",
      enrollment: 350,
      zip: "21201",
    });
    expect(alpha!.ancestorIds).toEqual([...md.ancestorIds, md.id, alphaDistrict!.id]);
    expect((await findByNcesId(t.db, "510002000001"))?.name).toBe('Beta "Bridge" High School');
    const gamma = await findByNcesId(t.db, "010003000001");
    expect(gamma?.stateCode).toBe("AL");

    const csv = await admin.get(`/admin/imports/${id}/errors.csv`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split("\n")[0]).toBe("line,column,code,problem,value");
    expect(csv.body).toContain("7,ST,stateUnknown");

    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "directory.import"), eq(auditLog.entityId, id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorId).toBe(adminId);
    expect(audits[0]!.after).toMatchObject({ inserted: 4, failed: 4 });
  });

  it("changes nothing when the same file is imported again, and updates only changed rows", async () => {
    const before = await orgCount();
    const again = await admin.request({
      method: "POST",
      url: "/api/v1/imports?fileName=again.csv",
      payload: FILE,
      headers: { "content-type": "text/csv" },
    });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ status: "queued", fileName: "again.csv" });
    await t.runJobs();
    const report = (await admin.get(`/api/v1/imports/${again.json().id}`)).json();
    expect(report).toMatchObject({
      status: "done",
      inserted: 0,
      updated: 0,
      unchanged: 4,
      districtsInserted: 0,
      districtsUpdated: 0,
      failed: 4,
    });
    expect(await orgCount()).toBe(before);

    const changed = FILE.replace(
      "Alphaville,21201,KG,05,21-Suburb: Large,350",
      "Alphaville,21201,KG,05,21-Suburb: Large,375",
    );
    const third = await admin.request({
      method: "POST",
      url: "/api/v1/imports",
      payload: changed,
      headers: { "content-type": "text/csv" },
    });
    await t.runJobs();
    const thirdReport = (await admin.get(`/api/v1/imports/${third.json().id}`)).json();
    expect(thirdReport).toMatchObject({ inserted: 0, updated: 1, unchanged: 3 });
    expect((await findByNcesId(t.db, "240001000001"))?.enrollment).toBe(375);
    const list = await admin.get("/admin/imports");
    expect(list.body).toContain("again.csv");
    const listed = (await admin.get("/api/v1/imports")).json();
    expect(listed.items.map((i: { fileName: string }) => i.fileName)).toContain("again.csv");
  });

  it("stops a file that is not valid CSV part-way, saying why", async () => {
    const broken = `${HEADER}\n${GOOD_ROWS[0]}\n"240001000009,2400010,Unclosed quote,Alpha County Public Schools,MD,,,,,,,\n`;
    const res = await admin.request({
      method: "POST",
      url: "/api/v1/imports",
      payload: broken,
      headers: { "content-type": "text/csv" },
    });
    expect(res.statusCode).toBe(202);
    expect(res.headers.location).toBe(`/api/v1/imports/${res.json().id}`);
    await t.runJobs();
    const report = (await admin.get(`/api/v1/imports/${res.json().id}`)).json();
    expect(report.status).toBe("failed");
    expect(report.errorMessage).toMatch(/quote/i);
    expect(await findByNcesId(t.db, "240001000009")).toBeNull();
    const page = await admin.get(`/admin/imports/${res.json().id}`);
    expect(page.body).toContain("The import stopped:");
  });
});
