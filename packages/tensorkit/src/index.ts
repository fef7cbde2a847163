// tensorkit: the umbrella package. The tensor core is re-exported flat (it is what every program
// uses); each other package is a namespace. Importing registers nothing: call `ready()`.

export * as backendCpu from "@tensorkit/backend-cpu";
export * from "@tensorkit/tensor";
export { ready } from "./ready.js";
