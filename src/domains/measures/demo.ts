import { and, asc, eq } from "drizzle-orm";
import { users } from "../../platform/auth/schema";
import type { Db } from "../../platform/db/client";
import type { ItemDefinition } from "../../seed/instruments/types";
import { organisations } from "../directory/schema";
import type { Organisation } from "../directory/service";
import { seedInstruments } from "./instruments";
import { responses } from "./schema";
import { getResponse, previousSchoolYear, saveSection, schoolYearOf, startResponse, submitResponse } from "./service";

/** A small deterministic generator, so every demo install shows the same figures. */
function generator(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function demoAnswer(item: ItemDefinition, random: () => number, level: number, enrollment: number): unknown {
  switch (item.type) {
    case "rating": {
      const roll = random();
      if (roll < 0.05) return "dk";
      return Math.max(1, Math.min(6, Math.round(level + (random() - 0.5) * 3)));
    }
    case "fte":
      return Math.round(random() * 4) / 2;
    case "count":
      return item.withinEnrollment ? Math.floor(random() * enrollment * 0.3) : Math.floor(random() * 8);
    case "yesno":
      return random() < 0.6 ? "yes" : "no";
    case "choice":
      return item.options?.[Math.floor(random() * item.options.length)]?.key;
    case "multi":
      return item.options?.filter(() => random() < 0.4).map((o) => o.key);
    case "text":
      return undefined;
  }
}

async function fillAndSubmit(db: Db, actorId: string, school: Organisation, instrumentKey: "profile" | "quality", schoolYear: string, random: () => number, level: number) {
  const { id } = await startResponse(db, { actorId, organisation: school, instrumentKey, schoolYear });
  const view = (await getResponse(db, id))!;
  for (const section of view.instrument.sections) {
    const answers = Object.fromEntries(
      section.items.map((i) => [i.key, demoAnswer(i, random, level, school.enrollment ?? 400)]).filter(([, v]) => v !== undefined),
    );
    await saveSection(db, { actorId, responseId: id, sectionKey: section.key, baseVersion: 0, answers });
  }
  await submitResponse(db, { actorId, responseId: id });
}

/**
 * Demo measures: last school year's profile and assessment for every demo school, and this
 * year's for all but the demo team's school, so its team has something to fill in. Instruments
 * are reference data (seedReferenceData should call seedInstruments); calling it here too keeps
 * a demo install complete either way.
 */
export async function seedMeasuresDemo(db: Db): Promise<void> {
  await seedInstruments(db);
  const [already] = await db.select({ id: responses.id }).from(responses).limit(1);
  if (already) return;
  const [actor] = await db.select({ id: users.id }).from(users).where(eq(users.isDemo, true)).orderBy(asc(users.createdAt)).limit(1);
  if (!actor) return;
  const schools = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.kind, "school"), eq(organisations.isDemo, true)))
    .orderBy(asc(organisations.stateCode), asc(organisations.ncesId), asc(organisations.name));
  const thisYear = schoolYearOf(new Date());
  const lastYear = previousSchoolYear(thisYear);
  const random = generator(2026);
  // The demo school team's school (the first Maryland demo school) has this year still to do.
  const demoTeamSchool = schools.find((s) => s.stateCode === "MD");
  // Maryland's demo schools are enough to show reports and dashboards, and keep the first start
  // of a fresh install inside its time budget (each submission runs the full scoring path).
  for (const school of schools.filter((s) => s.stateCode === "MD")) {
    const level = 2 + random() * 3;
    await fillAndSubmit(db, actor.id, school, "profile", lastYear, random, level);
    await fillAndSubmit(db, actor.id, school, "quality", lastYear, random, level);
    if (school.id === demoTeamSchool?.id) continue;
    await fillAndSubmit(db, actor.id, school, "profile", thisYear, random, level);
    await fillAndSubmit(db, actor.id, school, "quality", thisYear, random, level + 0.5);
  }
}
