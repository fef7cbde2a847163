// @tensorkit/backend-conformance: the suite every backend runs. Re-exports only.
export { describeBackend } from "./describe-backend.js";
export {
  type ConformanceOptions,
  DEFAULT_TOLERANCE,
  type Tolerance,
  type ToleranceClass,
} from "./options.js";
