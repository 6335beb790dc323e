import { brotliDecompressSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import { currentInstrument, seedInstruments } from "../instruments/service";

const SCHOOLS = 600;
const schoolLinks = (html: string) =>
  html.match(/href="\/measures\/orgs\/[0-9a-f-]{36}\?year=/g)?.length ?? 0;

describe.each(DATABASES)("a %s district of 600 schools on its dashboard", (kind) => {
  let t: TestApp;
  let districtId: string;
  let lead: TestClient;
  const base = () => `/measures/dashboards/district/${districtId}`;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    const { district } = await buildDistrictWithSchools(t.db, "OR", SCHOOLS);
    districtId = district.id;
    // Every school scored on every domain, so each row is as wide as it gets.
    const quality = (await currentInstrument(t.db, "quality", "school"))!;
    const scores = Object.fromEntries(quality.sections.filter((s) => s.scored).map((s) => [s.key, 3.5]));
    await t.db.execute(sql`
      insert into latest_scores (organisation_id, instrument_key, variant, school_year, response_id, submitted_at, domain_scores, composite)
      select id, 'quality', 'school', '2025-26', gen_random_uuid(), now(), ${JSON.stringify(scores)}::jsonb, 3.5
        from organisations where parent_id = ${districtId}`);
    const user = await buildUser(t.db);
    await addMembership(t.db, user.id, districtId, "lead");
    lead = await signedInClient(t, user.id);
  }, 120_000);
  afterAll(() => t?.close());

  it("lists 50 schools a page, says how many there are, and stays small", async () => {
    const first = await lead.get(`${base()}?year=2025-26`);
    expect(first.statusCode).toBe(200);
    expect(schoolLinks(first.body)).toBe(50);
    expect(first.body).toContain("600 schools in this district.");
    expect(first.body).toContain("Schools 1 to 50 are listed");
    expect(first.body).toContain("Page 1 of 12");
    expect(first.body.length).toBeLessThan(100_000);
    // Compressed, as a browser asks for it, it is a few kilobytes.
    const zipped = await lead.get(`${base()}?year=2025-26`, { "accept-encoding": "gzip, deflate, br" });
    expect(zipped.headers["content-encoding"]).toBe("br");
    expect(zipped.rawPayload.length).toBeLessThan(20_000);
    expect(brotliDecompressSync(zipped.rawPayload).length).toBe(Buffer.byteLength(first.body));

    const last = await lead.get(`${base()}?year=2025-26&page=12`);
    expect(schoolLinks(last.body)).toBe(50);
    expect(last.body).toContain("Schools 551 to 600 are listed");
    // A page past the end shows the last one rather than an empty table.
    const beyond = await lead.get(`${base()}?year=2025-26&page=40`);
    expect(beyond.statusCode).toBe(200);
    expect(beyond.body).toContain("Page 12 of 12");
  });

  it("keeps the filters in the page links and counts what matches", async () => {
    const filtered = await lead.get(`${base()}?year=2025-26&q=school&profile=notStarted`);
    expect(filtered.body).toContain("600 of the district's 600 schools match the filters.");
    expect(filtered.body).toMatch(/href="[^"]*q=school&amp;profile=notStarted&amp;page=2"/);
    const none = await lead.get(`${base()}?year=2025-26&profile=submitted`);
    expect(none.body).toContain("0 of the district's 600 schools match the filters.");
    expect(schoolLinks(none.body)).toBe(0);
  });

  it("downloads every school in the CSV, streamed and compressed", async () => {
    const csv = await lead.get(`${base()}.csv?year=2025-26`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.split("\n").filter(Boolean);
    expect(lines).toHaveLength(SCHOOLS + 1);
    expect(lines[1]).toMatch(/^[0-9a-f-]{36},Test School \d+-\d+,notStarted,\d{4}-\d{2}-\d{2},3\.5,/);
    const zipped = await lead.get(`${base()}.csv?year=2025-26`, { "accept-encoding": "br" });
    expect(zipped.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(zipped.rawPayload).toString()).toBe(csv.body);
  });
});
