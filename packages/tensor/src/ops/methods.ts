// The ops `Tensor` exposes as methods. Kept in one list so tensor.ts has a single import.
export * from "./activation.js";
export * from "./arithmetic.js";
export * from "./compare.js";
export {
  type Conv1dOptions,
  type Conv2dOptions,
  type ConvPadding,
  conv1d,
  conv2d,
  type IntPair,
} from "./conv.js";
export { cast, clone, type TensorLike, toBackend } from "./convert.js";
export * from "./indexing.js";
export * from "./join.js";
export * from "./matmul.js";
export * from "./pool.js";
export * from "./reduce.js";
export * from "./softmax.js";
export * from "./unary.js";
export * from "./views.js";
