import { ValueError } from "@tensorkit/tensor";
import type { Callback, Logs } from "../callback.js";
import { History } from "../history.js";
import { serializeCheckpoint } from "../io/checkpoint.js";
import { type SerializeModelOptions, serializeModel } from "../io/model-file.js";
import type { Trainer } from "../trainer.js";
import { consoleWarn, type MonitorMode, MonitorReader, resolveMode } from "./monitor.js";

/** Where {@link ModelCheckpoint} sends a checkpoint's bytes instead of a file (e.g. IndexedDB in a browser). */
export type CheckpointSink = (bytes: Uint8Array, info: CheckpointInfo) => void | Promise<void>;

/** What a {@link CheckpointSink} is told besides the bytes. */
export interface CheckpointInfo {
  /** The epoch just completed (0-based, as `onEpochEnd` numbers it). */
  readonly epoch: number;
  readonly logs: Logs;
  /** The file written to, when the checkpoint was given a path. */
  readonly path?: string;
}

/** Options of {@link ModelCheckpoint}, Keras' names and defaults. */
export interface ModelCheckpointOptions extends Omit<SerializeModelOptions, "history"> {
  /** The quantity that decides the best epoch. Default `"val_loss"`. */
  readonly monitor?: string;
  /** `"min"`, `"max"` or `"auto"` (from the metric's name). Default `"auto"`. */
  readonly mode?: MonitorMode;
  /** Save only when `monitor` improves on the best so far. Default false (save every epoch). */
  readonly saveBestOnly?: boolean;
  /** Save a model file (architecture + weights, no optimiser state) instead of a full checkpoint. Default false. */
  readonly saveWeightsOnly?: boolean;
  /** When to save: `"epoch"`, at the end of every epoch (the only frequency for now). */
  readonly saveFreq?: "epoch";
  /** The History of the epochs before this `fit` (a restored checkpoint's), so saved histories continue it. */
  readonly initialHistory?: History;
  /** The `seed` given to `fit`, recorded in checkpoints. */
  readonly seed?: number;
  /** Prints a line when it saves. Default false. */
  readonly verbose?: boolean;
  /** Where warnings and `verbose` lines go. Default `console.warn`. */
  readonly log?: (line: string) => void;
}

// A variable, not a literal, so that bundlers for the browser do not follow it into node:fs.
const NODE_ENTRY = "@tensorkit/train/node";

/**
 * Saves the model during training, as Keras' `ModelCheckpoint`: at the end of every epoch (or,
 * with `saveBestOnly`, when `monitor` improves) a checkpoint — weights, optimiser state, epoch
 * and History, see `serializeCheckpoint` — or with `saveWeightsOnly` a model file. Given a path
 * (Node), files are written atomically: a crash mid-save leaves the previous checkpoint intact.
 * The path may hold `{epoch}` (1-based, as Keras) and `{metric}` fields, with `:02d` or `:.4f`
 * formats: `"ckpt-{epoch:03d}-{val_loss:.3f}.safetensors"`. In a browser give a
 * {@link CheckpointSink} instead of a path.
 *
 * @example
 * ```ts
 * const checkpoint = new ModelCheckpoint("best.safetensors", { monitor: "val_accuracy", saveBestOnly: true });
 * await trainer.fit(x, y, { epochs: 50, validationSplit: 0.2, callbacks: [checkpoint] });
 * const { epoch } = await loadCheckpoint("best.safetensors", trainer); // the best epoch's state
 * ```
 */
export class ModelCheckpoint implements Callback {
  readonly monitor: string;
  readonly mode: "min" | "max";
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  /** The best monitored value so far (undefined before the first). */
  best: number | undefined;
  /** The path (or `"<sink>"`) last saved to, and its epoch. */
  lastSaved: { readonly path: string; readonly epoch: number } | undefined;
  readonly #target: string | CheckpointSink;
  readonly #options: ModelCheckpointOptions;
  readonly #reader: MonitorReader;
  readonly #log: (line: string) => void;
  #trainer: Trainer | undefined;
  #history = new History();

  constructor(target: string | CheckpointSink, options: ModelCheckpointOptions = {}) {
    if (typeof target !== "string" && typeof target !== "function")
      throw new ValueError("ModelCheckpoint: give a file path or an onSave(bytes, info) function");
    if (typeof target === "string" && target.length === 0)
      throw new ValueError("ModelCheckpoint: the path is empty");
    if ((options.saveFreq ?? "epoch") !== "epoch")
      throw new ValueError(
        `ModelCheckpoint: saveFreq must be "epoch", got ${JSON.stringify(options.saveFreq)}`,
      );
    this.#target = target;
    this.#options = options;
    this.monitor = options.monitor ?? "val_loss";
    this.mode = resolveMode("ModelCheckpoint", this.monitor, options.mode ?? "auto");
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.saveWeightsOnly = options.saveWeightsOnly ?? false;
    this.#log = options.log ?? consoleWarn;
    this.#reader = new MonitorReader("ModelCheckpoint", this.monitor, this.#log);
  }

  setTrainer(trainer: Trainer): void {
    this.#trainer = trainer;
  }

  onTrainBegin(): void {
    this.#history = new History();
    const initial = this.#options.initialHistory;
    if (initial) {
      initial.epoch.forEach((e, i) => {
        const logs: Logs = {};
        for (const [k, v] of Object.entries(initial.history)) if (v[i] !== undefined) logs[k] = v[i]!;
        this.#history.record(e, logs);
      });
    }
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    this.#history.record(epoch, logs);
    if (this.saveBestOnly) {
      const value = this.#reader.read(logs);
      if (value === undefined || Number.isNaN(value)) return;
      const better = this.best === undefined || (this.mode === "min" ? value < this.best : value > this.best);
      if (!better) return;
      this.best = value;
    }
    await this.#save(epoch, logs);
  }

  async #save(epoch: number, logs: Logs): Promise<void> {
    const trainer = this.#trainer;
    if (!trainer) throw new ValueError("ModelCheckpoint: used outside fit (no trainer was set)");
    const {
      monitor: _m,
      mode: _o,
      saveBestOnly: _b,
      saveWeightsOnly: _w,
      saveFreq: _f,
      initialHistory: _h,
      seed,
      verbose,
      log: _l,
      ...model
    } = this.#options;
    const bytes = this.saveWeightsOnly
      ? serializeModel(trainer, { ...model, history: this.#history })
      : serializeCheckpoint(trainer, {
          ...model,
          epoch: epoch + 1,
          history: this.#history,
          ...(seed === undefined ? {} : { seed }),
        });
    if (typeof this.#target === "function") {
      await this.#target(bytes, { epoch, logs });
      this.lastSaved = { path: "<sink>", epoch };
    } else {
      const path = formatPath(this.#target, epoch, logs);
      const node = (await import(/* @vite-ignore */ NODE_ENTRY)) as typeof import("../node.js");
      await node.writeFileAtomic(path, bytes);
      this.lastSaved = { path, epoch };
    }
    if (verbose) {
      const why = this.saveBestOnly ? ` (${this.monitor} improved to ${this.best})` : "";
      this.#log(
        `Epoch ${epoch + 1}: saved the ${this.saveWeightsOnly ? "model" : "checkpoint"} to ${this.lastSaved.path}${why}`,
      );
    }
  }
}

/** Fills `{epoch}` (1-based) and `{metric}` fields, with `:0Nd` or `:.Nf` formats, as Keras' filepath. */
export function formatPath(template: string, epoch: number, logs: Logs): string {
  return template.replace(
    /\{(\w+)(?::(0?)(\d*)d|:\.(\d+)f)?\}/g,
    (whole, key: string, zero, width, digits) => {
      const value = key === "epoch" ? epoch + 1 : logs[key];
      if (value === undefined) return whole;
      if (digits !== undefined) return value.toFixed(Number(digits));
      if (width) return String(Math.round(value)).padStart(Number(width), zero ? "0" : " ");
      return String(value);
    },
  );
}
