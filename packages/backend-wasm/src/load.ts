import { type WasmBackend, type WasmFlavour, wasmBackend } from "./backend.js";
import type { WasmExports } from "./exports.js";

/** Options of `createWasmBackend`. */
export interface WasmBackendOptions {
  /**
   * Use the relaxed-SIMD build (fused multiply-add in matmul): `"auto"` (default) when the engine
   * validates it (Chromium, Firefox, Node ≥ 22; Node 20 with `--experimental-wasm-relaxed-simd`),
   * `true` to require it, `false` for the plain SIMD build.
   */
  readonly relaxedSimd?: "auto" | boolean;
}

/** Thrown when the wasm module cannot be fetched, read, compiled or instantiated. */
export class WasmLoadError extends Error {
  override name = "WasmLoadError";
}

/**
 * The smallest module using `f32x4.relaxed_madd`: validating it tells whether the engine runs
 * relaxed SIMD without downloading the relaxed build first.
 */
const RELAXED_PROBE = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // magic, version
  0x01,
  0x05,
  0x01,
  0x60,
  0x00,
  0x01,
  0x7b, // type: () -> v128
  0x03,
  0x02,
  0x01,
  0x00, // one function of type 0
  0x0a,
  0x3d,
  0x01,
  0x3b,
  0x00, // code: one body of 59 bytes, no locals
  0xfd,
  0x0c,
  ...new Array<number>(16).fill(0),
  0xfd,
  0x0c,
  ...new Array<number>(16).fill(0),
  0xfd,
  0x0c,
  ...new Array<number>(16).fill(0),
  0xfd,
  0x85,
  0x02, // f32x4.relaxed_madd
  0x0b,
]);

/** Whether this engine runs WebAssembly relaxed SIMD. */
export function supportsRelaxedSimd(): boolean {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

/** Picks the build to load, honouring the option. */
export function chooseFlavour(options: WasmBackendOptions | undefined): WasmFlavour {
  const want = options?.relaxedSimd ?? "auto";
  if (want === false) return "simd";
  const ok = supportsRelaxedSimd();
  if (want === true && !ok) {
    throw new WasmLoadError(
      "wasm backend: relaxedSimd: true, but this engine does not support WebAssembly relaxed SIMD (on Node 20 run with --experimental-wasm-relaxed-simd)",
    );
  }
  return ok ? "relaxed-simd" : "simd";
}

/** Instantiates compiled bytes or a fetch response and wraps them as the backend. */
export async function instantiate(
  source: ArrayBufferView | ArrayBuffer | Response | Promise<Response>,
  flavour: WasmFlavour,
  where: string,
): Promise<WasmBackend> {
  const imports = {
    env: {
      abort(_msg: number, _file: number, line: number, column: number): never {
        throw new Error(`wasm backend: the module aborted at ${line}:${column}`);
      },
    },
  };
  let instance: WebAssembly.Instance;
  try {
    if (source instanceof Response || source instanceof Promise) {
      instance = (await WebAssembly.instantiateStreaming(source, imports)).instance;
    } else {
      instance = (await WebAssembly.instantiate(source as BufferSource, imports)).instance;
    }
  } catch (e) {
    throw new WasmLoadError(`wasm backend: could not instantiate ${where}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return wasmBackend(instance.exports as unknown as WasmExports, flavour);
}

/** Base64 to bytes, without Node's Buffer (browsers have `atob`). */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
