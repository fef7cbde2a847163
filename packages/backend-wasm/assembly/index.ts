// The wasm module of @tensorkit/backend-wasm. Memory above `heapBase()` belongs to the host's
// allocator; the module keeps only its static descriptor, geometry block and scratch tiles below it.

export * from "./conv";
export * from "./elementwise";
export { gemmF32, gemmF64, gemmScratchBytes } from "./gemm";
export * from "./gemm-shared";
export * from "./geometry";
export * from "./indexing";
export { DESC as descriptorPtr, MAXD as maxDims } from "./iter";
export * from "./optim";
export * from "./pool";
export * from "./reduce";
export * from "./softmax";

/** First byte the host may allocate. */
export function heapBase(): usize {
  return __heap_base;
}
