import { WORKER_SOURCE } from "./worker-source.js";

/** The part of a Node or browser worker that the pool uses. */
export interface PoolWorker {
  postMessage(message: unknown): void;
  /** Resolves with the worker's first message, rejects on its error event. */
  readonly firstMessage: Promise<{ ready?: boolean; error?: string }>;
  terminate(): void;
}

const isNode = (): boolean => typeof process !== "undefined" && process.versions?.node !== undefined;

/**
 * Starts one worker running {@link WORKER_SOURCE}: a `worker_threads` eval worker in Node
 * (unref'd, so an idle pool never keeps the process alive), a Blob-URL Worker in browsers.
 */
export async function spawnWorker(): Promise<PoolWorker> {
  if (isNode()) {
    const { Worker } = await import("node:worker_threads");
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    const firstMessage = new Promise<{ ready?: boolean; error?: string }>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    return {
      postMessage: (m) => worker.postMessage(m),
      firstMessage,
      terminate: () => void worker.terminate(),
    };
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  const firstMessage = new Promise<{ ready?: boolean; error?: string }>((resolve, reject) => {
    worker.addEventListener("message", (e) => resolve(e.data), { once: true });
    worker.addEventListener("error", (e) => reject(new Error(e.message)), { once: true });
  });
  return { postMessage: (m) => worker.postMessage(m), firstMessage, terminate: () => worker.terminate() };
}

/** Whether this context can run a pool: shared wasm memory and workers (in browsers, crossOriginIsolated). */
export function threadsAvailable(): boolean {
  if (typeof SharedArrayBuffer === "undefined" || typeof Atomics === "undefined") return false;
  if (isNode()) return true;
  return (
    typeof Worker !== "undefined" &&
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true
  );
}

/** Cores of this machine (`os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in browsers). */
export async function coreCount(): Promise<number> {
  if (isNode()) {
    const os = await import("node:os");
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}
