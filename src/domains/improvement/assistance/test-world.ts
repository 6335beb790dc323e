import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import { taContacts, taEpisodes, taObjectives } from "./schema";

/** The assistance rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type AssistanceWorld = {
  /** School A's episode: accepted, provided by the state team's member, with a contact and an objective. */
  episodeId: string;
  objectiveId: string;
};

export async function buildAssistanceWorld(base: BaseWorld): Promise<AssistanceWorld> {
  const db = base.t.db;
  const [episode] = await db
    .insert(taEpisodes)
    .values({
      organisationId: base.schoolA.id,
      stateId: base.state.id,
      topic: "screening",
      need: "World TA need: choosing a screening measure",
      urgency: "soon",
      status: "accepted",
      intensity: "targeted",
      providerId: base.users.stateMember.id,
      requestedBy: base.users.leadA.id,
      requestedAt: new Date(Date.now() - 14 * 86_400_000),
      triagedAt: new Date(Date.now() - 13 * 86_400_000),
      hours: 1.5,
      contactCount: 1,
    })
    .returning();
  await db.insert(taContacts).values({
    episodeId: episode!.id,
    contactDate: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10),
    mode: "video",
    hours: 1.5,
    participants: { educators: 3, clinicians: 1 },
    summary: "World contact: reviewed screening options",
    loggedBy: base.users.stateMember.id,
  });
  const [objective] = await db
    .insert(taObjectives)
    .values({ episodeId: episode!.id, text: "World objective: pick a screener", status: "in_progress" })
    .returning();
  return { episodeId: episode!.id, objectiveId: objective!.id };
}

const ASSISTANCE = /^(\/api\/v1)?\/assistance\//;

/** How this capability's route parameters are filled from the world. */
export const assistanceParamRules: ParamRule[] = [
  { param: "teamId", url: ASSISTANCE, value: (w) => w.schoolA.id },
  { param: "episodeId", url: ASSISTANCE, value: (w) => w.improvement.assistance.episodeId },
  { param: "objectiveId", url: ASSISTANCE, value: (w) => w.improvement.assistance.objectiveId },
  { param: "stateId", url: ASSISTANCE, value: (w) => w.state.id },
  { param: "scopeId", url: ASSISTANCE, value: (w) => w.state.id },
];
