import type { Domain } from "../../platform/domain";
import { seedCommunitiesDemo } from "./demo";
import { meetingJobs } from "./meetings";
import { notificationJobs } from "./notifications";
import routes from "./routes";

export const communitiesDomain: Domain = {
  name: "communities",
  routes,
  jobs: { ...notificationJobs, ...meetingJobs },
  seedDemo: seedCommunitiesDemo,
};
