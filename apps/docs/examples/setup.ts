// #region setup
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, setBackend } from "@tensorkit/tensor";

registerBackend("cpu", createCpuBackend);
await setBackend("cpu");
// #endregion setup

/** Imported first by the other examples, so each runs on its own in `tsx` and in the tests. */
export const backend = "cpu";
