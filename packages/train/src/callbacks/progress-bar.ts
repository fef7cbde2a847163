import type { SingleBar } from "cli-progress";
import type { Callback, Logs } from "../callback.js";
import type { Trainer } from "../trainer.js";
import { formatLogs } from "./progress.js";

/** Where progress goes: a Node stream (`process.stdout`, `process.stderr`) or anything shaped like one. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** Epochs `fit` will run, for `Epoch 3/10` (`fit` passes it; else `Epoch 3`). */
  readonly epochs?: number;
  /** Batches per epoch; when unknown (a `DataLoader`), the first epoch's count is used from then on. */
  readonly batchesPerEpoch?: number;
  /** Default `process.stdout` (in a browser, `console.log` lines). */
  readonly stream?: ProgressStream;
  /** Draw a bar (true) or print plain lines (false). Default: whether `stream` is a terminal. */
  readonly tty?: boolean;
  /** In plain mode, print a progress line this often (ms) during a long epoch. Default 10,000. */
  readonly plainInterval?: number;
}

/** `850ms`, `12.3s`, `2m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

function defaultStream(): ProgressStream {
  const out = (globalThis as { process?: { stdout?: ProgressStream } }).process?.stdout;
  return out ?? { write: (text: string) => console.log(text.replace(/\n$/, "")), isTTY: false };
}

/**
 * Keras' `verbose: 1` progress: on a terminal, a bar per epoch (drawn by `cli-progress`) with the
 * batch count, elapsed time, ETA and the running loss and metrics, which becomes the epoch's
 * summary (with the `val_` metrics) when the epoch ends. Elsewhere (a pipe, a CI log, a browser)
 * it prints plain lines: one per epoch, and one every `plainInterval` during a long epoch.
 * `fit` adds one for `verbose: 1` (and for `"auto"` on a terminal).
 *
 * @example
 * ```ts
 * await trainer.fit(x, y, { epochs: 10, verbose: 0, callbacks: [new ProgressBar({ epochs: 10, stream: process.stderr })] });
 * // Epoch 3/10 ████████████░░░░░░░░ 63/125 | 1.2s ETA 1.1s | loss: 0.4210 - accuracy: 0.8750
 * ```
 */
export class ProgressBar implements Callback {
  readonly #stream: ProgressStream;
  readonly #tty: boolean;
  readonly #epochs: number | undefined;
  readonly #plainInterval: number;
  #total: number | undefined;
  #trainer: Trainer | undefined;
  #cli: typeof import("cli-progress") | undefined;
  #bar: SingleBar | undefined;
  #epoch = 0;
  #epochStart = 0;
  #lossSum = 0;
  #seen = 0;
  #batches = 0;
  #lastRender = 0;
  #lastPlain = 0;

  constructor(options: ProgressBarOptions = {}) {
    this.#stream = options.stream ?? defaultStream();
    this.#tty = options.tty ?? this.#stream.isTTY === true;
    this.#epochs = options.epochs;
    this.#total = options.batchesPerEpoch;
    this.#plainInterval = options.plainInterval ?? 10_000;
  }

  setTrainer(trainer: Trainer): void {
    this.#trainer = trainer;
  }

  async onTrainBegin(): Promise<void> {
    if (!this.#tty || this.#cli) return;
    // Loaded only for a terminal: browsers and pipes never need it.
    const mod = (await import("cli-progress")) as typeof import("cli-progress") & {
      default?: typeof import("cli-progress");
    };
    this.#cli = mod.default ?? mod;
  }

  #epochLabel(): string {
    return this.#epochs === undefined
      ? `Epoch ${this.#epoch + 1}`
      : `Epoch ${this.#epoch + 1}/${this.#epochs}`;
  }

  /** The running loss (size-weighted mean of the batch losses) and the trainer's running metrics. */
  #running(): Logs {
    const logs: Logs = { loss: this.#seen > 0 ? this.#lossSum / this.#seen : Number.NaN };
    for (const m of this.#trainer?.metrics ?? []) {
      try {
        logs[m.name] = m.compute();
      } catch {
        // A metric with nothing seen yet has no value to show.
      }
    }
    return logs;
  }

  onEpochBegin(epoch: number): void {
    this.#epoch = epoch;
    this.#epochStart = performance.now();
    this.#lastPlain = this.#epochStart;
    this.#lastRender = 0;
    this.#lossSum = 0;
    this.#seen = 0;
    this.#batches = 0;
    if (this.#tty && this.#cli) {
      const total = this.#total;
      const cli = this.#cli;
      this.#bar = new cli.SingleBar(
        {
          stream: this.#stream as NodeJS.WriteStream,
          format:
            total === undefined
              ? `${this.#epochLabel()} {value} batches | {duration_formatted} | {logs}`
              : `${this.#epochLabel()} {bar} {value}/{total} | {duration_formatted} ETA {eta_formatted} | {logs}`,
          barsize: 20,
          fps: 10,
          hideCursor: false,
          clearOnComplete: false,
          linewrap: false,
          etaBuffer: 50,
        },
        cli.Presets.shades_classic,
      );
      this.#bar.start(total ?? 0, 0, { logs: "" });
    }
  }

  onBatchEnd(_batch: number, logs: Logs): void {
    const size = logs.size ?? 1;
    this.#lossSum += (logs.loss ?? Number.NaN) * size;
    this.#seen += size;
    this.#batches++;
    const now = performance.now();
    if (this.#bar) {
      // Metrics are recomputed at most ten times a second: the bar redraws no faster.
      if (now - this.#lastRender >= 100) {
        this.#lastRender = now;
        this.#bar.update(this.#batches, { logs: formatLogs(this.#running()) });
      } else this.#bar.update(this.#batches);
    } else if (!this.#tty && now - this.#lastPlain >= this.#plainInterval) {
      this.#lastPlain = now;
      this.#line(
        `${this.#epochLabel()} - ${this.#count()} - ${formatDuration(now - this.#epochStart)} - ${formatLogs(this.#running())}`,
      );
    }
  }

  #count(): string {
    return this.#total === undefined ? `${this.#batches} batches` : `${this.#batches}/${this.#total}`;
  }

  #line(text: string): void {
    this.#stream.write(`${text}\n`);
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    const elapsed = performance.now() - this.#epochStart;
    if (this.#bar) {
      if (this.#total === undefined) this.#bar.setTotal(this.#batches);
      this.#bar.update(this.#batches, { logs: formatLogs(logs) });
      this.#bar.stop();
      this.#bar = undefined;
    } else {
      this.#line(
        `${this.#epochLabel()} - ${this.#count()} - ${formatDuration(elapsed)} - ${formatLogs(logs)}`,
      );
    }
    this.#total ??= this.#batches;
  }

  onTrainEnd(): void {
    // Training stopped mid-epoch (EarlyStopping on a batch, TerminateOnNaN): close the bar's line.
    this.#bar?.stop();
    this.#bar = undefined;
  }
}
