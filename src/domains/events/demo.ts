import type { Db } from "../../platform/db/client";
import { seedSetupDemo } from "./setup/demo";
import { seedCallsDemo } from "./calls/demo";
import { seedProgramDemo } from "./program/demo";
import { seedRegistrationDemo } from "./registration/demo";
import { seedCreditDemo } from "./credit/demo";

/**
 * Demo events: a past conference (program, attendance, evaluations, certificates) and an
 * upcoming one with its call for proposals open. Each capability adds its rows, in this order,
 * after every other domain's demo data (people, teams, practice groups).
 */
export async function seedEventsDemo(db: Db): Promise<void> {
  await seedSetupDemo(db);
  await seedCallsDemo(db);
  await seedProgramDemo(db);
  await seedRegistrationDemo(db);
  await seedCreditDemo(db);
}
