// @tensorkit/backend-wasm/embedded: the same backend with both builds inlined as base64, for
// setups that cannot serve a .wasm file (no bundler asset handling, a single-file script).
import type { WasmBackend } from "./backend.js";
import relaxedBase64 from "./generated/relaxed.wasm.js";
import simdBase64 from "./generated/simd.wasm.js";
import { chooseFlavour, decodeBase64, instantiate, type WasmBackendOptions } from "./load.js";

export type { WasmBackend, WasmFlavour } from "./backend.js";
export { WasmMemoryError, WasmStorage } from "./heap.js";
export { supportsRelaxedSimd, type WasmBackendOptions, WasmLoadError } from "./load.js";

/**
 * Creates the WebAssembly backend from the module embedded in this entry: no file to serve, no
 * `fetch`, no bundler configuration, at the cost of a third more bytes and no streaming compile.
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend, tensor } from "@tensorkit/tensor";
 * import { createWasmBackend } from "@tensorkit/backend-wasm/embedded";
 *
 * registerBackend("wasm", createWasmBackend);
 * await setBackend("wasm");
 * tensor([1, 2, 3]).exp().toArray();
 * ```
 */
export async function createWasmBackend(options?: WasmBackendOptions): Promise<WasmBackend> {
  const flavour = chooseFlavour(options);
  const bytes = decodeBase64(flavour === "relaxed-simd" ? relaxedBase64 : simdBase64);
  return instantiate(bytes, flavour, `the embedded ${flavour} module`);
}
