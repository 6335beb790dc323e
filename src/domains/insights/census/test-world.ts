import { eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { buildDistrictWithSchools, buildOrganisation, buildUser } from "../../../seed/factories";
import { organisations } from "../../directory/schema";
import { saveSection, startResponse, submitResponse } from "../../measures/service";

type Org = typeof organisations.$inferSelect;

const SECTION_OF: Record<string, string> = {
  staff: "staffing",
  services: "services",
  screening: "screening",
  served: "served",
  funding: "funding",
  partners: "partnerships",
};

/** Answers a school's profile for a year through the measures service and submits it. */
export async function submitProfile(
  db: Db,
  actorId: string,
  school: Org,
  schoolYear: string,
  answers: Record<string, unknown>,
): Promise<void> {
  const { id } = await startResponse(db, {
    actorId,
    organisation: school,
    instrumentKey: "profile",
    schoolYear,
  });
  const bySection = new Map<string, Record<string, unknown>>();
  for (const [key, value] of Object.entries(answers)) {
    const section = SECTION_OF[key.split(".")[0]!]!;
    bySection.set(section, { ...bySection.get(section), [key]: value });
  }
  for (const [sectionKey, sectionAnswers] of bySection) {
    const saved = await saveSection(db, {
      actorId,
      responseId: id,
      sectionKey,
      baseVersion: 0,
      answers: sectionAnswers,
      source: "json",
    });
    if (saved.status !== "saved") throw new Error(`profile not saved: ${JSON.stringify(saved)}`);
  }
  await submitResponse(db, { actorId, responseId: id });
}

export const YEARS = ["2023-24", "2024-25", "2025-26"] as const;

/**
 * A small hand-worked world (figures worked out in census.test.ts): in one state, district A with
 * three schools of 500 students (two with a 2025-26 profile, one without) and district B with one
 * school of 1,000; school 1 also has profiles in the two years before.
 */
export async function buildCensusWorld(db: Db, stateCode = "VT") {
  const actor = await buildUser(db);
  const a = await buildDistrictWithSchools(db, stateCode, 3);
  const b = await buildDistrictWithSchools(db, stateCode, 0);
  const s4 = await buildOrganisation(db, {
    kind: "school",
    parent: b.district,
    stateCode,
    name: "Census School Four",
    enrollment: 1000,
  });
  const [s1, s2, s3] = a.schools as [Org, Org, Org];
  await submitProfile(db, actor.id, s1, "2023-24", {
    "staff.psychologist.school": 0.5,
    "screening.conducted": "no",
  });
  await submitProfile(db, actor.id, s1, "2024-25", {
    "staff.psychologist.school": 1,
    "screening.conducted": "yes",
  });
  await submitProfile(db, actor.id, s1, "2025-26", {
    "staff.psychologist.school": 1,
    "staff.psychologist.community": 0,
    "staff.counselor.school": 2,
    "staff.nurse.school": 1,
    "services.tier1": ["sel"],
    "services.tier2.provider": "none",
    "services.tier3": ["therapy"],
    "screening.conducted": "yes",
    "screening.grades": ["6", "7"],
    "screening.count": 300,
    "served.tier2": 50,
    "served.tier3": 10,
    "funding.sources": ["general", "medicaid"],
    "partners.count": 2,
    "partners.agreements": "yes",
  });
  await submitProfile(db, actor.id, s2, "2025-26", {
    "staff.psychologist.community": 0.5,
    "staff.counselor.school": 1,
    "staff.nurse.school": 0.5,
    "services.tier1.provider": "school",
    "screening.conducted": "no",
    "served.tier2": 20,
    "funding.sources": ["general"],
    "partners.count": 0,
  });
  await submitProfile(db, actor.id, s4, "2025-26", {
    "staff.psychologist.school": 1,
    "staff.counselor.school": 2,
    "staff.counselor.community": 1,
    "staff.nurse.community": 1,
    "screening.conducted": "yes",
    "screening.count": 400,
    "served.tier2": 100,
    "served.tier3": 30,
    "funding.sources": ["medicaid"],
  });
  const [state] = await db.select().from(organisations).where(eq(organisations.id, a.state.id));
  return { actor, state: state!, districtA: a.district, districtB: b.district, schools: [s1, s2, s3, s4] };
}
