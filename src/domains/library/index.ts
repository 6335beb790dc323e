import type { Domain } from "../../platform/domain";
import { announcementJobs } from "./announcements/service";
import { seedLibraryDemo } from "./demo";
import { reachJobs } from "./reach/rollup";
import { PUBLISH_DUE_JOB, publishDueResources } from "./resources/service";
import routes from "./routes";

/**
 * The library: resources (tools, guides, briefs) with a publishing workflow and files, the
 * screening and assessment catalogue, announcements, and reach counted by the COUNTER R5 rules.
 */
export const libraryDomain: Domain = {
  name: "library",
  routes,
  jobs: {
    ...announcementJobs,
    ...reachJobs,
    // Queued for the day an approved resource is scheduled; publishes whatever is due by then.
    [PUBLISH_DUE_JOB]: async (_payload, { db }) => {
      await publishDueResources(db, true);
    },
  },
  seedDemo: seedLibraryDemo,
};
