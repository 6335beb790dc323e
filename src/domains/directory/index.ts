import type { Domain } from "../../platform/domain";
import routes from "./routes";

export const directoryDomain: Domain = {
  name: "directory",
  routes,
};
