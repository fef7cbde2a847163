// @tensorkit/backend-wasm: the public surface. Re-exports only, plus the default loader.
import type { WasmBackend } from "./backend.js";
import { chooseFlavour, instantiate, type WasmBackendOptions, WasmLoadError } from "./load.js";

export type { WasmBackend, WasmFlavour } from "./backend.js";
export { WasmMemoryError, WasmStorage } from "./heap.js";
export { supportsRelaxedSimd, type WasmBackendOptions, WasmLoadError } from "./load.js";

/**
 * Creates the WebAssembly backend, loading `build/simd.wasm` (or `build/relaxed.wasm`, with fused
 * multiply-add, where the engine supports relaxed SIMD) from beside this package: read with
 * `node:fs` in Node, fetched in browsers. The URL is `new URL("../build/….wasm", import.meta.url)`,
 * which Vite, webpack 5 and esbuild-based bundlers copy as an asset. If your setup cannot serve
 * the file, use `@tensorkit/backend-wasm/embedded`, which carries the module inline.
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend, tensor, matmul } from "@tensorkit/tensor";
 * import { createWasmBackend } from "@tensorkit/backend-wasm";
 *
 * registerBackend("wasm", createWasmBackend);
 * await setBackend("wasm");
 * matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])).toArray(); // [[17], [39]]
 * ```
 */
export async function createWasmBackend(options?: WasmBackendOptions): Promise<WasmBackend> {
  const flavour = chooseFlavour(options);
  const url =
    flavour === "relaxed-simd"
      ? new URL("../build/relaxed.wasm", import.meta.url)
      : new URL("../build/simd.wasm", import.meta.url);
  const isNode = typeof process !== "undefined" && process.versions?.node !== undefined;
  if (isNode && url.protocol === "file:") {
    let bytes: Uint8Array;
    try {
      const { readFile } = await import("node:fs/promises");
      bytes = await readFile(url);
    } catch (e) {
      throw new WasmLoadError(
        `wasm backend: could not read the module at ${decodeURIComponent(url.pathname)} (${(e as Error).message}); run \`pnpm build:wasm\` in packages/backend-wasm, or import "@tensorkit/backend-wasm/embedded"`,
        { cause: e },
      );
    }
    return instantiate(bytes, flavour, url.href);
  }
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new WasmLoadError(
      `wasm backend: could not fetch the module at ${url.href} (${(e as Error).message}); serve it as an asset, or import "@tensorkit/backend-wasm/embedded"`,
      { cause: e },
    );
  }
  if (!response.ok) {
    throw new WasmLoadError(
      `wasm backend: fetching the module at ${url.href} gave HTTP ${response.status}; serve it as an asset, or import "@tensorkit/backend-wasm/embedded"`,
    );
  }
  // instantiateStreaming needs the application/wasm MIME type; fall back to bytes without it
  const streaming = response.headers.get("content-type")?.startsWith("application/wasm");
  return instantiate(streaming ? response : await response.arrayBuffer(), flavour, url.href);
}
