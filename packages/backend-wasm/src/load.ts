import { type WasmBackend, type WasmFlavour, wasmBackend } from "./backend.js";
import type { WasmExports } from "./exports.js";
import { ThreadPool, WasmThreadError } from "./threads/pool.js";
import { coreCount, threadsAvailable } from "./threads/spawn.js";

/** Options of `createWasmBackend`. */
export interface WasmBackendOptions {
  /**
   * Use the relaxed-SIMD build (fused multiply-add in matmul): `"auto"` (default) when the engine
   * validates it (Chromium, Firefox, Node ≥ 22; Node 20 with `--experimental-wasm-relaxed-simd`),
   * `true` to require it, `false` for the plain SIMD build.
   */
  readonly relaxedSimd?: "auto" | boolean;
  /**
   * Threads that split large kernels (matmul): `"auto"` (default) for one per core where threads
   * are available (Node; browsers on a crossOriginIsolated page), else 1; a number to set it
   * (1 runs everything on the calling thread, starts no worker and needs no shared memory).
   */
  readonly threads?: "auto" | number;
}

/** The four builds of the module: plain or relaxed SIMD, own memory or imported shared memory. */
export type WasmBuild = "simd" | "relaxed" | "simd-threads" | "relaxed-threads";

/** Where a build's bytes come from: compiled bytes, or a fetch response to compile as it streams. */
export interface WasmSource {
  readonly bytes: ArrayBufferView | ArrayBuffer | Response;
  /** The file, URL or entry the bytes came from, for error messages. */
  readonly where: string;
}

/** Thrown when the wasm module cannot be fetched, read, compiled or instantiated. */
export class WasmLoadError extends Error {
  override name = "WasmLoadError";
}

/** A module with one function `() -> v128` running `instructions`: validating it probes the engine. */
function probeModule(instructions: readonly number[]): Uint8Array<ArrayBuffer> {
  const body = [0x00, ...instructions, 0x0b]; // no locals, the instructions, end
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // magic, version
    ...[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b], // type section: () -> v128
    ...[0x03, 0x02, 0x01, 0x00], // function section: one function of type 0
    ...[0x0a, body.length + 2, 0x01, body.length, ...body], // code section: its body
  ]);
}

/** `v128.const 0`. */
const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const SIMD_PROBE = probeModule(V128_ZERO);
/** `f32x4.relaxed_madd` of three zeros: tells whether the engine runs relaxed SIMD without downloading the relaxed build. */
const RELAXED_PROBE = probeModule([...V128_ZERO, ...V128_ZERO, ...V128_ZERO, 0xfd, 0x85, 0x02]);

/** Whether this engine runs WebAssembly SIMD (v128), which every build of the backend needs. */
export function supportsSimd(): boolean {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

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

/** How many threads the options ask for, checked against what this context can run. */
export async function chooseThreads(options: WasmBackendOptions | undefined): Promise<number> {
  const want = options?.threads ?? "auto";
  if (want === "auto") return threadsAvailable() ? Math.max(1, Math.min(await coreCount(), 16)) : 1;
  if (!Number.isInteger(want) || want < 1 || want > 64) {
    throw new RangeError(
      `wasm backend: threads must be "auto" or an integer from 1 to 64, got ${String(want)}`,
    );
  }
  if (want > 1 && !threadsAvailable()) {
    throw new WasmThreadError(
      `wasm backend: threads: ${want} needs SharedArrayBuffer and Workers, which this page does not have; serve it crossOriginIsolated (Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp), or use threads: 1`,
    );
  }
  return want;
}

/**
 * Creates the backend the options ask for, reading the build it needs through `source`: the
 * plain or relaxed SIMD build, and with more than one thread its shared-memory variant, which
 * every worker instantiates too over the same memory.
 */
export async function createBackend(
  options: WasmBackendOptions | undefined,
  source: (build: WasmBuild) => Promise<WasmSource>,
): Promise<WasmBackend> {
  const flavour = chooseFlavour(options);
  const threads = await chooseThreads(options);
  const base = flavour === "relaxed-simd" ? "relaxed" : "simd";
  const build: WasmBuild = threads > 1 ? `${base}-threads` : base;
  const { bytes, where } = await source(build);
  let module: WebAssembly.Module;
  try {
    module =
      bytes instanceof Response
        ? await WebAssembly.compileStreaming(bytes)
        : await WebAssembly.compile(bytes as BufferSource);
  } catch (e) {
    throw new WasmLoadError(`wasm backend: could not compile ${where}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const memory =
    threads > 1 ? new WebAssembly.Memory({ initial: 32, maximum: 65536, shared: true }) : undefined;
  const imports = {
    env: {
      ...(memory ? { memory } : {}),
      abort(_msg: number, _file: number, line: number, column: number): never {
        throw new Error(`wasm backend: the module aborted at ${line}:${column}`);
      },
    },
  };
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(module, imports);
  } catch (e) {
    throw new WasmLoadError(`wasm backend: could not instantiate ${where}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const pool = memory ? await ThreadPool.start(module, memory, threads - 1) : null;
  return wasmBackend(instance.exports as unknown as WasmExports, flavour, pool);
}

/** Base64 to bytes, without Node's Buffer (browsers have `atob`). */
export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
