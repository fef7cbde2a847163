// The wasm module of @tensorkit/backend-wasm. Memory above `heapBase()` belongs to the host's
// allocator; the module keeps only its static descriptor and scratch tiles below it.

export * from "./elementwise";
export * from "./gemm";
export * from "./indexing";
export { DESC as descriptorPtr, MAXD as maxDims } from "./iter";
export * from "./reduce";

/** First byte the host may allocate. */
export function heapBase(): usize {
  return __heap_base;
}
