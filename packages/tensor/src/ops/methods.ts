// The ops `Tensor` exposes as methods. Kept in one list so tensor.ts has a single import.
export * from "./activation.js";
export * from "./arithmetic.js";
export * from "./binary-cross-entropy.js";
export * from "./compare.js";
export {
  type Conv1dOptions,
  type Conv2dOptions,
  type ConvPadding,
  conv1d,
  conv2d,
  type IntPair,
} from "./conv.js";
export {
  type BackpropPadding,
  type Conv2dBackpropFilterOptions,
  type Conv2dBackpropInputOptions,
  conv2dBackpropFilter,
  conv2dBackpropInput,
} from "./conv-backward.js";
export { cast, clone, type TensorLike, toBackend } from "./convert.js";
export * from "./indexing.js";
export * from "./join.js";
export * from "./linear.js";
export * from "./matmul.js";
export * from "./optim-updates.js";
export * from "./pool.js";
export {
  type AvgPool2dBackwardOptions,
  avgPool2dBackward,
  type MaxPool2dBackwardOptions,
  maxPool2dBackward,
} from "./pool-backward.js";
export * from "./reduce.js";
export { sliceBackward } from "./slice-backward.js";
export * from "./softmax.js";
export * from "./unary.js";
export * from "./views.js";
