import type { Domain } from "../../platform/domain";
import routes from "./routes";

export const adminDomain: Domain = {
  name: "admin",
  routes,
};
