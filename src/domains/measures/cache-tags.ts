import { tag } from "../../platform/cache";

/**
 * What cached measures pages and lookups depend on, as announced by this domain's triggers
 * (migration 0001_change_notices explains each). Organisations' renames and removals, and new
 * instrument versions, announce '*'; people's own rows (their teams) announce their id.
 */
export const measuresTags = {
  /** A response: its status, its sections' answers and its stored scores. */
  response: (id: string) => tag.of("response", id),
  /**
   * Anything measured at or under an organisation: responses started or submitted, latest
   * scores, running sums, participation, schools added. Announced for every level above too.
   */
  under: (organisationId: string) => tag.of("measures", organisationId),
  person: tag.person,
};
