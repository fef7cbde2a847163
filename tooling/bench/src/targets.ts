import { createRequire } from "node:module";
import { dirname } from "node:path";
import type { Case, Input, Setup, Tensorkit, Tfjs, Workload } from "./workload.js";

/**
 * A target is one library on one backend ("tensorkit-cpu", "tfjs-wasm"): the unit that takes
 * turns in the round-robin. Each workload runs on every target that has a setup for it.
 */
export interface Target {
  /** `"<library>-<backend>"`, as printed. */
  readonly id: string;
  readonly library: "tensorkit" | "tfjs";
  readonly backend: string;
  /** Makes this target's backend the active one of its library (called before setup and every run). */
  activate(): Promise<void>;
  /** Prepares a workload on this target, or returns undefined if the workload has no setup for its library. */
  prepare(workload: Workload, inputs: readonly Input[]): Promise<Case> | undefined;
  /** Live tensors of this target's library, to catch runs that leak. */
  numTensors(): number;
}

/** A backend of one library: its name and how to make it available. */
interface BackendEntry<Loaded> {
  readonly name: string;
  readonly load: () => Promise<Loaded>;
}

/**
 * tensorkit's backends, benchmarked in this order. Adding a backend is one line here (plus its
 * `workspace:*` dependency in package.json), e.g.
 * `{ name: "wasm", load: async () => (await import("@tensorkit/backend-wasm")).createWasmBackend },`
 */
const tensorkitBackends: readonly BackendEntry<Parameters<Tensorkit["registerBackend"]>[1]>[] = [
  { name: "cpu", load: async () => (await import("@tensorkit/backend-cpu")).createCpuBackend },
  // single-threaded, as TensorFlow.js's wasm backend runs in Node, so the two compare kernel for kernel
  {
    name: "wasm",
    load: async () => {
      const { createWasmBackend } = await import("@tensorkit/backend-wasm");
      return () => createWasmBackend({ threads: 1 });
    },
  },
  // the default: one thread per core, large kernels split over a worker pool
  {
    name: "wasm-threads",
    load: async () => (await import("@tensorkit/backend-wasm")).createWasmBackend,
  },
];

/** TensorFlow.js's backends: importing a backend package registers it with tfjs-core. */
const tfjsBackends: readonly BackendEntry<void>[] = [
  { name: "cpu", load: async () => void (await import("@tensorflow/tfjs-backend-cpu")) },
  {
    name: "wasm",
    load: async () => {
      const wasm = await import("@tensorflow/tfjs-backend-wasm");
      // Load the .wasm binaries from the package's own dist folder (fs.readFile, no network).
      // Without this tfjs would look next to the calling script.
      const entry = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
      wasm.setWasmPaths(`${dirname(entry)}/`);
    },
  },
];

/** What loading the targets found out: the usable targets, the versions, and what failed. */
export interface LoadedTargets {
  readonly targets: Target[];
  readonly versions: Record<string, string>;
  readonly warnings: string[];
}

/** Loads both libraries and initialises each backend once; a backend that fails is left out with a warning. */
export async function loadTargets(): Promise<LoadedTargets> {
  const targets: Target[] = [];
  const versions: Record<string, string> = {};
  const warnings: string[] = [];

  let tk: Tensorkit | undefined;
  try {
    tk = await import("@tensorkit/tensor");
    versions.tensorkit = packageVersion("@tensorkit/tensor");
  } catch (e) {
    warnings.push(`tensorkit left out: cannot load @tensorkit/tensor (${message(e)})`);
  }
  if (tk) {
    const api = tk;
    // Inputs come from the harness; the seed is for workloads that draw their own (e.g. weights).
    api.manualSeed(42);
    for (const entry of tensorkitBackends) {
      // memory() counts per backend under the name it was registered with.
      const backendName = entry.name;
      try {
        api.registerBackend(entry.name, await entry.load());
        await api.setBackend(entry.name);
        const wasm = api.findBackend(entry.name) as { flavour?: string; threads?: number };
        if (wasm.flavour) versions[`tensorkit-${entry.name}`] = `${wasm.flavour}, ${wasm.threads} thread(s)`;
      } catch (e) {
        warnings.push(`tensorkit-${entry.name} left out: ${message(e)}`);
        continue;
      }
      targets.push({
        id: `tensorkit-${entry.name}`,
        library: "tensorkit",
        backend: entry.name,
        activate: async () => void (await api.setBackend(entry.name)),
        prepare: (w, inputs) => call(w.tensorkit, api, inputs),
        // Per backend: the library-wide count would mix in the other backends' live inputs.
        numTensors: () => api.memory().backends[backendName]?.numTensors ?? 0,
      });
    }
  }

  const tf: Tfjs = await import("@tensorflow/tfjs-core");
  versions.tfjs = tf.version_core;
  // What a production app does; in 4.22 it only silences warnings (the "you are running
  // TensorFlow.js in Node.js" banner), it does not change any kernel.
  tf.enableProdMode();
  for (const entry of tfjsBackends) {
    try {
      await entry.load();
      if (!(await tf.setBackend(entry.name)))
        throw new Error(`tf.setBackend("${entry.name}") returned false`);
    } catch (e) {
      warnings.push(`tfjs-${entry.name} left out: ${message(e)}`);
      continue;
    }
    if (entry.name === "wasm") {
      const simd = tf.env().get("WASM_HAS_SIMD_SUPPORT") ? "simd" : "no simd";
      const threads = tf.env().get("WASM_HAS_MULTITHREAD_SUPPORT") ? "threads" : "1 thread";
      versions["tfjs-wasm"] = `${simd}, ${threads}`;
    }
    targets.push({
      id: `tfjs-${entry.name}`,
      library: "tfjs",
      backend: entry.name,
      activate: async () => void (await tf.setBackend(entry.name)),
      prepare: (w, inputs) => call(w.tfjs, tf, inputs),
      // Per backend (data buffers, which views share): tf.memory() would mix in the other backend.
      numTensors: () => tf.findBackend(entry.name)?.numDataIds() ?? 0,
    });
  }
  return { targets, versions, warnings };
}

/** Runs a setup as a promise, so that a synchronous throw becomes a rejection like any other. */
function call<Api>(
  setup: Setup<Api> | undefined,
  api: Api,
  inputs: readonly Input[],
): Promise<Case> | undefined {
  return setup ? (async () => setup(api, inputs))() : undefined;
}

function packageVersion(name: string): string {
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
