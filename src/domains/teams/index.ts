import type { Domain } from "../../platform/domain";
import routes from "./routes";

export const teamsDomain: Domain = {
  name: "teams",
  routes,
};
