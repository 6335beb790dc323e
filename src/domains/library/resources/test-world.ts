import { PRIVATE_MARKER, type BaseWorld, type ParamRule } from "../../../../test/support/world";
import type { Actor } from "../../../platform/policy";
import { resourceBySlug } from "./repo";
import { createResource, reviewResource, shelfBySlug, submitForReview } from "./service";

/** The resources rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export interface ResourcesWorld {
  /**
   * A published, members-only resource on the private community's shelf, written by its lead and
   * approved by the admin: only the community's members read it, only its lead (and admins) edit it.
   */
  resourceSlug: string;
}

const actorOf = (user: { id: string; systemRole: Actor["systemRole"] }): Actor => ({
  userId: user.id,
  systemRole: user.systemRole,
  emailVerified: true,
  memberships: [],
});

export async function buildResourcesWorld(base: BaseWorld): Promise<ResourcesWorld> {
  const { db } = base.t;
  const lead = actorOf(base.users.privateLead);
  const shelf = await shelfBySlug(db, base.privateCommunity.slug, lead);
  if (!shelf) throw new Error("The world's private community has no shelf for its lead.");
  const created = await createResource(db, lead, shelf, {
    title: `${PRIVATE_MARKER} screening guide`,
    type: "guide",
    language: "en",
    summary: `${PRIVATE_MARKER}: how the group screens, for its members only.`,
    year: 2026,
    domainKeys: ["screening"],
    tiers: [1],
    audiences: ["educator"],
    communityOnly: true,
  });
  await submitForReview(db, lead, (await resourceBySlug(db, created.slug))!);
  await reviewResource(db, actorOf(base.users.admin), (await resourceBySlug(db, created.slug))!, {
    decision: "approve",
  });
  return { resourceSlug: created.slug };
}

export const resourcesParamRules: ParamRule[] = [
  { param: "resourceSlug", value: (w) => w.library.resources.resourceSlug },
  { param: "shelfSlug", value: (w) => w.privateCommunity.slug },
  { param: "versionNumber", value: () => "1" },
];
