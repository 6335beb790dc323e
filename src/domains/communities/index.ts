import type { Domain } from "../../platform/domain";
import routes from "./routes";

export const communitiesDomain: Domain = {
  name: "communities",
  routes,
};
