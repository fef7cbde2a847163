import { describe, expect, it } from "vitest";
import { createWasmBackend as createEmbedded } from "../src/embedded.js";
import { sizeClass } from "../src/heap.js";
import { createWasmBackend, supportsRelaxedSimd, supportsSimd } from "../src/index.js";
import { view } from "./helpers.js";

describe("storage", () => {
  it("size classes waste at most a quarter and stay 16-byte aligned", () => {
    for (const n of [0, 1, 15, 16, 17, 64, 65, 100, 1000, 4097, 123_457, 2 ** 24 + 1]) {
      const c = sizeClass(n);
      expect(c).toBeGreaterThanOrEqual(n);
      expect(c % 16).toBe(0);
      if (n > 64) expect(c).toBeLessThanOrEqual(n * 1.25 + 16);
    }
  });

  it("reuses freed blocks of the same size class", async () => {
    const b = await createWasmBackend();
    const s = b.kernels.fill(100, 1, "float32");
    const ptr = s.ptr;
    b.kernels.free(s);
    const t = b.kernels.fill(100, 2, "float32");
    expect(t.ptr).toBe(ptr);
    expect(Array.from(b.kernels.read(t, "float32", 3))).toEqual([2, 2, 2]);
  });

  it("keeps every handle valid when memory grows", async () => {
    const b = await createWasmBackend();
    const first = b.kernels.write(Float32Array.of(1, 2, 3), "float32");
    const before = b.memoryInfo().capacity;
    const big = b.kernels.fill(16 * 2 ** 20, 0.5, "float32"); // 64 MiB: forces growth
    expect(b.memoryInfo().capacity).toBeGreaterThan(before);
    expect(Array.from(b.kernels.read(first, "float32", 3))).toEqual([1, 2, 3]);
    const sum = b.kernels.sum(view(big, "float32", [16 * 2 ** 20], [1]), [0]);
    expect(b.kernels.read(sum, "float32", 1)[0]).toBe(8 * 2 ** 20);
  });

  it("throws on a double free and on reading a freed storage", async () => {
    const b = await createWasmBackend();
    const s = b.kernels.fill(4, 0, "int32");
    b.kernels.free(s);
    expect(() => b.kernels.free(s)).toThrow(/freed twice/);
    expect(() => b.kernels.read(s, "int32", 4)).toThrow(/freed/);
    expect(() => b.kernels.exp(view(s, "float32", [4], [1]))).toThrow(/freed/);
  });
});

describe("loading", () => {
  it("loads the file build and the embedded build, which compute alike", async () => {
    for (const create of [createWasmBackend, createEmbedded]) {
      const b = await create();
      const s = b.kernels.write(Float32Array.of(1, 2, 3), "float32");
      const v = view(s, "float32", [3], [1]);
      expect(Array.from(b.kernels.read(b.kernels.mul(v, v), "float32", 3))).toEqual([1, 4, 9]);
    }
  });

  it("loads the four builds from files and embedded, threaded or not, computing alike", async () => {
    const n = 128; // 2 million multiply-adds: split when there are threads
    const data = Float32Array.from({ length: n * n }, (_, i) => ((i * 7) % 13) - 6);
    const product = async (
      create: typeof createWasmBackend,
      options: Parameters<typeof createWasmBackend>[0],
    ) => {
      const b = await create(options);
      const s = b.kernels.write(data, "float32");
      const v = view(s, "float32", [n, n], [n, 1]);
      const out = b.kernels.matmul!(v, v, { transposeA: false, transposeB: false });
      const result = { values: Array.from(b.kernels.read(out, "float32", n * n)), rounds: b.threadRounds };
      b.dispose?.();
      return result;
    };
    const reference = await product(createWasmBackend, { threads: 1, relaxedSimd: false });
    for (const create of [createWasmBackend, createEmbedded]) {
      for (const relaxedSimd of [false, true]) {
        for (const threads of [1, 2]) {
          const got = await product(create, { threads, relaxedSimd });
          expect(got.values).toEqual(reference.values); // integers: exact in any order
          expect(got.rounds).toBe(threads - 1);
        }
      }
    }
  });

  it("picks relaxed SIMD where the engine validates it, and plain SIMD when asked", async () => {
    // vitest runs this file with --experimental-wasm-relaxed-simd (vitest.config.ts)
    expect(supportsSimd()).toBe(true);
    expect(supportsRelaxedSimd()).toBe(true);
    expect((await createWasmBackend()).flavour).toBe("relaxed-simd");
    expect((await createWasmBackend({ relaxedSimd: false })).flavour).toBe("simd");
    expect((await createEmbedded({ relaxedSimd: false })).flavour).toBe("simd");
  });
});
