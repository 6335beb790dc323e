import type { Domain } from "../../platform/domain";
import routes from "./routes";

/** Census insights: census roll-ups, trends and comparisons; the public national dashboard. */
export const insightsDomain: Domain = { name: "insights", routes };
