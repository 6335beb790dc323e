import type { Domain } from "../../platform/domain";
import { seedImprovementDemo } from "./demo";
import { networkJobs } from "./networks/reminders";
import routes from "./routes";

/**
 * Improvement: plans built from the measures, driver diagrams, PDSA cycles, run and control
 * charts, improvement-network shared measures and technical assistance.
 */
export const improvementDomain: Domain = {
  name: "improvement",
  routes,
  jobs: { ...networkJobs },
  seedDemo: seedImprovementDemo,
};
