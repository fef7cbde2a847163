import { describeBackend } from "@tensorkit/backend-conformance";
import { createWasmBackend } from "../src/index.js";

// The suite again on the plain-SIMD build: what Node 20 without --experimental-wasm-relaxed-simd
// and older browsers load (the other file runs the relaxed build, which these tests' workers enable).
describeBackend("wasm-simd", () => createWasmBackend({ relaxedSimd: false }));
