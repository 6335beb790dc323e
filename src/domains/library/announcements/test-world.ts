import type { BaseWorld, ParamRule } from "../../../../test/support/world";

/** The announcements rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type AnnouncementsWorld = Record<string, never>;

export async function buildAnnouncementsWorld(_base: BaseWorld): Promise<AnnouncementsWorld> {
  return {};
}

export const announcementsParamRules: ParamRule[] = [];
