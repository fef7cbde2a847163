// @tensorkit/backend-wasm: the public surface. Re-exports only, plus the default loader.
import type { WasmBackend } from "./backend.js";
import {
  createBackend,
  type WasmBackendOptions,
  type WasmBuild,
  WasmLoadError,
  type WasmSource,
} from "./load.js";

export type { WasmBackend, WasmFlavour } from "./backend.js";
export { WasmMemoryError, WasmStorage } from "./heap.js";
export { supportsRelaxedSimd, supportsSimd, type WasmBackendOptions, WasmLoadError } from "./load.js";
export { WasmThreadError } from "./threads/pool.js";

/**
 * Creates the WebAssembly backend, loading `build/simd.wasm` (or `build/relaxed.wasm`, with fused
 * multiply-add, where the engine supports relaxed SIMD; their `-threads` variants over shared
 * memory when more than one thread runs, see {@link WasmBackendOptions.threads}) from beside this package: read with
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
export function createWasmBackend(options?: WasmBackendOptions): Promise<WasmBackend> {
  return createBackend(options, readBuild);
}

/** The URL of each build, written out so bundlers see every `new URL(…, import.meta.url)` asset. */
function buildUrl(build: WasmBuild): URL {
  switch (build) {
    case "simd":
      return new URL("../build/simd.wasm", import.meta.url);
    case "relaxed":
      return new URL("../build/relaxed.wasm", import.meta.url);
    case "simd-threads":
      return new URL("../build/simd-threads.wasm", import.meta.url);
    case "relaxed-threads":
      return new URL("../build/relaxed-threads.wasm", import.meta.url);
  }
}

/** A build's bytes: read with `node:fs` in Node, fetched in browsers. */
async function readBuild(build: WasmBuild): Promise<WasmSource> {
  const url = buildUrl(build);
  const isNode = typeof process !== "undefined" && process.versions?.node !== undefined;
  if (isNode && url.protocol === "file:") {
    try {
      const { readFile } = await import("node:fs/promises");
      return { bytes: await readFile(url), where: url.href };
    } catch (e) {
      throw new WasmLoadError(
        `wasm backend: could not read the module at ${decodeURIComponent(url.pathname)} (${(e as Error).message}); run \`pnpm build:wasm\` in packages/backend-wasm, or import "@tensorkit/backend-wasm/embedded"`,
        { cause: e },
      );
    }
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
  // compileStreaming needs the application/wasm MIME type; fall back to bytes without it
  const streaming = response.headers.get("content-type")?.startsWith("application/wasm");
  return { bytes: streaming ? response : await response.arrayBuffer(), where: url.href };
}
