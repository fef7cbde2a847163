import {
  createWasmBackend,
  supportsRelaxedSimd,
  supportsSimd,
  type WasmBackend,
} from "@tensorkit/backend-wasm";
import {
  findBackend,
  listBackends,
  matmul,
  registerBackend,
  setBackend,
  tensor,
  tidy,
} from "@tensorkit/tensor";

/** What the WebAssembly check page reports. */
export interface WasmCheckResult {
  /** The engine validates a module using v128 (fixed-width SIMD). */
  readonly simdSupported: boolean;
  readonly relaxedSimdSupported: boolean;
  /** The build the backend loaded: `"relaxed-simd"` or `"simd"`; both are SIMD code. */
  readonly flavour: string;
  /** `[[1, 2], [3, 4]] · [[5], [6]]`, by the wasm backend (expected `[[17], [39]]`). */
  readonly small: number[][];
  /**
   * Largest |difference| of a 160×128·128×96 integer matmul from a plain-JS triple loop (exact in
   * float32, so 0); large enough to be split over the worker pool when there is one.
   */
  readonly maxError: number;
  /** Whether the page is cross-origin isolated (COOP + COEP headers), which shared memory needs. */
  readonly crossOriginIsolated: boolean;
  /** Threads the backend runs large kernels on: one per core on an isolated page, else 1. */
  readonly threads: number;
  readonly ok: boolean;
}

/** Integer matrices whose products are exact in float32, so any kernel must agree to the bit. */
function intMatrix(rows: number, cols: number, f: (r: number, c: number) => number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => f(r, c)));
}

/**
 * Loads `@tensorkit/backend-wasm` the way an app bundled with Vite does (the `.wasm` file is an
 * asset next to the page's scripts), runs matmuls on it and compares them with plain JavaScript.
 *
 * @example
 * ```ts
 * const r = await runWasmCheck(); // { flavour: "relaxed-simd", ok: true, … } in Chromium
 * ```
 */
export async function runWasmCheck(): Promise<WasmCheckResult> {
  if (!listBackends().some((b) => b.name === "wasm")) registerBackend("wasm", createWasmBackend);
  await setBackend("wasm");
  const backend = findBackend("wasm") as unknown as WasmBackend;
  const a = intMatrix(160, 128, (r, c) => ((r * 3 + c * 7) % 11) - 5);
  const b = intMatrix(128, 96, (r, c) => ((r * 5 + c * 2) % 9) - 4);
  const expected = a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
  const { small, product } = tidy(() => ({
    small: matmul(
      tensor([
        [1, 2],
        [3, 4],
      ]),
      tensor([[5], [6]]),
    ).toArray() as number[][],
    product: matmul(tensor(a), tensor(b)).toArray() as number[][],
  }));
  let maxError = 0;
  for (const [i, row] of product.entries())
    for (const [j, v] of row.entries()) maxError = Math.max(maxError, Math.abs(v - expected[i]![j]!));
  const result = {
    simdSupported: supportsSimd(),
    relaxedSimdSupported: supportsRelaxedSimd(),
    flavour: backend.flavour,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    threads: backend.threads,
    small,
    maxError,
  };
  return {
    ...result,
    ok: maxError === 0 && small[0]![0] === 17 && small[1]![0] === 39 && result.simdSupported,
  };
}
