// Model selection: cross-validated grid and random search, with successive halving. Re-exports only.
export { type BuildContext, type ModelBuilder, mlpBuilder } from "./builder.js";
export { SearchSpaceError } from "./errors.js";
export { type SearchExecutor, sequentialExecutor } from "./executor.js";
export type { FoldJob, FoldOutcome, JobSettings, SearchMetric } from "./job.js";
export { type HalvingOptions, halvingSchedule, type Rung } from "./ranking.js";
export { SearchResult, type SearchResultJSON, type SearchRow } from "./result.js";
export {
  gridSearch,
  type RandomSearchOptions,
  randomSearch,
  type SearchOptions,
  type SearchProgress,
} from "./search.js";
export {
  type CandidateParams,
  type Choices,
  type Distribution,
  describeParams,
  formatParam,
  PARAM_KEYS,
  type ParamKey,
  type SearchSpace,
  validateSearchSpace,
} from "./space.js";
