// @tensorkit/backend-cpu: the public surface. Re-exports only; importing registers nothing.
export { createCpuBackend } from "./backend.js";
