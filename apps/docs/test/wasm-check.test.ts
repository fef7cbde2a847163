import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { runWasmCheck } from "../src/wasm-check/check.js";

describe("the WebAssembly check page's logic, in Node", () => {
  it("loads backend-wasm, validates SIMD, and multiplies exactly", async () => {
    const r = await runWasmCheck();
    expect(r.simdSupported).toBe(true);
    // Node 20 runs relaxed SIMD only behind a flag; the build loaded must agree with the engine
    expect(r.flavour).toBe(r.relaxedSimdSupported ? "relaxed-simd" : "simd");
    expect(r.small).toEqual([[17], [39]]);
    expect(r.maxError).toBe(0);
    // Node always has shared memory and workers: one thread per core by default
    expect(r.threads).toBe(Math.min(availableParallelism(), 16));
    expect(r.ok).toBe(true);
  });
});
