import { eq } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import type { Db } from "../../../platform/db/client";
import { getResponse, listResponses, scoreAssessment, allAnswers } from "../../measures/service";
import { loadActor } from "../../teams/service";
import { startCycle, startNextCycle, updateCycle } from "../cycles/service";
import { addNode } from "../diagrams/service";
import { addGoal, addStep, listProjects, startProjectFromReport, updateProject } from "./service";

const DAY = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

async function userId(db: Db, email: string): Promise<string | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row?.id ?? null;
}

/**
 * Harbor Point Elementary's plan, from the lowest-scoring domain of its latest submitted quality
 * assessment: an aim, goals and steps (one overdue), a driver diagram (two primary drivers, four
 * secondary, five change ideas) and three PDSA cycles (a ramp of two and one other). Built with
 * the same service calls a person's forms make, so the demo is audited like real work.
 */
export async function seedPlansDemo(db: Db): Promise<void> {
  const leadId = await userId(db, "school.lead@demo.smhcommons.org");
  const memberId = await userId(db, "school.member@demo.smhcommons.org");
  if (!leadId) return;
  const schoolId = (await loadActor(db, leadId))?.memberships.find((m) => m.role === "lead")?.organisationId;
  if (!schoolId || (await listProjects(db, schoolId)).length > 0) return;
  const latest = (await listResponses(db, schoolId)).find(
    (r) => r.instrumentKey === "quality" && r.status === "submitted",
  );
  const response = latest ? await getResponse(db, latest.id) : null;
  if (!response) return;
  const lowest = scoreAssessment(response.instrument, allAnswers(response))
    .domains.flatMap((d) => (d.status === "scored" ? [d] : []))
    .sort((a, b) => a.score - b.score)[0];
  if (!lowest) return;

  let project = await startProjectFromReport(db, leadId, response, lowest.key, "en");
  project = await updateProject(db, leadId, project, {
    aimWhat: "Students referred for mental health support are followed up quickly and reliably",
    aimHowMuch: "From 45% to 85% of referrals followed up within 5 school days",
    aimByWhen: dateIn(240),
    aimForWhom: "Students referred for Tier 2 and Tier 3 support at Harbor Point",
  });

  const pathway = await addGoal(db, leadId, project, "A written referral pathway every staff member knows");
  const tracking = await addGoal(db, leadId, project, "Every referral tracked to its follow-up");
  const owner = memberId ?? leadId;
  await addStep(db, leadId, project, {
    goalId: pathway.id,
    title: "Draft the referral pathway with the school counselor and nurse",
    ownerId: leadId,
    dueOn: dateIn(-60),
    status: "done",
  });
  await addStep(db, leadId, project, {
    goalId: pathway.id,
    title: "Present the pathway at the staff meeting",
    ownerId: owner,
    dueOn: dateIn(-10),
    status: "inProgress",
  });
  await addStep(db, leadId, project, {
    goalId: tracking.id,
    title: "Set up the referral log (counts only, no student names)",
    ownerId: owner,
    dueOn: dateIn(20),
    status: "notStarted",
  });
  await addStep(db, leadId, project, {
    goalId: tracking.id,
    title: "Review follow-up times every month at the team meeting",
    ownerId: leadId,
    dueOn: dateIn(45),
    status: "notStarted",
  });

  const node = (kind: "driver" | "change", title: string, parentId?: string) =>
    addNode(db, leadId, project, { kind, title, parentId: parentId ?? null });
  const process = await node("driver", "A reliable referral process");
  const partnership = await node("driver", "Strong partnership with families and community providers");
  const roles = await node("driver", "Clear roles for who follows up", process.id);
  const tracked = await node("driver", "Referrals tracked from request to follow-up", process.id);
  const contact = await node("driver", "Families contacted early and in their language", partnership.id);
  const handoff = await node("driver", "Warm hand-offs to community providers", partnership.id);
  const huddle = await node("change", "Weekly referral huddle", roles.id);
  await node("change", "One named follow-up person per referral", roles.id);
  await node("change", "Shared referral log reviewed weekly", tracked.id);
  const call = await node("change", "Family phone call within 2 days, in the family's language", contact.id);
  await node("change", "Provider liaison joins the huddle monthly", handoff.id);

  const first = await startCycle(db, leadId, project, huddle, {
    title: "Huddle pilot with grade 3–5 referrals",
    stage: "done",
    startsOn: dateIn(-70),
    endsOn: dateIn(-56),
    objective: "Test whether a 15-minute weekly huddle shortens the time to follow-up",
    questions: "Do referrals discussed at the huddle get followed up within 5 days?",
    prediction: "At least 7 of 10 referrals followed up within 5 days",
    planWho: "Counselor, nurse, assistant principal",
    planWhat: "15-minute huddle every Monday on new referrals",
    planWhen: "Two weeks",
    planWhere: "Counseling office",
    dataToCollect: "Count of referrals and of those followed up within 5 school days",
    whatHappened: "Two huddles held; one moved to Tuesday because of testing",
    problems: "The nurse could not attend the second huddle",
    observations: "Referrals with a named follow-up person moved fastest",
    results: "8 of 11 referrals followed up within 5 days (prediction: 7 of 10)",
    decision: "adapt",
    nextSteps: "Name one follow-up person for each referral at the huddle; extend to all grades",
  });
  const second = await startNextCycle(db, leadId, project, first);
  await updateCycle(db, leadId, project, second, {
    stage: "study",
    startsOn: dateIn(-42),
    endsOn: dateIn(-28),
    objective: "Huddle for all grades, with a named follow-up person for each referral",
    prediction: "At least 8 of 10 referrals followed up within 5 days",
    dataToCollect: "Count of referrals and of those followed up within 5 school days",
    whatHappened: "Three huddles held; every referral had a named person",
    results: "17 of 20 followed up within 5 days",
  });
  await startCycle(db, leadId, project, call, {
    title: "Spanish-language phone call within 2 days",
    stage: "do",
    startsOn: dateIn(-14),
    endsOn: dateIn(7),
    objective: "Reach families of referred students within 2 school days",
    prediction: "9 of 10 families reached within 2 days",
    planWho: "Family liaison (bilingual)",
    dataToCollect: "Count of families called and reached within 2 school days",
  });
}
