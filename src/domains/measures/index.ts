import type { Domain } from "../../platform/domain";
import routes from "./routes";

export const measuresDomain: Domain = {
  name: "measures",
  routes,
};
