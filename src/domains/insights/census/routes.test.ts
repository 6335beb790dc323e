import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  TestClient,
  type TestApp,
} from "../../../../test/support/app";
import { addMembership, buildUser } from "../../../seed/factories";
import { buildCensusWorld } from "./test-world";

type Figure = { key: string; value: number | null; n: number | null; suppressed: boolean };
const figure = (body: { figures: Figure[] }, key: string) => body.figures.find((f) => f.key === key)!;

describe.each(DATABASES)("census pages and API on %s", (kind) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof buildCensusWorld>>;
  let stateMember: TestClient;
  let districtMember: TestClient;
  let visitor: TestClient;
  beforeAll(async () => {
    t = await startTestApp(kind);
    world = await buildCensusWorld(t.db);
    const [s, d] = [await buildUser(t.db), await buildUser(t.db)];
    await addMembership(t.db, s.id, world.state.id);
    await addMembership(t.db, d.id, world.districtA.id);
    stateMember = await signedInClient(t, s.id);
    districtMember = await signedInClient(t, d.id);
    visitor = new TestClient(t.app);
  });
  afterAll(() => t?.close());

  const stateApi = () => `/api/v1/census/state/${world.state.id}?year=2025-26`;

  it("shows a state team its state's figures whatever n, and hides them from others", async () => {
    const mine = await stateMember.get(stateApi());
    expect(mine.statusCode).toBe(200);
    expect(figure(mine.json(), "staff.psychologist.perFte.total")).toMatchObject({ value: 800, n: 3 });
    expect(mine.json().seesEverySchool).toBe(true);
    for (const client of [visitor, districtMember]) {
      const body = (await client.get(stateApi())).json();
      expect(body.seesEverySchool).toBe(false);
      expect(figure(body, "staff.psychologist.perFte.total")).toEqual(
        expect.objectContaining({ value: null, n: null, suppressed: true }),
      );
      expect(body.figures.every((f: Figure) => f.value === null)).toBe(true);
    }
  });

  it("compares a district with its state and the nation, each column as the viewer may see it", async () => {
    const res = await districtMember.get(`/api/v1/census/district/${world.districtA.id}?year=2025-26`);
    const body = res.json();
    expect(body.scope).toMatchObject({ id: world.districtA.id, level: "district" });
    expect(figure(body, "schools")).toMatchObject({ value: 2, n: 2 });
    expect(body.compare.map((c: { scope: { level: string } }) => c.scope.level)).toEqual(["state", "nation"]);
    expect(body.compare.every((c: { seesEverySchool: boolean }) => !c.seesEverySchool)).toBe(true);
    // The state team reads the district below it, and its own state column.
    const fromState = (
      await stateMember.get(`/api/v1/census/district/${world.districtA.id}?year=2025-26`)
    ).json();
    expect(fromState.seesEverySchool).toBe(true);
    expect(fromState.compare[0]).toMatchObject({ seesEverySchool: true });
    expect(figure(fromState.compare[0], "served.tier2")?.value).toBeCloseTo(8.5, 5);
  });

  it("renders the census page with compare columns, recommendations and their sources, EN and ES", async () => {
    const page = await stateMember.get(`/census/district/${world.districtA.id}?year=2025-26`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("United States");
    expect(page.body).toContain(world.state.name);
    expect(page.body).toContain("667"); // 1,000 students per 1.5 psychologist FTE
    expect(page.body).toContain("1 per 500 students");
    expect(page.body).toContain("https://www.nasponline.org/");
    expect(page.body).toMatch(/<svg role="img"/);
    const hidden = await visitor.get(`/census/state/${world.state.id}?year=2025-26`);
    expect(hidden.statusCode).toBe(200);
    expect(hidden.body).toContain("Hidden (fewer than 10 schools)");
    expect(hidden.body).not.toContain(">800<");
    const es = await visitor.get(`/census/nation?year=2025-26`, { "accept-language": "es" });
    expect(es.body).toContain("Censo: Estados Unidos");
  });

  it("shows trends over three years with the change since last year, as a page, CSV and JSON", async () => {
    const body = (await stateMember.get(`/api/v1/census/district/${world.districtA.id}/trends`)).json();
    expect(body.years.map((y: { schoolYear: string }) => y.schoolYear)).toEqual([
      "2023-24",
      "2024-25",
      "2025-26",
    ]);
    const page = await stateMember.get(`/census/district/${world.districtA.id}/trends`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Change since last year");
    // Schools with a profile: 1, 1, 2 → +1.
    expect(page.body).toMatch(/Schools with a submitted profile<\/th>.*?<td[^>]*>\+1<\/td>/s);
    const csv = await stateMember.get(`/census/district/${world.districtA.id}/trends.csv`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split("\n")[0]).toBe(
      "scope,level,school_year,figure_key,figure,value,schools,suppressed",
    );
    expect(csv.body).toContain(
      "2023-24,staff.psychologist.fte.school,School psychologists: school-employed FTE,0.5,1,no",
    );
  });

  it("gives a CSV of exactly what the page shows, suppressed for visitors", async () => {
    const csv = await visitor.get(`/census/state/${world.state.id}.csv?year=2025-26`);
    expect(csv.statusCode).toBe(200);
    const rows = csv.body.trim().split("\n").slice(1);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.every((r) => r.endsWith(",,yes") || r.endsWith(",0,no"))).toBe(true);
    const mine = await stateMember.get(`/census/state/${world.state.id}.csv?year=2025-26`);
    expect(mine.body).toContain(
      "staff.psychologist.perFte.total,School psychologists: students per FTE (all),800,3,no",
    );
  });

  it("is linked from the district, state and national dashboards", async () => {
    const district = await stateMember.get(
      `/measures/dashboards/district/${world.districtA.id}?year=2025-26`,
    );
    expect(district.body).toContain(`href="/census/district/${world.districtA.id}?year=2025-26"`);
    const state = await stateMember.get(`/measures/dashboards/state/${world.state.id}?year=2025-26`);
    expect(state.body).toContain(`href="/census/state/${world.state.id}?year=2025-26"`);
  });

  it("answers 404 for an id of the wrong kind or unknown, 400 for a bad year", async () => {
    expect((await visitor.get(`/census/state/${world.districtA.id}`)).statusCode).toBe(404);
    expect((await visitor.get(`/api/v1/census/district/${world.schools[0]!.id}`)).statusCode).toBe(404);
    expect((await visitor.get(`/census/district/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await visitor.get(`/api/v1/census/nation?year=2025-27`)).statusCode).toBe(400);
    expect((await visitor.get(`/census/nation?year=nope`)).statusCode).toBe(400);
  });

  it("shares a page between viewers shown the same figures, each with their own header and token", async () => {
    const other = await buildUser(t.db, { name: "Second State Member" });
    await addMembership(t.db, other.id, world.state.id);
    const secondStateMember = await signedInClient(t, other.id);
    const url = `/census/state/${world.state.id}?year=2025-26`;
    const main = (html: string) => html.slice(html.indexOf("<main"), html.indexOf("</main>"));
    const who = (html: string) => html.match(/class="smh-utility__who">([^<]*)</)?.[1];
    const tokens = (html: string) => [...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);
    // The state team's copy is drawn first: a district member (who may not read the state's
    // schools) must still get the suppressed figures, never the shared full ones.
    const full = (await stateMember.get(url)).body;
    const suppressed = (await districtMember.get(url)).body;
    const second = (await secondStateMember.get(url)).body;
    expect(main(full)).toContain("800");
    expect(main(suppressed)).not.toContain("800");
    expect(main(second)).toBe(main(full));
    expect(who(second)).toBe("Second State Member");
    expect(who(full)).not.toBe("Second State Member");
    expect(tokens(second)).toHaveLength(1);
    expect(tokens(full)).not.toContain(tokens(second)[0]);
    expect(main(second)).not.toContain("smh-csrf-slot");
    expect(second).not.toContain('<template id="smh-shell">');
    // A third viewer whose browser takes gzip gets the shared body compressed once, their header
    // and token spliced in: the same page, once decompressed, as the one sent uncompressed.
    const thirdUser = await buildUser(t.db, { name: "Third State Member" });
    await addMembership(t.db, thirdUser.id, world.state.id);
    const third = await signedInClient(t, thirdUser.id);
    const gz = await third.get(url, { "accept-encoding": "br, gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    const html = gunzipSync(gz.rawPayload).toString();
    expect(main(html)).toBe(main(full));
    expect(who(html)).toBe("Third State Member");
    expect(html).not.toContain("smh-csrf-slot");
    expect(html).toContain(`name="_csrf" value="${tokens(html)[0]}"`);
    expect(tokens(html)[0]).not.toBe(tokens(second)[0]);
  });
});
