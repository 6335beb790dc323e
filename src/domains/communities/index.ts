import type { Domain } from "../../platform/domain";
import { seedCommunitiesDemo } from "./demo";
import { meetingJobs } from "./meetings/service";
import { notificationJobs } from "./notifications/service";
import routes from "./routes";

export const communitiesDomain: Domain = {
  name: "communities",
  routes,
  jobs: { ...notificationJobs, ...meetingJobs },
  seedDemo: seedCommunitiesDemo,
};
