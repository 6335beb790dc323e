import type { Domain } from "../../platform/domain";
import { callsJobs } from "./calls/decisions";
import { seedEventsDemo } from "./demo";
import { creditJobs } from "./credit/service";
import routes from "./routes";

/**
 * Events: the annual conference, regional events, webinars and trainings — calls for proposals
 * with blind review, the program, registration and attendance, evaluations and continuing-
 * education certificates issued only for attendance recorded and evaluations completed.
 */
export const eventsDomain: Domain = {
  name: "events",
  routes,
  jobs: { ...callsJobs, ...creditJobs },
  seedDemo: seedEventsDemo,
};
