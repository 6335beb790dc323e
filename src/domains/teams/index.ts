import type { Domain } from "../../platform/domain";
import { seedTeamsDemo } from "./demo";
import routes from "./routes";

export const teamsDomain: Domain = {
  name: "teams",
  routes,
  seedDemo: seedTeamsDemo,
};
