import { createCpuBackend } from "@tensorkit/backend-cpu";
import { createWasmBackend } from "@tensorkit/backend-wasm";
import { getBackend, listBackends, registerBackend, setBackend, type Tensor } from "@tensorkit/tensor";

/** How an application example runs: its short CI setting or its documented full one. */
export interface RunOptions {
  /** The short setting CI runs (`--quick`): less data and fewer epochs, a lower floor. */
  readonly quick?: boolean;
}

/** `--quick` on the command line, as `pnpm example` and CI pass it. */
export function quickFromArgv(): boolean {
  return process.argv.includes("--quick");
}

/**
 * Registers both backends and selects `--backend <name>` from the command line, else wasm (the
 * faster of the two for these models, measured), falling back to cpu where WebAssembly is missing.
 */
export async function useBackend(): Promise<string> {
  // Only what is not registered yet: re-registering the active backend would drop it.
  const known = new Set(listBackends().map((b) => b.name));
  if (!known.has("cpu")) registerBackend("cpu", createCpuBackend);
  if (!known.has("wasm")) registerBackend("wasm", createWasmBackend);
  const flag = process.argv.indexOf("--backend");
  const wanted = flag >= 0 ? process.argv[flag + 1] : undefined;
  if (wanted) await setBackend(wanted);
  else {
    try {
      await setBackend("wasm");
    } catch {
      await setBackend("cpu");
    }
  }
  return getBackend().name;
}

/** A floor the metric must reach, or the example fails (CI reads the exit code). */
export class FloorError extends Error {
  override name = "FloorError";
}

/** Throws a {@link FloorError} naming the metric when `value` is under `floor`. */
export function assertFloor(example: string, metric: string, value: number, floor: number): void {
  if (!(value >= floor))
    throw new FloorError(`${example}: ${metric} ${value.toFixed(4)} is under its floor ${floor}`);
  console.log(`${example}: ${metric} ${value.toFixed(4)} ≥ floor ${floor} ✓`);
}

/**
 * A batch source for `fit` that re-iterates `batches` every epoch, maps each batch's inputs
 * through `transform` (an augmentation) and frees every batch once the step that used it is
 * done (fit does not free the batches of a source).
 */
export function mappedBatches(
  batches: Iterable<readonly [Tensor, Tensor]>,
  transform: (x: Tensor) => Tensor,
): Iterable<readonly [Tensor, Tensor]> {
  return {
    *[Symbol.iterator]() {
      for (const [xb, yb] of batches) {
        const xa = transform(xb);
        if (xa !== xb) xb.dispose();
        yield [xa, yb] as const;
        xa.dispose();
        yb.dispose();
      }
    },
  };
}

/** Seconds since `start` (a `performance.now()`), one decimal. */
export function seconds(start: number): string {
  return ((performance.now() - start) / 1000).toFixed(1);
}
