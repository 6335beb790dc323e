import type { Domain } from "../../platform/domain";
import { announcementJobs } from "./announcements/service";
import { seedLibraryDemo } from "./demo";
import { reachJobs } from "./reach/rollup";
import routes from "./routes";

/**
 * The library: resources (tools, guides, briefs) with a publishing workflow and files, the
 * screening and assessment catalogue, announcements, and reach counted by the COUNTER R5 rules.
 */
export const libraryDomain: Domain = {
  name: "library",
  routes,
  jobs: { ...announcementJobs, ...reachJobs },
  seedDemo: seedLibraryDemo,
};
