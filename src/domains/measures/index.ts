import type { Domain } from "../../platform/domain";
import { seedMeasuresDemo } from "./demo";
import routes from "./routes";

export const measuresDomain: Domain = {
  name: "measures",
  routes,
  seedDemo: seedMeasuresDemo,
};
