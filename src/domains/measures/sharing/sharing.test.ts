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
import { addMembership, buildUser } from "../../../seed/factories";
import { districtRating, submitRatedAssessment } from "../../insights/public/test-world";
import type { Organisation } from "../../directory/service";
import { rebuildAggregates } from "../dashboards/rebuild";
import { seedInstruments } from "../instruments/service";
import { isSharedBeyondDistrict, setSharing } from "./service";

const YEAR = "2025-26";

/*
 * A district of 11 Vermont schools: ten rate every item 4, school X rates every item 1.
 *   shared:      district, state and nation n = 11, composite sum 41
 *   X not shared: district n = 11, sum 41; state and nation n = 10, sum 40
 */
describe.each(DATABASES)("a school's choice to share beyond its district, on %s", (kind) => {
  let t: TestApp;
  let actorId: string;
  let world: Awaited<ReturnType<typeof districtRating>>;
  let x: Organisation;
  let nationId: string;

  const composite = async (scopeId: string) => {
    const [row] = await queryRows<{ sum: number; n: number }>(
      t.db,
      sql`select sum, n from score_aggregates where scope_id = ${scopeId} and school_year = ${YEAR}
            and instrument_key = 'quality' and variant = 'school' and domain_key = 'composite'`,
    );
    const [part] = await queryRows<{ organisations: number }>(
      t.db,
      sql`select organisations from participation where scope_id = ${scopeId} and school_year = ${YEAR}
            and instrument_key = 'quality' and variant = 'school'`,
    );
    return {
      sum: Number(row?.sum ?? 0),
      n: Number(row?.n ?? 0),
      participating: Number(part?.organisations ?? 0),
    };
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    actorId = (await buildUser(t.db)).id;
    world = await districtRating(t.db, actorId, "VT", [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1], YEAR);
    x = world.schools[10]!;
    nationId = world.state.ancestorIds[0]!;
  }, 240_000);
  afterAll(() => t?.close());

  it("is shared by default", async () => {
    expect(await isSharedBeyondDistrict(t.db, x.id, YEAR)).toBe(true);
    expect(await composite(world.state.id)).toEqual({ sum: 41, n: 11, participating: 11 });
  });

  it("not sharing takes the school out of the state and the nation, not its district; audited; and back", async () => {
    expect(await setSharing(t.db, { actorId, organisation: x, schoolYear: YEAR, shared: false })).toEqual({
      changed: true,
    });
    expect(await composite(world.district.id)).toEqual({ sum: 41, n: 11, participating: 11 });
    expect(await composite(world.state.id)).toEqual({ sum: 40, n: 10, participating: 10 });
    expect(await composite(nationId)).toEqual({ sum: 40, n: 10, participating: 10 });
    // The same choice again changes nothing and audits nothing.
    expect(await setSharing(t.db, { actorId, organisation: x, schoolYear: YEAR, shared: false })).toEqual({
      changed: false,
    });
    const audit = await queryRows<{ before: unknown; after: unknown }>(
      t.db,
      sql`select before, after from audit_log where action = 'measures.sharing.change' and entity_id = ${x.id}`,
    );
    expect(audit).toEqual([
      { before: { schoolYear: YEAR, shared: true }, after: { schoolYear: YEAR, shared: false } },
    ]);

    // A rebuild from the responses leaves exactly the same figures.
    await rebuildAggregates(t.db);
    expect(await composite(world.district.id)).toEqual({ sum: 41, n: 11, participating: 11 });
    expect(await composite(world.state.id)).toEqual({ sum: 40, n: 10, participating: 10 });

    await setSharing(t.db, { actorId, organisation: x, schoolYear: YEAR, shared: true });
    expect(await composite(world.state.id)).toEqual({ sum: 41, n: 11, participating: 11 });
    expect(await composite(nationId)).toEqual({ sum: 41, n: 11, participating: 11 });
  });

  it("a school that does not share and then submits counts in its district only; other years are untouched", async () => {
    // A school of the district opts out for last year, then submits last year's assessment.
    const z = world.schools[0]!;
    await setSharing(t.db, { actorId, organisation: z, schoolYear: "2024-25", shared: false });
    await submitRatedAssessment(t.db, { actorId, school: z, rating: 6, schoolYear: "2024-25" });
    const lastYear = async (scopeId: string) =>
      (
        await queryRows<{ n: number }>(
          t.db,
          sql`select n from score_aggregates where scope_id = ${scopeId} and school_year = '2024-25' and domain_key = 'composite'`,
        )
      )[0]?.n ?? 0;
    expect(await lastYear(world.district.id)).toBe(1);
    expect(await lastYear(world.state.id)).toBe(0);
    expect(await lastYear(nationId)).toBe(0);
    expect(await composite(world.state.id)).toEqual({ sum: 41, n: 11, participating: 11 });
  });

  it("the public national figures follow the choice", async () => {
    const visitor = new TestClient(t.app);
    const before = (await visitor.get(`/api/v1/public/national?year=${YEAR}`)).json();
    expect(before.nation.quality).toEqual({ value: 11, hidden: null });
    await setSharing(t.db, { actorId, organisation: x, schoolYear: YEAR, shared: false });
    const after = (await visitor.get(`/api/v1/public/national?year=${YEAR}`)).json();
    expect(after.nation.quality).toEqual({ value: 10, hidden: null });
    expect(after.nation.means.composite).toEqual({ value: 4, hidden: null });
    await setSharing(t.db, { actorId, organisation: x, schoolYear: YEAR, shared: true });
  });

  it("page and API: the school's lead sets it; a member may not; a missing answer comes back by its field", async () => {
    const lead = await buildUser(t.db);
    const member = await buildUser(t.db);
    await addMembership(t.db, lead.id, x.id, "lead");
    await addMembership(t.db, member.id, x.id, "member");
    const client = await signedInClient(t, lead.id);
    const page = await client.get(`/measures/orgs/${x.id}/sharing`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Yes (default)");

    const missing = await client.postForm(`/measures/orgs/${x.id}/sharing`, { schoolYear: YEAR });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="error-summary"');
    expect(await isSharedBeyondDistrict(t.db, x.id, YEAR)).toBe(true);

    const saved = await client.postForm(`/measures/orgs/${x.id}/sharing`, { schoolYear: YEAR, shared: "no" });
    expect(saved.statusCode).toBe(303);
    expect(await isSharedBeyondDistrict(t.db, x.id, YEAR)).toBe(false);
    expect(await composite(world.state.id)).toMatchObject({ n: 10 });

    const api = await client.json("PUT", `/api/v1/organisations/${x.id}/data-sharing`, {
      schoolYear: YEAR,
      shared: true,
    });
    expect(api.statusCode).toBe(200);
    expect(api.json().years).toMatchObject([{ schoolYear: YEAR, shared: true }]);
    expect(await composite(world.state.id)).toMatchObject({ n: 11 });

    const notLead = await signedInClient(t, member.id);
    expect((await notLead.get(`/measures/orgs/${x.id}/sharing`)).statusCode).toBe(404);
    expect(
      (
        await notLead.json("PUT", `/api/v1/organisations/${x.id}/data-sharing`, {
          schoolYear: YEAR,
          shared: false,
        })
      ).statusCode,
    ).toBe(404);
    expect(await isSharedBeyondDistrict(t.db, x.id, YEAR)).toBe(true);
  });
});
