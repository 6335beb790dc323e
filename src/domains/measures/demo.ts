import { and, asc, eq } from "drizzle-orm";
import { recordAudit } from "../../platform/audit";
import { users } from "../../platform/auth/schema";
import type { Db } from "../../platform/db/client";
import type { ItemDefinition } from "../../seed/instruments/types";
import { organisations } from "../directory/schema";
import type { Organisation } from "../directory/service";
import { seedInstruments } from "./instruments/service";
import { changedAnswers, checkSectionAnswers } from "./instruments/answers";
import { responseSections, responses } from "./schema";
import {
  getResponse,
  previousSchoolYear,
  schoolYearOf,
  startResponse,
  submitResponse,
} from "./responses/service";

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

/**
 * Starts, fills and submits one time point. The answers are checked like any save and written
 * with their audit entries in one transaction (as the census import does), rather than through
 * one saveSection call per section: that took a fifth of a fresh install's first start. The
 * submission goes through the normal scoring path.
 */
async function fillAndSubmit(
  db: Db,
  actorId: string,
  school: Organisation,
  instrumentKey: "profile" | "quality",
  schoolYear: string,
  random: () => number,
  level: number,
) {
  const { id } = await startResponse(db, { actorId, organisation: school, instrumentKey, schoolYear });
  const view = (await getResponse(db, id))!;
  const sections = view.instrument.sections.flatMap((section) => {
    const answers = Object.fromEntries(
      section.items
        .map((i) => [i.key, demoAnswer(i, random, level, school.enrollment ?? 400)])
        .filter(([, v]) => v !== undefined),
    );
    const checked = checkSectionAnswers(section, answers, school.enrollment ?? null, "json");
    if (!checked.ok)
      throw new Error(
        `Demo answers for ${section.key} do not pass the checks: ${JSON.stringify(checked.problems)}`,
      );
    // Like saveSection: a section left empty is not written, and the audit entry is the change.
    const change = changedAnswers({}, checked.answers);
    return change ? [{ sectionKey: section.key, answers: checked.answers, change }] : [];
  });
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.insert(responseSections).values(
      sections.map((s) => ({
        responseId: id,
        sectionKey: s.sectionKey,
        version: 1,
        answers: s.answers,
        updatedBy: actorId,
        updatedAt: now,
      })),
    );
    await recordAudit(
      tx,
      sections.map((s) => ({
        actorId,
        action: "measures.answers.change",
        entityType: "response",
        entityId: `${id}/${s.sectionKey}`,
        scopeId: school.id,
        before: s.change.before,
        after: s.change.after,
      })),
    );
  });
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
  const [actor] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.isDemo, true))
    .orderBy(asc(users.createdAt))
    .limit(1);
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
