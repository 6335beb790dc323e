import { tag } from "../../../platform/cache";

/** What cached library pages depend on, as this capability's triggers announce it (migration 0001). */
export const resourceTags = {
  /** One resource's row, versions and review trail. */
  resource: (id: string) => tag.of("library-resource", id),
  /** Any resource: lists, search and facets, "resources for this domain". */
  anyResource: "library:any",
};
