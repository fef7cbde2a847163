// @tensorkit/tensor: the public surface. Re-exports only.
export type {
  AnyBackend,
  ArgReduceKernel,
  AvgPool2dKernelOptions,
  Backend,
  BinaryKernel,
  CompareKernel,
  Conv2dKernelOptions,
  KernelTable,
  MatmulKernelOptions,
  OptionalKernelName,
  OptionalKernels,
  ReduceKernel,
  RequiredKernelName,
  RequiredKernels,
  UnaryKernel,
  View,
  Window2d,
} from "./backend/contract.js";
export { OPTIONAL_KERNELS, REQUIRED_KERNELS } from "./backend/contract.js";
export {
  type BackendFactory,
  type BackendInfo,
  backendName,
  findBackend,
  getBackend,
  listBackends,
  registerBackend,
  removeBackend,
  setBackend,
} from "./backend/registry.js";
export { windowOutputLength } from "./backend/window-length.js";
export {
  allocHostArray,
  bytesPerElement,
  DTYPES,
  type DType,
  type DTypeArrayMap,
  dtypeOfArray,
  isFloat,
  promoteTypes,
  type TypedArray,
} from "./core/dtype.js";
export {
  BackendError,
  DisposedError,
  DTypeError,
  IndexError,
  ShapeError,
  TensorkitError,
  ValueError,
} from "./core/errors.js";
export {
  type BackwardOptions,
  differentiable,
  type GradientEngine,
  gradientEngine,
  installGradientEngine,
} from "./core/grad-hooks.js";
export { type MemoryInfo, memory } from "./core/memory.js";
export { defaultGenerator, Generator, type GeneratorState, manualSeed } from "./core/random.js";
export { keep, tidy, untrack } from "./core/scope.js";
export {
  broadcastShapes,
  contiguousStrides,
  formatShape,
  isRowMajor,
  MAX_ELEMENTS,
  type Shape,
  sizeOf,
} from "./core/shape.js";
export { FormatError, SafetensorsError } from "./io/errors.js";
export { parseSafetensors, type SafetensorsContent, serializeSafetensors } from "./io/safetensors.js";
export { castIfNeeded } from "./ops/convert.js";
export * from "./ops/creation.js";
export { type LstmSequenceOptions, lstmSequence } from "./ops/lstm.js";
export * from "./ops/methods.js";
export * from "./ops/random.js";
export { type NestedArray, Tensor } from "./tensor.js";
