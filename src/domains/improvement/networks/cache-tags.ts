import { tag } from "../../../platform/cache";

/** What cached network pages depend on, as this capability's triggers announce it (migration 0001). */
export const networkTags = {
  /** The network's settings, member teams, shared measures and shared changes. */
  network: (communityId: string) => tag.of("network", communityId),
  /** Which teams are in which networks (a person's list of networks). */
  anyNetwork: "network:any",
  /** The values reported for one shared measure. */
  measureValues: (measureId: string) => tag.of("network-measure", measureId),
};
