import { type ModuleConfig, moduleFromConfig } from "@tensorkit/nn";
import { Generator, indexSelect, manualSeed, type Tensor, tensor } from "@tensorkit/tensor";
import type { Callback } from "../callback.js";
import { EarlyStopping } from "../callbacks/early-stopping.js";
import type { LossName } from "../losses.js";
import type { MetricName } from "../metrics.js";
import { compile, type Trainer } from "../trainer.js";
import type { CandidateParams } from "./space.js";

/**
 * One unit of a search: train one candidate's architecture on some rows of the training part
 * and score it on others. It is plain data (structured-cloneable), so that a worker thread can
 * run it exactly as the main thread would.
 */
export interface FoldJob {
  /** Index of the candidate in the search. */
  readonly candidate: number;
  /** The fold (0 … k-1). */
  readonly fold: number;
  /** The candidate's training configuration, with `epochs` set to this job's budget. */
  readonly params: CandidateParams;
  /** The architecture, as `model.toConfig()` wrote it. */
  readonly config: ModuleConfig;
  /** Seeds the initial weights, dropout, the batch order and the early-stopping hold-out. */
  readonly seed: number;
  readonly trainRows: Int32Array;
  readonly scoreRows: Int32Array;
}

/** What one job measured. */
export interface FoldOutcome {
  readonly candidate: number;
  readonly fold: number;
  /** The search metric on the job's scoring rows (NaN when training diverged). */
  readonly score: number;
  /** Seconds spent in `fit`. */
  readonly fitSeconds: number;
  /** Epochs actually run (fewer than the budget when early stopping fired). */
  readonly epochsRun: number;
}

/** How every job of one search trains and scores: the same for all of its candidates. */
export interface JobSettings {
  readonly loss: LossName;
  readonly metric: SearchMetric;
}

/** Metrics a search can rank by: `compile`'s metrics, or the loss itself. */
export type SearchMetric = MetricName | "loss";

/** Whether a larger value of `metric` is better. */
export function greaterIsBetter(metric: SearchMetric): boolean {
  return !(metric === "loss" || metric === "mse" || metric === "mae");
}

/** The training part of a search as plain typed arrays, for sending to worker threads. */
export interface SearchData {
  readonly x: { readonly data: Float32Array | Int32Array; readonly shape: readonly number[] };
  readonly y: { readonly data: Float32Array | Int32Array; readonly shape: readonly number[] };
}

/** A fraction of a fit's own training rows held out for early stopping (never the scoring rows). */
const EARLY_STOPPING_HOLDOUT = 0.1;

/**
 * Compiles a fresh model from `config` (weights drawn from `seed`) and fits it on `rows`.
 * The trainer is returned still owning its model and optimiser.
 */
export async function fitOnRows(
  x: Tensor,
  y: Tensor,
  rows: Int32Array,
  config: ModuleConfig,
  params: CandidateParams,
  seed: number,
  settings: JobSettings,
): Promise<{ trainer: Trainer; fitSeconds: number; epochsRun: number }> {
  // Every job seeds the generator itself: its result depends on its own seed only, not on which
  // jobs ran before it in this thread.
  manualSeed(seed);
  const model = moduleFromConfig(config) as unknown as Trainer["model"];
  const trainer = compile(model, {
    optimizer: { name: params.optimizer, lr: params.lr },
    loss: settings.loss,
    metrics: settings.metric === "loss" ? [] : [settings.metric],
  });
  const owned: Tensor[] = [];
  const take = (t: Tensor, r: Int32Array) => {
    const idx = tensor(r, { shape: [r.length] });
    const out = indexSelect(t, 0, idx);
    idx.dispose();
    owned.push(out);
    return out;
  };
  try {
    const callbacks: Callback[] = [];
    let fitRows = rows;
    let validationData: readonly [Tensor, Tensor] | undefined;
    if (params.patience !== null) {
      // A seeded shuffle, then the last 10 %: the rows are sorted, and their tail alone could be one class.
      const order = Int32Array.from(rows);
      const g = new Generator(seed);
      for (let i = order.length - 1; i > 0; i--) {
        const j = g.nextBelow(i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const cut = order.length - Math.max(1, Math.floor(order.length * EARLY_STOPPING_HOLDOUT));
      fitRows = order.subarray(0, cut);
      const held = order.subarray(cut);
      validationData = [take(x, held), take(y, held)];
      callbacks.push(
        new EarlyStopping({
          monitor: "val_loss",
          patience: params.patience,
          restoreBestWeights: true,
          log: () => {},
        }),
      );
    }
    const started = performance.now();
    const history = await trainer.fit(take(x, fitRows), take(y, fitRows), {
      epochs: params.epochs,
      batchSize: params.batchSize,
      seed,
      verbose: 0,
      callbacks,
      ...(validationData ? { validationData } : {}),
    });
    return { trainer, fitSeconds: (performance.now() - started) / 1000, epochsRun: history.epoch.length };
  } catch (e) {
    trainer.optimizer.dispose();
    model.dispose();
    throw e;
  } finally {
    for (const t of owned) t.dispose();
  }
}

/** The search metric of a trained model on `rows` (NaN when the model diverged). */
export function scoreOnRows(
  trainer: Trainer,
  x: Tensor,
  y: Tensor,
  rows: Int32Array | null,
  metric: SearchMetric,
): number {
  const idx = rows ? tensor(rows, { shape: [rows.length] }) : null;
  const xs = idx ? indexSelect(x, 0, idx) : x;
  const ys = idx ? indexSelect(y, 0, idx) : y;
  try {
    const logs = trainer.evaluate(xs, ys);
    const v = logs[metric];
    return typeof v === "number" ? v : Number.NaN;
  } finally {
    if (idx) for (const t of [idx, xs, ys]) t.dispose();
  }
}

/** Runs one job on the training part `x`, `y`: fit on its training rows, score on its scoring rows. */
export async function runJob(
  x: Tensor,
  y: Tensor,
  job: FoldJob,
  settings: JobSettings,
): Promise<FoldOutcome> {
  const { trainer, fitSeconds, epochsRun } = await fitOnRows(
    x,
    y,
    job.trainRows,
    job.config,
    job.params,
    job.seed,
    settings,
  );
  try {
    const score = scoreOnRows(trainer, x, y, job.scoreRows, settings.metric);
    return { candidate: job.candidate, fold: job.fold, score, fitSeconds, epochsRun };
  } finally {
    trainer.optimizer.dispose();
    trainer.model.dispose();
  }
}

/** Copies a tensor's values out for {@link SearchData}. */
export function toPlain(t: Tensor): SearchData["x"] {
  const data = t.dataSync();
  return {
    data:
      t.dtype === "int32"
        ? Int32Array.from(data as ArrayLike<number>)
        : Float32Array.from(data as ArrayLike<number>),
    shape: [...t.shape],
  };
}

/** A tensor back from {@link SearchData}. */
export function fromPlain(p: SearchData["x"]): Tensor {
  return tensor(p.data, { shape: [...p.shape], dtype: p.data instanceof Int32Array ? "int32" : "float32" });
}
