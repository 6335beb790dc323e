import { eq } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import type { Db } from "../../../platform/db/client";
import { getStateByCode, listSchoolsIn } from "../../directory/service";
import { createProject, listProjects } from "../plans/service";
import {
  addAnnotation,
  addDomainScoreMeasure,
  assessmentDomains,
  createMeasure,
  freezeBaseline,
  listMeasures,
  saveValues,
} from "./service";

const DEMO_SCHOOL = "Harbor Point Elementary School";
const DEMO_LEAD = "school.lead@demo.smhcommons.org";
const MONTHS = 24;

/** The first day of the month `back` months before this one (UTC). */
function monthBack(back: number, now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}

/** Small fixed wobbles, so every demo install shows the same charts. */
const WOBBLE = [0, 2, -1, 1, -2, 1, 0, -1, 2, -2, 1, 0, -1, 1, 2, -1, 0, 1, -2, 2, 0, -1, 1, 0];

/**
 * Harbor Point Elementary's measures on its plan: a process measure (referrals followed up within
 * a week) and an outcome (the plan's domain score as the team rates it each month), 24 months
 * each, with a real shift a year ago when the follow-up call log began; the first year frozen as
 * the baseline; one annotation. Its quality-assessment domain score is linked as well (a point
 * per submitted time point).
 */
export async function seedChartsDemo(db: Db): Promise<void> {
  const state = await getStateByCode(db, "MD");
  const school = state
    ? (await listSchoolsIn(db, state.id)).find((s) => s.name === DEMO_SCHOOL && s.isDemo)
    : null;
  const [lead] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_LEAD));
  if (!school || !lead) return;
  const projects = await listProjects(db, school.id);
  const project =
    projects[0] ??
    (await createProject(db, lead.id, school.id, { title: "Follow up every referral within a week" }));
  if ((await listMeasures(db, project.id)).length > 0) return;

  const followUp = await createMeasure(db, lead.id, project, {
    name: "Referrals followed up within a week",
    kind: "process",
    type: "proportion",
    period: "month",
    definition:
      "Of the referrals to the school mental health team in the month (from the referral log), those whose family was contacted and whose first meeting was booked within 7 calendar days. Counts only; no names leave the log.",
    numeratorLabel: "Referrals followed up within 7 days",
    denominatorLabel: "Referrals received",
    goal: 80,
  });
  const changeAt = MONTHS - 12;
  await saveValues(
    db,
    lead.id,
    project,
    followUp,
    Array.from({ length: MONTHS }, (_, i) => {
      const referrals = 22 + WOBBLE[i] * 2;
      const share = i < changeAt ? 0.48 : 0.79;
      return {
        period: monthBack(MONTHS - i),
        value: Math.round(referrals * share) + WOBBLE[(i + 5) % 24],
        denominator: referrals,
      };
    }),
  );
  await freezeBaseline(db, lead.id, project, followUp, {
    from: monthBack(MONTHS),
    to: monthBack(MONTHS - changeAt + 1),
  });
  await addAnnotation(db, lead.id, project, followUp, {
    onDate: `${monthBack(MONTHS - changeAt)}-03`,
    text: "Follow-up call log started: every referral gets a call within two school days.",
  });

  const outcome = await createMeasure(db, lead.id, project, {
    name: "Domain score, the team's monthly check (1–6)",
    kind: "outcome",
    type: "mean",
    period: "month",
    definition:
      "At its monthly meeting the team rates each indicator of the plan's domain on the assessment's 1–6 scale; the measure is the mean of those ratings. The submitted assessments confirm it twice a year.",
    goal: 4.5,
  });
  await saveValues(
    db,
    lead.id,
    project,
    outcome,
    Array.from({ length: MONTHS }, (_, i) => ({
      period: monthBack(MONTHS - i),
      value: Math.round(((i < changeAt + 2 ? 2.9 : 4.1) + WOBBLE[(i + 11) % 24] * 0.1) * 100) / 100,
    })),
  );
  await freezeBaseline(db, lead.id, project, outcome, {
    from: monthBack(MONTHS),
    to: monthBack(MONTHS - changeAt + 1),
  });

  const domainKey =
    project.domainKey ?? (await assessmentDomains(db, school.id)).map((d) => d.key).find(Boolean) ?? null;
  if (domainKey) {
    await addDomainScoreMeasure(db, lead.id, project, { domainKey, goal: 4.5 }, "en").catch(() => undefined);
  }
}
