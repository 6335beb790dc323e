import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp, type TestClient } from "../../../test/support/app";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../seed/factories";
import type { Organisation } from "../directory/service";
import { seedInstruments } from "./instruments";
import { queryRows } from "../../platform/db/client";
import { latestScores, participation, responses } from "./schema";
import { allAnswers, getResponse } from "./service";

describe.each(DATABASES)("bulk census import on %s", (kind) => {
  let t: TestApp;
  let schools: Organisation[];
  let stateId: string;
  let lead: TestClient;
  let schoolMember: TestClient;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    const built = await buildDistrictWithSchools(t.db, "NM", 3);
    schools = built.schools;
    stateId = built.state.id;
    const [a, b] = [await buildUser(t.db), await buildUser(t.db)];
    await addMembership(t.db, a.id, stateId, "lead");
    await addMembership(t.db, b.id, schools[0]!.id);
    lead = await signedInClient(t, a.id);
    schoolMember = await signedInClient(t, b.id);
  });
  afterAll(() => t?.close());

  const profilesOf = (orgId: string) =>
    t.db.select().from(responses).where(and(eq(responses.organisationId, orgId), eq(responses.instrumentKey, "profile")));

  it("reports every bad row and writes nothing when one row is wrong", async () => {
    const csv = [
      "nces_id,staff.counselor.school,served.tier2,funding.sources",
      `${schools[0]!.ncesId},1.5,40,medicaid;state-grant`,
      "999999999999,1,1,",
      `${schools[1]!.ncesId},abc,900,lottery`,
    ].join("\n");
    const res = await lead.json("POST", `/api/v1/organisations/${stateId}/profile-imports`, { schoolYear: "2025-26", csv });
    expect(res.statusCode).toBe(400);
    const pointers = res.json().errors.map((e: { pointer: string; detail: string }) => `${e.pointer} ${e.detail}`);
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
    const res = await lead.postForm(`/measures/dashboards/state/${stateId}/import`, { schoolYear: "2025-26", csv });
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
      .where(and(eq(participation.scopeId, stateId), eq(participation.instrumentKey, "profile"), eq(participation.schoolYear, "2025-26")));
    expect(p?.organisations).toBe(2);
    // Latest scores (what dashboards read) and one audit entry per imported profile, with its answers.
    const [latest] = await t.db.select().from(latestScores).where(and(eq(latestScores.organisationId, schools[0]!.id), eq(latestScores.instrumentKey, "profile")));
    expect(latest?.responseId).toBe(profile!.id);
    const audit = await queryRows<{ action: string; scope_id: string; after: unknown }>(
      t.db,
      sql`select action, scope_id, after from audit_log where entity_type = 'response' and entity_id = ${profile!.id}`,
    );
    expect(audit).toEqual([{ action: "measures.profile.import", scope_id: schools[0]!.id, after: allAnswers(view!) }]);

    // The same schools again: refused, since they now have a profile for the year.
    const again = await lead.json("POST", `/api/v1/organisations/${stateId}/profile-imports`, { schoolYear: "2025-26", csv });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].detail).toBe("alreadyHasProfile");
  });

  it("lets only the state's leads import", async () => {
    const csv = `nces_id\n${schools[2]!.ncesId}`;
    expect((await schoolMember.json("POST", `/api/v1/organisations/${stateId}/profile-imports`, { schoolYear: "2025-26", csv })).statusCode).toBe(404);
    expect((await schoolMember.get(`/measures/dashboards/state/${stateId}/import`)).statusCode).toBe(404);
  });
});
