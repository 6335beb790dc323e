import type { Domain } from "../../platform/domain";
import routes from "./routes";

export const accountsDomain: Domain = {
  name: "accounts",
  routes,
};
