import { sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { currentReportingPeriod, lastClosedPeriod, nextPeriodStart, periodStarts, today } from "./periods";
import {
  networkMeasures,
  networkSettings,
  networkSharedChanges,
  networkTeams,
  networkValues,
} from "./schema";

/*
 * The demo CoIIN: the communities demo's screening improvement network (created here if that demo
 * has none of the kind) with 12 member teams — Harbor Point Elementary first, as "Team A" — from
 * the demo schools (and the demo state's when there are too few), each reporting one shared
 * proportion monthly for 18 months. Follow-up rises after month 9 (the change package's "same-week
 * family call" spreading), so the pooled p chart shows a real shift. Two teams (K and L) missed
 * the last closed period: they are late; while a period is open, three have not reported it yet.
 */

const MONTHS = 18;
const TEAMS = 12;

/** A deterministic number in [0, 1) from a few integers (demo data is the same on every start). */
function unit(...parts: number[]): number {
  let h = 2166136261;
  for (const p of parts) h = Math.imul(h ^ (p + 0x9e3779b9), 16777619) >>> 0;
  return (h % 10_000) / 10_000;
}

async function demoNetwork(db: Db): Promise<string> {
  const [found] = await queryRows<{ id: string }>(
    db,
    sql`select id from communities where kind = 'improvement_network'
        order by (slug = 'demo-screening-coiin') desc, created_at limit 1`,
  );
  if (found) return found.id;
  const [created] = await queryRows<{ id: string }>(
    db,
    sql`insert into communities (slug, kind, level, name_en, name_es, purpose_en, purpose_es, visibility, join_policy, topics)
        values ('demo-screening-coiin', 'improvement_network', 'national',
          'Universal Screening Improvement Network (demo CoIIN)',
          'Red de mejora de la evaluación universal (CoIIN de demostración)',
          'Teams test changes to their screening follow-up in short cycles and share results.',
          'Los equipos prueban cambios en el seguimiento de la evaluación en ciclos cortos y comparten resultados.',
          'private', 'invite', '{screening}')
        returning id`,
  );
  return created!.id;
}

export async function seedNetworksDemo(db: Db): Promise<void> {
  const communityId = await demoNetwork(db);
  const [already] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from network_teams where community_id = ${communityId}`,
  );
  if ((already?.n ?? 0) > 0) return;
  const schools = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id, name from organisations where kind = 'school'
        order by (name = 'Harbor Point Elementary School') desc, is_demo desc, state_code, name limit ${TEAMS}`,
  );
  if (schools.length === 0) return;
  const [lead] = await queryRows<{ id: string }>(
    db,
    sql`select user_id as id from community_members where community_id = ${communityId} and role = 'lead' limit 1`,
  );

  const day = today();
  const closed = lastClosedPeriod(day, "month", 10);
  const current = currentReportingPeriod(day, "month", 10);
  const periods = periodStarts("2000-01-01", current.periodStart, "month").slice(-MONTHS);
  const joined = new Date(`${periods[0]}T00:00:00Z`);

  await db.transaction(async (tx) => {
    await tx
      .insert(networkSettings)
      .values({ communityId, teamNaming: "letters", reportingDays: 10, reminderDaysBefore: 3 });
    const teams = await tx
      .insert(networkTeams)
      .values(
        schools.map((s, i) => ({
          communityId,
          organisationId: s.id,
          letterIndex: i,
          status: "active" as const,
          invitedBy: lead?.id ?? null,
          invitedAt: joined,
          decidedAt: joined,
        })),
      )
      .returning({ id: networkTeams.id, letterIndex: networkTeams.letterIndex });
    const [measure] = await tx
      .insert(networkMeasures)
      .values({
        communityId,
        name: "Positive screens followed up within 30 days",
        definition:
          "Of the students whose universal mental health screen was positive in the month, how many had a follow-up contact (assessment, family call or referral) within 30 days. From the team's screening log; counts only, no student information.",
        type: "proportion",
        period: "month",
        numeratorLabel: "Followed up within 30 days",
        denominatorLabel: "Positive screens",
        goal: 0.8,
        startsOn: periods[0]!,
        createdBy: lead?.id ?? null,
      })
      .returning({ id: networkMeasures.id });
    const values: (typeof networkValues.$inferInsert)[] = [];
    for (const team of teams) {
      const i = team.letterIndex;
      const base = 0.42 + unit(i, 1) * 0.16;
      for (const [m, periodStart] of periods.entries()) {
        const missedClosed = i >= TEAMS - 2 && periodStart >= closed.periodStart;
        const notYet = !current.closed && periodStart === current.periodStart && i >= TEAMS - 3;
        if (missedClosed || notYet) continue;
        const denominator = 8 + Math.floor(unit(i, m, 2) * 30);
        // The change spreads from month 9: follow-up rises by about 25 points.
        const p = Math.min(
          0.97,
          base + (m >= 9 ? 0.22 + unit(i, 3) * 0.08 : 0) + (unit(i, m, 4) - 0.5) * 0.12,
        );
        const numerator = Math.max(0, Math.min(denominator, Math.round(p * denominator)));
        values.push({
          measureId: measure!.id,
          teamId: team.id,
          periodStart,
          numerator,
          denominator,
          value: numerator / denominator,
          enteredAt: new Date(`${nextPeriodStart(periodStart, "month")}T15:00:00Z`),
        });
      }
    }
    await tx.insert(networkValues).values(values);
    const first = teams.find((t) => t.letterIndex === 0)!;
    const second = teams.find((t) => t.letterIndex === 3) ?? first;
    await tx.insert(networkSharedChanges).values([
      {
        communityId,
        teamId: first.id,
        title: "Same-week family call after a positive screen",
        description:
          "The school counselor calls the family within five school days of a positive screen to explain the result and offer an appointment.",
        result: "worked",
        evidence:
          "Three PDSA cycles (one grade, then two, then the whole school); the team's follow-up rose from about 50% to over 75% and stayed there.",
        measureId: measure!.id,
      },
      {
        communityId,
        teamId: second.id,
        title: "Screening results reviewed at the weekly student support meeting",
        description: "Positive screens are a standing item, with a named person for each follow-up.",
        result: "promising",
        evidence: "One cycle so far; fewer follow-ups were missed, but the month was short.",
        measureId: measure!.id,
      },
    ]);
  });
}
