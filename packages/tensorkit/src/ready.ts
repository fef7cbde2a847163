import { createCpuBackend } from "@tensorkit/backend-cpu";
import { createWasmBackend } from "@tensorkit/backend-wasm";
import { BackendError, listBackends, registerBackend, setBackend } from "@tensorkit/tensor";

/**
 * Backends the umbrella knows, best first: wasm (SIMD kernels for every required and optional
 * kernel of the contract, several times faster than cpu on matmul, convnets and MLP training),
 * then cpu, which needs nothing but JavaScript and so is the fallback wherever WebAssembly SIMD
 * is unavailable. `await setBackend("cpu")` picks cpu explicitly.
 */
const BUILT_IN = [
  { name: "wasm", priority: 2, factory: createWasmBackend },
  { name: "cpu", priority: 1, factory: createCpuBackend },
] as const;

/**
 * Registers the backends that ship with tensorkit (those not registered already) and makes the
 * best one that initialises active. Returns its name. Call it once before computing.
 *
 * @example
 * ```ts
 * import * as tk from "tensorkit";
 * await tk.ready();                       // "wasm" (or "cpu" where WebAssembly SIMD is missing)
 * console.log(tk.matmul(tk.ones([2, 3]), tk.ones([3, 2])).toString());
 * ```
 */
export async function ready(): Promise<string> {
  const known = new Set(listBackends().map((b) => b.name));
  for (const b of BUILT_IN)
    if (!known.has(b.name)) registerBackend(b.name, b.factory, { priority: b.priority });
  const errors: string[] = [];
  for (const b of listBackends()) {
    try {
      await setBackend(b.name);
      return b.name;
    } catch (e) {
      errors.push(`${b.name}: ${(e as Error).message}`);
    }
  }
  throw new BackendError(`ready: no backend could be initialised (${errors.join("; ")})`);
}
