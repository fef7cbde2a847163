import type { Callback, Logs } from "../callback.js";
import { ProgressBar } from "./progress-bar.js";

/** Keras' `verbose`: 0 silent, 1 progress bar, 2 one line per epoch, "auto" 1 on a terminal else 2. */
export type Verbosity = 0 | 1 | 2 | "auto";

/** Formats logs as Keras prints them: `loss: 0.6931 - accuracy: 0.5000`. */
export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .map(([k, v]) => `${k}: ${Number.isInteger(v) && Math.abs(v) > 1 ? v : v.toFixed(4)}`)
    .join(" - ");
}

interface Stdout {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

function stdout(): Stdout | undefined {
  return (globalThis as { process?: { stdout?: Stdout } }).process?.stdout;
}

/** One line per epoch, to standard output: `Epoch 3/10 - 12ms - loss: 0.5123 - accuracy: 0.7500`. */
export class EpochLogger implements Callback {
  #started = 0;
  constructor(
    private readonly epochs: number,
    private readonly write: (line: string) => void = (line) => {
      const out = stdout();
      if (out) out.write(`${line}\n`);
      else console.log(line);
    },
  ) {}
  onEpochBegin(): void {
    this.#started = performance.now();
  }
  onEpochEnd(epoch: number, logs: Logs): void {
    const ms = Math.round(performance.now() - this.#started);
    this.write(`Epoch ${epoch + 1}/${this.epochs} - ${ms}ms - ${formatLogs(logs)}`);
  }
}

/**
 * The progress callbacks `fit` adds for a verbosity: 0 none; 1 a {@link ProgressBar} (a bar on
 * a terminal, plain lines elsewhere); 2 an {@link EpochLogger}; `"auto"` 1 when standard
 * output is a terminal, else 2 (as Keras' `"auto"`).
 */
export function defaultProgress(
  verbose: Verbosity,
  epochs: number,
  batchesPerEpoch: number | undefined,
): Callback[] {
  if (verbose === 0) return [];
  const level = verbose === "auto" ? (stdout()?.isTTY ? 1 : 2) : verbose;
  if (level === 1)
    return [new ProgressBar({ epochs, ...(batchesPerEpoch === undefined ? {} : { batchesPerEpoch }) })];
  return [new EpochLogger(epochs)];
}
