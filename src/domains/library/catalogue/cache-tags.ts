/**
 * What cached catalogue pages depend on, as announced by this capability's trigger (migration
 * 0001_change_notices): the catalogue is small and edited rarely, so one tag stands for all of it.
 */
export const catalogueTags = {
  any: "catalogue:any",
};
