import { describeBackend } from "@tensorkit/backend-conformance";
import { createWasmBackend } from "../src/index.js";

// The suite again on the plain-SIMD build with its own (unshared) memory and no worker: what Node
// 20 without --experimental-wasm-relaxed-simd and pages that are not crossOriginIsolated load
// (the other file runs the default: the relaxed build, which these tests' workers enable, over
// shared memory with one thread per core).
describeBackend("wasm-simd", () => createWasmBackend({ relaxedSimd: false, threads: 1 }));
