import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import { addMember } from "../../communities/membership/service";
import { buildCommunity } from "../../communities/test-factories";
import { addDays, periodStartOf, previousPeriodStart, today } from "./periods";
import { networkMeasures, networkTeams, networkValues } from "./schema";

/** The networks rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type NetworksWorld = {
  /** A CoIIN (a public community: its being public opens nothing of the network) led by the private lead. */
  network: { slug: string; id: string; teamId: string; measureId: string };
  /** A learning collaborative that invited school A's team, still waiting for its lead's answer. */
  invitingNetwork: { slug: string; teamId: string };
};

/**
 * School A's team is an active member of the CoIIN (its members read the network, its own
 * people report for it); the private lead leads it and the private member is in its community;
 * school B (A's peer), the district and the state are outside it.
 */
export async function buildNetworksWorld(base: BaseWorld): Promise<NetworksWorld> {
  const db = base.t.db;
  const { users, schoolA } = base;
  const network = await buildCommunity(db, {
    kind: "improvement_network",
    level: "national",
    nameEn: "World CoIIN",
    nameEs: "CoIIN del mundo",
    visibility: "public",
  });
  await addMember(db, network.id, users.privateLead.id, "lead");
  await addMember(db, network.id, users.privateMember.id, "member");
  const [team] = await db
    .insert(networkTeams)
    .values({
      communityId: network.id,
      organisationId: schoolA.id,
      letterIndex: 0,
      status: "active",
      invitedBy: users.privateLead.id,
      decidedBy: users.leadA.id,
      decidedAt: new Date(),
    })
    .returning();
  const lastMonth = previousPeriodStart(periodStartOf(today(), "month"), "month");
  const [measure] = await db
    .insert(networkMeasures)
    .values({
      communityId: network.id,
      name: "World screening follow-up",
      definition: "Students screened positive who were seen within 30 days, over those screened positive.",
      type: "proportion",
      period: "month",
      numeratorLabel: "Seen within 30 days",
      denominatorLabel: "Screened positive",
      startsOn: periodStartOf(addDays(lastMonth, -70), "month"),
    })
    .returning();
  await db.insert(networkValues).values({
    measureId: measure!.id,
    teamId: team!.id,
    periodStart: lastMonth,
    numerator: 12,
    denominator: 20,
    value: 0.6,
  });

  const inviting = await buildCommunity(db, {
    kind: "learning_collaborative",
    level: "state",
    nameEn: "World learning collaborative",
    nameEs: "Colaborativo del mundo",
  });
  await addMember(db, inviting.id, users.privateLead.id, "lead");
  const [invited] = await db
    .insert(networkTeams)
    .values({
      communityId: inviting.id,
      organisationId: schoolA.id,
      letterIndex: 0,
      invitedBy: users.privateLead.id,
    })
    .returning();
  return {
    network: { slug: network.slug, id: network.id, teamId: team!.id, measureId: measure!.id },
    invitingNetwork: { slug: inviting.slug, teamId: invited!.id },
  };
}

const INVITATION = /\/teams\/:teamId\/invitation$/;

/** How this capability's route parameters are filled from the world. */
export const networksParamRules: ParamRule[] = [
  { param: "networkSlug", url: INVITATION, value: (w) => w.improvement.networks.invitingNetwork.slug },
  { param: "networkSlug", value: (w) => w.improvement.networks.network.slug },
  { param: "teamId", url: INVITATION, value: (w) => w.improvement.networks.invitingNetwork.teamId },
  { param: "teamId", url: /^(\/api\/v1)?\/networks\//, value: (w) => w.improvement.networks.network.teamId },
];
