// tensorkit: the umbrella package. The tensor core is re-exported flat (it is what every program
// uses); each other package is a namespace. Importing registers nothing: call `ready()`.

export * as autograd from "@tensorkit/autograd";
export * as backendCpu from "@tensorkit/backend-cpu";
export * as backendWasm from "@tensorkit/backend-wasm";
export * as data from "@tensorkit/data";
export * as datasets from "@tensorkit/datasets";
export * as metrics from "@tensorkit/metrics";
export * as nn from "@tensorkit/nn";
export * as optim from "@tensorkit/optim";
export * from "@tensorkit/tensor";
export { ready } from "./ready.js";
