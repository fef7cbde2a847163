import { expect } from "vitest";
import { registerBackend, setBackend } from "../../src/index.js";
import type { NestedArray, Tensor } from "../../src/tensor.js";
import { fusedKernels } from "./fused-kernels.js";
import { createTestBackend, type TestBackend } from "./reference-backend.js";

/**
 * Shared set-up of the op tests: two test backends, one with only the required kernels (ops run
 * their reference compositions) and one that adds naive fused kernels (ops call the kernels).
 */
export const compositionBackend = createTestBackend({}, "test-composition");
export const kernelBackend = createTestBackend(fusedKernels, "test-kernels");
registerBackend(compositionBackend.name, compositionBackend);
registerBackend(kernelBackend.name, kernelBackend);

/** `[label, backend]` pairs for `describe.each`. */
export const PATHS: [string, TestBackend][] = [
  ["composition", compositionBackend],
  ["fused kernels", kernelBackend],
];

/** Makes `backend` the one new tensors are created on. */
export async function use(backend: TestBackend): Promise<void> {
  await setBackend(backend.name);
}

/** `n` deterministic pseudo-random values in [-1, 1) (a small LCG: test data, not the code under test). */
export function randomValues(n: number, seed = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  });
}

/** Nested arrays flattened to numbers. */
export function flat(x: NestedArray): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [Number(x)];
}

/** Element-wise closeness with an absolute-plus-relative tolerance; NaN matches NaN. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      expect(a, `element ${i}`).toBe(e);
      continue;
    }
    expect(Math.abs(a - e), `element ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(tol * (1 + Math.abs(e)));
  }
}

/**
 * Runs `fn` and returns what it gives along with how many storages it left alive on `backend`:
 * an op that frees its temporaries leaves exactly its outputs (0 for a view).
 */
export function storagesLeft<T extends Tensor | Tensor[]>(
  backend: TestBackend,
  fn: () => T,
): { result: T; left: number } {
  const before = backend.liveStorages;
  const result = fn();
  return { result, left: backend.liveStorages - before };
}
