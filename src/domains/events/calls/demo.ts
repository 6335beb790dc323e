import { sql } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import type { Db } from "../../../platform/db/client";
import {
  DEMO_PAST_CONFERENCE_SLUG,
  DEMO_UPCOMING_CONFERENCE_SLUG,
  type EventWithOrganiser,
  eventBySlug,
  eventTracksOf,
} from "../setup/service";
import { eventCalls, eventProposalPresenters, eventProposals, eventReviewers, eventReviews } from "./schema";
import { DEFAULT_RUBRIC, type ProposalFormat } from "./service";

/*
 * Demo calls: the upcoming conference's call is open, with a few submitted proposals from the
 * demo accounts, reviewers assigned and some reviews in; the past conference's call is closed
 * with its accepted proposals released and confirmed (DEMO_PAST_ACCEPTED: the program's demo
 * may place sessions for them). Written straight into the tables, so no demo email is queued.
 */

const at = (email: string) => `${email}@demo.smhcommons.org`;

interface DemoProposal {
  title: string;
  abstract: string;
  objectives: string[];
  format: ProposalFormat;
  by: string;
  organisation: string;
}

const UPCOMING: DemoProposal[] = [
  {
    title: "Universal screening without the paperwork pile-up",
    abstract:
      "How an elementary team moved twice-yearly screening onto one page and acted on it within two weeks.",
    objectives: [
      "Plan a universal screening calendar",
      "Set decision rules for follow-up",
      "Share results with families",
    ],
    format: "workshop",
    by: "school.lead",
    organisation: "Harbor Point Elementary School",
  },
  {
    title: "Family partners at the table: what changed when parents co-led the team",
    abstract:
      "Lessons from a year of family co-leadership on a school mental health team, in English and Spanish.",
    objectives: ["Describe three roles for family partners", "Plan bilingual team meetings"],
    format: "panel",
    by: "family",
    organisation: "Harbor Point Elementary School",
  },
  {
    title: "Reading your quality assessment as a district",
    abstract: "Turning domain scores from many schools into two district priorities and a PDSA cycle.",
    objectives: ["Compare domain scores across schools", "Choose a change idea to test"],
    format: "presentation",
    by: "district.lead",
    organisation: "Chesapeake Bend Public Schools",
  },
  {
    title: "Five-minute check-ins that teachers keep doing",
    abstract: "A lightning tour of a classroom check-in routine that survived the whole school year.",
    objectives: ["Run a five-minute check-in"],
    format: "lightning_talk",
    by: "educator",
    organisation: "Independent educator",
  },
];

export const DEMO_PAST_ACCEPTED: DemoProposal[] = [
  {
    title: "Building a multi-tiered system of support from the ground up",
    abstract: "A district's three-year path from scattered services to a tiered system.",
    objectives: ["Map current supports to tiers", "Identify gaps in tier 2"],
    format: "presentation",
    by: "district.lead",
    organisation: "Chesapeake Bend Public Schools",
  },
  {
    title: "Youth voice in school mental health planning",
    abstract: "Students on the planning team: recruiting, preparing and listening to them.",
    objectives: ["Plan youth participation", "Avoid tokenism"],
    format: "workshop",
    by: "school.member",
    organisation: "Harbor Point Elementary School",
  },
];

async function demoUsers(db: Db) {
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(sql`${users.email} like '%@demo.smhcommons.org'`);
  return new Map(rows.map((r) => [r.email, r]));
}

async function insertProposal(
  db: Db,
  event: EventWithOrganiser,
  p: DemoProposal,
  person: { id: string; email: string; name: string },
  trackId: string | null,
  extra: Partial<typeof eventProposals.$inferInsert> = {},
) {
  const [row] = await db
    .insert(eventProposals)
    .values({
      eventId: event.id,
      submittedBy: person.id,
      status: "submitted",
      title: p.title,
      abstract: p.abstract,
      learningObjectives: p.objectives.join("\n"),
      audienceLevel: "intermediate",
      trackId,
      format: p.format,
      submittedAt: new Date(),
      ...extra,
    })
    .returning();
  await db.insert(eventProposalPresenters).values({
    proposalId: row!.id,
    position: 0,
    userId: person.id,
    name: person.name,
    organisation: p.organisation,
    email: person.email,
    bio: "",
  });
  return row!.id;
}

const guidance =
  "We welcome proposals from school teams, districts, states, families, youth and researchers. Review is blind: do not name presenters or their organisations in the title, abstract or objectives.";
const guidanceEs =
  "Recibimos propuestas de equipos escolares, distritos, estados, familias, jóvenes e investigadores. La evaluación es a ciegas: no nombre a los presentadores ni a sus organizaciones.";

export async function seedCallsDemo(db: Db): Promise<void> {
  const people = await demoUsers(db);
  const upcoming = await eventBySlug(db, DEMO_UPCOMING_CONFERENCE_SLUG);
  if (upcoming) await seedUpcoming(db, upcoming, people);
  const past = await eventBySlug(db, DEMO_PAST_CONFERENCE_SLUG);
  if (past) await seedPast(db, past, people);
}

type People = Awaited<ReturnType<typeof demoUsers>>;

async function seedUpcoming(db: Db, event: EventWithOrganiser, people: People) {
  const tracks = await eventTracksOf(db, event.id);
  // Open until 60 days before the conference, and at least 30 days from now.
  const beforeEvent = Date.parse(`${event.startsOn}T23:59:00Z`) - 60 * 86_400_000;
  await db.insert(eventCalls).values({
    eventId: event.id,
    formats: ["presentation", "workshop", "panel", "poster", "lightning_talk"],
    guidanceEn: guidance,
    guidanceEs,
    deadline: new Date(Math.max(beforeEvent, Date.now() + 30 * 86_400_000)),
    rubric: DEFAULT_RUBRIC,
  });
  const reviewers = [
    { email: at("state.lead"), organisation: "Maryland State Department of Education" },
    { email: at("peer.member"), organisation: "Osprey Landing Elementary School" },
    { email: at("admin"), organisation: "National Center" },
  ].filter((r) => people.has(r.email));
  for (const r of reviewers)
    await db
      .insert(eventReviewers)
      .values({ eventId: event.id, userId: people.get(r.email)!.id, organisation: r.organisation });
  for (const [i, p] of UPCOMING.entries()) {
    const person = people.get(at(p.by));
    if (!person) continue;
    const id = await insertProposal(db, event, p, person, tracks[i % Math.max(tracks.length, 1)]?.id ?? null);
    // Two reviewers each, never from the presenter's organisation; the first reviewer has scored.
    const eligible = reviewers.filter((r) => r.organisation !== p.organisation).slice(0, 2);
    for (const [j, r] of eligible.entries())
      await db.insert(eventReviews).values({
        proposalId: id,
        reviewerId: people.get(r.email)!.id,
        ...(j === 0 && i < 3
          ? {
              scores: { relevance: 4, evidence: 3 + (i % 2), practical: 5, equity: 4, clarity: 4 - (i % 2) },
              commentToPresenters: "Clear and practical; say more about how you measured the change.",
              submittedAt: new Date(),
            }
          : {}),
      });
  }
}

async function seedPast(db: Db, event: EventWithOrganiser, people: People) {
  const tracks = await eventTracksOf(db, event.id);
  const closed = new Date(Date.parse(`${event.startsOn}T23:59:00Z`) - 120 * 86_400_000);
  await db.insert(eventCalls).values({
    eventId: event.id,
    formats: ["presentation", "workshop", "panel", "poster", "lightning_talk"],
    guidanceEn: guidance,
    guidanceEs,
    deadline: closed,
    rubric: DEFAULT_RUBRIC,
  });
  for (const [i, p] of DEMO_PAST_ACCEPTED.entries()) {
    const person = people.get(at(p.by));
    if (!person) continue;
    const released = new Date(closed.getTime() + 30 * 86_400_000);
    await insertProposal(db, event, p, person, tracks[i]?.id ?? null, {
      submittedAt: new Date(closed.getTime() - 5 * 86_400_000),
      decision: "accept",
      releasedAt: released,
      response: "confirmed",
      respondedAt: new Date(released.getTime() + 2 * 86_400_000),
    });
  }
}
