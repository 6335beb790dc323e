import { profile } from "./profile";
import { qualityAssessment } from "./quality";
import type { InstrumentDefinition } from "./types";

export * from "./types";

/** Every published instrument version. Add a new version as a new entry; never edit a published one's keys. */
export const INSTRUMENTS: InstrumentDefinition[] = [
  profile("school"),
  profile("district"),
  qualityAssessment("school"),
  qualityAssessment("district"),
];
