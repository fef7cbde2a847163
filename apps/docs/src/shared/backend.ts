import { createCpuBackend } from "@tensorkit/backend-cpu";
import { createWasmBackend, type WasmBackend } from "@tensorkit/backend-wasm";
import { findBackend, listBackends, registerBackend, setBackend } from "@tensorkit/tensor";

/** Which backend runs the page's training, as shown to the reader. */
export interface BackendChoice {
  /** `"wasm"` or `"cpu"`. */
  readonly name: string;
  /** For wasm: `"relaxed-simd"` (fused multiply-add) or `"simd"`. */
  readonly flavour: string | null;
  /** Why wasm is not in use, when it is not. */
  readonly fallbackReason: string | null;
  readonly crossOriginIsolated: boolean;
}

/**
 * Registers both backends and activates WebAssembly where it loads, else the TypeScript CPU
 * backend, keeping the reason so the page can say why.
 *
 * @example
 * ```ts
 * const { name, flavour } = await chooseBackend(); // "wasm", "relaxed-simd" in Chromium
 * ```
 */
export async function chooseBackend(): Promise<BackendChoice> {
  const known = new Set(listBackends().map((b) => b.name));
  if (!known.has("wasm")) registerBackend("wasm", createWasmBackend, { priority: 2 });
  if (!known.has("cpu")) registerBackend("cpu", createCpuBackend, { priority: 1 });
  const isolated = typeof crossOriginIsolated === "boolean" && crossOriginIsolated;
  try {
    await setBackend("wasm");
    const wasm = findBackend("wasm") as unknown as WasmBackend;
    return { name: "wasm", flavour: wasm.flavour, fallbackReason: null, crossOriginIsolated: isolated };
  } catch (e) {
    await setBackend("cpu");
    return {
      name: "cpu",
      flavour: null,
      fallbackReason: (e as Error).message,
      crossOriginIsolated: isolated,
    };
  }
}
