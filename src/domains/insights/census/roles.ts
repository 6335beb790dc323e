/**
 * The staffing roles of the census profile (items `staff.<role>.school|community`), in the order
 * the facts table keeps their FTE (migration 0001's insights_fte lists the same keys).
 */
export const CENSUS_ROLES = [
  "psychologist",
  "counselor",
  "social-worker",
  "nurse",
  "behavior-specialist",
  "family-peer-partner",
  "psychiatrist",
  "other-clinician",
] as const;
export type CensusRole = (typeof CENSUS_ROLES)[number];

export const TIERS = [1, 2, 3] as const;

/** The options of the profile's multiple-choice items the census counts. */
export const FUNDING_SOURCES = [
  "general",
  "medicaid",
  "private-insurance",
  "federal-grant",
  "state-grant",
  "local",
  "foundation",
  "other",
] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export const GRADES = ["PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"] as const;
