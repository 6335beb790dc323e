import { and, asc, eq, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { addMembership, buildUser } from "../../../seed/factories";
import { DEMO_PASSWORD } from "../../../seed/demo";
import { organisations } from "../../directory/schema";
import { domainScoreBefore } from "./repo";
import {
  type ContactMode,
  type EpisodeStatus,
  type Intensity,
  type ObjectiveStatus,
  type Participants,
  taContacts,
  taEpisodes,
  taObjectives,
  taSurveys,
  type Urgency,
} from "./schema";

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const dateOf = (d: Date) => d.toISOString().slice(0, 10);

interface DemoContact {
  daysAgo: number;
  mode: ContactMode;
  hours: number;
  participants: Participants;
  summary: string;
}
interface DemoEpisode {
  teamId: string;
  stateId: string;
  topic: string;
  need: string;
  urgency: Urgency;
  status: EpisodeStatus;
  requestedDaysAgo: number;
  intensity?: Intensity;
  providerId?: string;
  referral?: { kind: "community" | "network" | "resource"; to: string; url: string | null };
  contacts?: DemoContact[];
  objectives?: [string, ObjectiveStatus][];
  closedDaysAgo?: number;
  outcome?: string;
  survey?: [number, number, number, number, string];
}

/** The topic's domain score in the team's first assessment submitted after `at` (when there is one). */
async function domainScoreAfter(db: DbOrTx, organisationId: string, topic: string, at: Date) {
  const [row] = (
    (await db.execute(
      sql`select (domain_scores ->> ${topic})::double precision as score from assessment_scores
           where organisation_id = ${organisationId} and instrument_key = 'quality' and submitted_at > ${at.toISOString()}::timestamptz
           order by submitted_at limit 1`,
    )) as unknown as { rows: { score: number | null }[] }
  ).rows;
  return row?.score ?? null;
}

async function insertEpisode(db: DbOrTx, e: DemoEpisode) {
  const requestedAt = daysAgo(e.requestedDaysAgo);
  const closedAt = e.closedDaysAgo === undefined ? null : daysAgo(e.closedDaysAgo);
  const contacts = e.contacts ?? [];
  const [row] = await db
    .insert(taEpisodes)
    .values({
      organisationId: e.teamId,
      stateId: e.stateId,
      topic: e.topic,
      need: e.need,
      urgency: e.urgency,
      status: e.status,
      intensity: e.intensity ?? null,
      providerId: e.providerId ?? null,
      referralKind: e.referral?.kind ?? null,
      referralTo: e.referral?.to ?? null,
      referralUrl: e.referral?.url ?? null,
      requestedAt,
      triagedAt: e.status === "requested" ? null : new Date(requestedAt.getTime() + 2 * DAY),
      closedAt,
      outcomeNote: e.outcome ?? null,
      hours: contacts.reduce((sum, c) => sum + c.hours, 0),
      contactCount: contacts.length,
      scoreBefore: await domainScoreBefore(db, e.teamId, e.topic, requestedAt),
      scoreAfter: closedAt ? await domainScoreAfter(db, e.teamId, e.topic, closedAt) : null,
    })
    .returning();
  const id = row!.id;
  if (contacts.length)
    await db.insert(taContacts).values(
      contacts.map((c) => ({
        episodeId: id,
        contactDate: dateOf(daysAgo(c.daysAgo)),
        mode: c.mode,
        hours: c.hours,
        participants: c.participants,
        summary: c.summary,
        loggedBy: e.providerId ?? null,
      })),
    );
  if (e.objectives?.length)
    await db
      .insert(taObjectives)
      .values(e.objectives.map(([text, status]) => ({ episodeId: id, text, status })));
  if (e.survey) {
    const [useful, timely, knowledgeable, wouldRecommend, comment] = e.survey;
    await db
      .insert(taSurveys)
      .values({ episodeId: id, useful, timely, knowledgeable, wouldRecommend, comment });
  }
}

async function demoTeams(db: DbOrTx, stateCode: string) {
  const [state] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.kind, "state"), eq(organisations.stateCode, stateCode)));
  if (!state) return null;
  const teams = await db
    .select({ id: organisations.id, kind: organisations.kind })
    .from(organisations)
    .where(
      and(
        eq(organisations.stateCode, stateCode),
        eq(organisations.isDemo, true),
        sql`kind in ('school', 'district')`,
      ),
    )
    .orderBy(asc(organisations.ncesId));
  const schools = teams.filter((t) => t.kind === "school").map((t) => t.id);
  const districts = teams.filter((t) => t.kind === "district").map((t) => t.id);
  return schools.length && districts.length ? { state, schools, districts } : null;
}

/**
 * Who provides TA in a demo state: Maryland's state lead (a demo account); in the other demo
 * states a member of the state's team made for the demo (so the policy's rule holds: a provider
 * is on the state's or the nation's team).
 */
async function providerIn(db: DbOrTx, stateCode: string, stateId: string): Promise<string> {
  if (stateCode === "MD") {
    const [lead] = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, "state.lead@demo.smhcommons.org"));
    if (lead) return lead.id;
  }
  const provider = await buildUser(db, {
    email: `ta.provider.${stateCode.toLowerCase()}@demo.smhcommons.org`,
    name:
      stateCode === "CA"
        ? "Carmen TA-Provider"
        : stateCode === "TX"
          ? "Tomás TA-Provider"
          : `TA Provider ${stateCode}`,
    password: DEMO_PASSWORD,
    stakeholderRole: "school_mh_professional",
    stateCode,
    verified: true,
    isDemo: true,
  });
  await addMembership(db, provider.id, stateId, "member");
  return provider.id;
}

/** The few episodes every demo state shows: one waiting, one in progress, one closed with its survey, one referred. */
function storyEpisodes(
  stateId: string,
  schools: string[],
  districts: string[],
  providerId: string,
): DemoEpisode[] {
  const first = schools[0]!;
  const second = schools[1] ?? first;
  const third = schools[2] ?? first;
  return [
    {
      teamId: first,
      stateId,
      topic: "screening",
      need: "We would like help choosing a free mental health screening measure for grades 3 to 5 and planning parent consent.",
      urgency: "soon",
      status: "requested",
      requestedDaysAgo: 3,
    },
    {
      teamId: first,
      stateId,
      topic: "promotion",
      need: "Our Tier 1 lessons are uneven across classrooms. We want a shared plan for the spring.",
      urgency: "routine",
      status: "accepted",
      requestedDaysAgo: 45,
      intensity: "targeted",
      providerId,
      contacts: [
        {
          daysAgo: 40,
          mode: "video",
          hours: 1,
          participants: { educators: 4, administrators: 1 },
          summary: "Reviewed the team's Tier 1 inventory and the quality assessment's promotion domain.",
        },
        {
          daysAgo: 26,
          mode: "on_site",
          hours: 2.5,
          participants: { educators: 9, clinicians: 2, families: 2 },
          summary:
            "Walked through classroom routines with the grade-level teams; agreed on three shared practices.",
        },
        {
          daysAgo: 12,
          mode: "email",
          hours: 0.25,
          participants: { administrators: 1 },
          summary: "Sent the schedule template and two sample lesson plans.",
        },
      ],
      objectives: [
        ["Every grade level uses the same three Tier 1 routines", "in_progress"],
        ["A shared calendar of wellness lessons for the spring", "completed"],
        ["Family night on stress and sleep", "not_started"],
      ],
    },
    {
      teamId: second,
      stateId,
      topic: "teaming",
      need: "Our school-employed and community clinicians meet separately. We want one team with clear roles.",
      urgency: "routine",
      status: "closed",
      requestedDaysAgo: 120,
      intensity: "universal",
      providerId,
      contacts: [
        {
          daysAgo: 110,
          mode: "phone",
          hours: 0.75,
          participants: { administrators: 1, clinicians: 1 },
          summary: "Listened to how referrals move between the two groups today.",
        },
        {
          daysAgo: 90,
          mode: "video",
          hours: 1.5,
          participants: { clinicians: 4, educators: 2, youth: 1 },
          summary: "Drafted a joint meeting agenda and a referral pathway.",
        },
      ],
      objectives: [
        ["One team meeting every two weeks with both employers", "completed"],
        ["A written referral pathway", "completed"],
      ],
      closedDaysAgo: 60,
      outcome: "The combined team meets every other week and uses one referral form.",
      survey: [5, 4, 5, 5, "Practical and quick to the point."],
    },
    {
      teamId: districts[0] ?? third,
      stateId,
      topic: "family-engagement",
      need: "We want families on our district planning team and do not know where to start.",
      urgency: "routine",
      status: "referred",
      requestedDaysAgo: 20,
      referral: { kind: "community", to: "Family partnership practice group", url: null },
    },
  ];
}

/** Closed episodes over the past year on three topics, so the demo state's report has rows of 10 or more. */
function yearOfEpisodes(stateId: string, teams: string[], providerId: string): DemoEpisode[] {
  const topics = ["screening", "teaming", "promotion"];
  const intensities: Intensity[] = ["universal", "targeted", "intensive"];
  const modes: ContactMode[] = ["video", "phone", "on_site", "email"];
  return Array.from({ length: 33 }, (_, i) => {
    const requested = 30 + ((i * 11) % 330);
    const contacts = Array.from({ length: 1 + (i % 3) }, (_, c) => ({
      daysAgo: requested - 3 - c * 7,
      mode: modes[(i + c) % modes.length]!,
      hours: 0.5 + ((i + c) % 4) * 0.25,
      participants: { educators: 2 + (i % 5), clinicians: i % 2 },
      summary: "Coaching session on the team's improvement plan.",
    }));
    return {
      teamId: teams[i % teams.length]!,
      stateId,
      topic: topics[i % topics.length]!,
      need: "Coaching on the domain's lowest indicators.",
      urgency: "routine",
      status: "closed",
      requestedDaysAgo: requested,
      intensity: intensities[i % intensities.length]!,
      providerId,
      contacts,
      closedDaysAgo: requested - 25,
      outcome: "Objectives met; the team continues on its own.",
    } satisfies DemoEpisode;
  });
}

/** Demo technical assistance in each demo state (Maryland, California, Texas). */
export async function seedAssistanceDemo(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    for (const stateCode of ["MD", "CA", "TX"]) {
      const found = await demoTeams(tx, stateCode);
      if (!found) continue;
      const { state, schools, districts } = found;
      const providerId = await providerIn(tx, stateCode, state.id);
      const episodes = storyEpisodes(state.id, schools, districts, providerId);
      if (stateCode === "MD")
        episodes.push(...yearOfEpisodes(state.id, [...schools, ...districts], providerId));
      for (const episode of episodes) await insertEpisode(tx, episode);
    }
  });
}
