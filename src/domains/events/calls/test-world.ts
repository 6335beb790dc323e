import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import type { EventsWorld } from "../test-world";
import { eventCalls, eventProposalPresenters, eventProposals, eventReviewers, eventReviews } from "./schema";
import { DEFAULT_RUBRIC } from "./service";

/** The calls rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export interface CallsWorld {
  /** Submitted to the world's event by the private member (its presenter), assigned to the private lead. */
  proposalId: string;
}

/** The world's event gets an open call (deadline 60 days ahead), one proposal, one reviewer. */
export async function buildCallsWorld(
  base: BaseWorld,
  earlier: Pick<EventsWorld, "setup">,
): Promise<CallsWorld> {
  const db = base.t.db;
  const eventId = earlier.setup.eventId;
  const member = base.users.privateMember;
  const lead = base.users.privateLead;
  await db.insert(eventCalls).values({
    eventId,
    formats: ["presentation", "workshop", "panel", "poster", "lightning_talk"],
    guidanceEn: "Propose sessions on school mental health. Do not name presenters in the abstract.",
    deadline: new Date(Date.now() + 60 * 86_400_000),
    rubric: DEFAULT_RUBRIC,
  });
  const [proposal] = await db
    .insert(eventProposals)
    .values({
      eventId,
      submittedBy: member.id,
      status: "submitted",
      title: "World proposal on tiered supports",
      abstract: "How a district built tiered supports.",
      learningObjectives: "Describe a tiered support system\nPlan a universal screening",
      audienceLevel: "intermediate",
      trackId: earlier.setup.trackIds[0] ?? null,
      format: "presentation",
      submittedAt: new Date(),
    })
    .returning();
  await db.insert(eventProposalPresenters).values({
    proposalId: proposal!.id,
    position: 0,
    userId: member.id,
    name: member.name,
    organisation: "World presenters' institute",
    email: member.email,
    bio: "Presenter of the world's proposal.",
  });
  await db
    .insert(eventReviewers)
    .values({ eventId, userId: lead.id, organisation: "World reviewers' university" });
  await db.insert(eventReviews).values({ proposalId: proposal!.id, reviewerId: lead.id });
  return { proposalId: proposal!.id };
}

export const callsParamRules: ParamRule[] = [
  { param: "proposalId", value: (w) => w.events.calls.proposalId },
];
