/**
 * The measures domain's public face: what other domains, the seed, tests and benchmarks may use.
 * Each capability keeps its own operations (instruments/, responses/, reports/, dashboards/,
 * import/); this module names the ones that are meant to be reached from outside.
 */
export { qualityDomainSumsByYear } from "./dashboards/aggregates";
/** What the research domain reads to build de-identified school-level files. */
export {
  type ResearchFileQuery,
  type ResearchRow,
  researchDescriptorCounts,
  researchInstrumentVersionIds,
  researchRowsPage,
} from "./responses/research-rows";
export { rebuildAggregates } from "./dashboards/rebuild";
export { importProfiles } from "./import/service";
/** A response's domain scores, scored from its answers (the improvement domain picks a plan's domain by them). */
export { scoreAssessment } from "./instruments/scoring";
export {
  currentInstrument,
  getInstrument,
  type Instrument,
  listInstruments,
  seedInstruments,
} from "./instruments/service";
export {
  allAnswers,
  copyForwardProfile,
  getResponse,
  isSchoolYear,
  listResponses,
  MeasuresError,
  previousSchoolYear,
  type ResponseSummary,
  type ResponseView,
  responseStatuses,
  type SaveResult,
  type SectionState,
  saveSection,
  schoolYearOf,
  sectionState,
  startResponse,
  submitResponse,
  variantFor,
} from "./responses/service";
/** What cached pages of other domains name when they show measures figures (decision 011). */
export { measuresTags } from "./cache-tags";
export {
  type ScopeYearFigures,
  schoolAssessmentDomains,
  scopeFiguresByYear,
} from "./dashboards/public-figures";
export { type WorkDue, workDueFor } from "./responses/work-due";
export {
  isSharedBeyondDistrict,
  notSharedSql,
  schoolsNotSharing,
  type SharingChoice,
  setSharing,
  sharingChoices,
} from "./sharing/service";
