import type { Db } from "../../platform/db/client";
import { seedInstruments } from "./instruments";

/**
 * Demo data of the measures domain. Instruments are reference data (the lead wires
 * seedInstruments into seedReferenceData); calling it here too keeps demo installs complete.
 */
export async function seedMeasuresDemo(db: Db): Promise<void> {
  await seedInstruments(db);
}
