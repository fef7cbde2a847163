// The "Writing a backend" guide's backend, through the whole conformance suite.
// #region conformance
import { describeBackend } from "@tensorkit/backend-conformance";
import { createMyBackend } from "../examples/backend.js";

describeBackend("mine", createMyBackend);
// #endregion conformance
