import type { Db } from "../../platform/db/client";
import { seedAssistanceDemo } from "./assistance/demo";
import { seedChartsDemo } from "./charts/demo";
import { seedNetworksDemo } from "./networks/demo";
import { seedPlansDemo } from "./plans/demo";

/** Demo improvement work, after the measures' and communities' demo data exist. */
export async function seedImprovementDemo(db: Db): Promise<void> {
  await seedPlansDemo(db);
  await seedChartsDemo(db);
  await seedNetworksDemo(db);
  await seedAssistanceDemo(db);
}
