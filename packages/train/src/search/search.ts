import { KFold, StratifiedKFold } from "@tensorkit/data";
import type { ModuleConfig } from "@tensorkit/nn";
import { formatShape, Generator, ShapeError, type Tensor, ValueError } from "@tensorkit/tensor";
import type { Logs } from "../callback.js";
import type { LossName } from "../losses.js";
import type { Trainer } from "../trainer.js";
import { type BuildContext, type ModelBuilder, mlpBuilder } from "./builder.js";
import { type SearchExecutor, sequentialExecutor } from "./executor.js";
import {
  type FoldJob,
  type FoldOutcome,
  fitOnRows,
  greaterIsBetter,
  type JobSettings,
  type SearchMetric,
  scoreOnRows,
} from "./job.js";
import { type HalvingOptions, halvingSchedule, rankRows, survivors } from "./ranking.js";
import { meanStd, SearchResult, type SearchRow } from "./result.js";
import {
  type CandidateParams,
  describeParams,
  gridCandidates,
  randomCandidates,
  resolveSpace,
  type SearchSpace,
} from "./space.js";

/** Options of {@link gridSearch} and {@link randomSearch}. */
export interface SearchOptions {
  /** Inputs of the training part (the search never sees anything else until the final test). */
  readonly x: Tensor;
  /** Targets of the training part: int32 class indices for classification, floats for regression. */
  readonly y: Tensor;
  /** The held-out test part: the refitted best model is scored on it once, after the search. */
  readonly testData?: readonly [Tensor, Tensor];
  /** Default: classification when `y` is a 1-D int32 tensor, else regression. */
  readonly task?: "classification" | "regression";
  /** Default: `crossEntropy` (the models output logits) for classification, `mse` for regression. */
  readonly loss?: LossName;
  /** What to rank by. Default `accuracy` (classification) or `mse` (regression; lower is better). */
  readonly metric?: SearchMetric;
  /** Cross-validation folds (stratified for classification). Default 5. */
  readonly folds?: number;
  /** Seeds the folds, the random draws and every candidate's weights and batch order. Default 0. */
  readonly seed?: number;
  /** Successive halving over epochs: train every candidate briefly, keep the better half, train longer. */
  readonly halving?: boolean | HalvingOptions;
  /** Refit the best candidate on the whole training part (and test it). Default true. */
  readonly refit?: boolean;
  /** Makes a candidate's model. Default {@link mlpBuilder}. */
  readonly build?: ModelBuilder;
  /** Output units; default: the number of classes in `y` (classification) or `y`'s last axis. */
  readonly nOutputs?: number;
  /** Called after every fold job and refit, for progress displays. */
  readonly onProgress?: (event: SearchProgress) => void;
  /** Where fold jobs run. Default: one after another in this thread. */
  readonly executor?: SearchExecutor;
}

/** Options of {@link randomSearch}. */
export interface RandomSearchOptions extends SearchOptions {
  /** How many candidates to draw. */
  readonly trials: number;
}

/** A progress event: a fold job finished (`phase: "cv"`) or the refit did. */
export interface SearchProgress {
  readonly phase: "cv" | "refit";
  /** Jobs finished so far and in all (the refit counts as one). */
  readonly done: number;
  readonly total: number;
  readonly candidate: number;
  readonly fold: number;
  readonly rung: number;
  readonly rungs: number;
  /** Candidates in the search, and folds per candidate. */
  readonly candidates: number;
  readonly folds: number;
  /** The fold's score (cv), or the refitted model's test score (refit; NaN without test data). */
  readonly score: number;
}

/**
 * Exhaustive search over every combination of `space`, each scored by k-fold cross-validation
 * (stratified for classification) on the training part only, as scikit-learn's `GridSearchCV`.
 * The space is checked before any training: a bad entry throws {@link SearchSpaceError}.
 *
 * @example
 * ```ts
 * const result = await gridSearch(
 *   { hidden: [[8], [16, 8]], activation: ["relu", "tanh"], epochs: [40] },
 *   { x: xTrain, y: yTrain, testData: [xTest, yTest], folds: 5, seed: 0 },
 * );
 * result.best.params;  // { hidden: [16, 8], activation: "tanh", … }
 * result.best.meanScore; // mean CV accuracy, ± result.best.stdScore
 * result.testScore;      // the refitted best model on the test part
 * ```
 */
export async function gridSearch(space: SearchSpace, options: SearchOptions): Promise<SearchResult> {
  const resolved = resolveSpace(space, "grid");
  return search(gridCandidates(resolved), options);
}

/**
 * `trials` candidates drawn from `space` with a generator seeded by `options.seed` (lists
 * uniformly, distributions by their law), each scored as in {@link gridSearch}, as
 * scikit-learn's `RandomizedSearchCV`.
 *
 * @example
 * ```ts
 * const result = await randomSearch(
 *   { hidden: [[16], [32], [32, 16]], lr: { logUniform: [1e-3, 1e-1] }, dropout: { uniform: [0, 0.5] } },
 *   { x: xTrain, y: yTrain, trials: 10, seed: 7 },
 * );
 * ```
 */
export async function randomSearch(space: SearchSpace, options: RandomSearchOptions): Promise<SearchResult> {
  const resolved = resolveSpace(space, "random");
  if (!Number.isInteger(options.trials) || options.trials <= 0)
    throw new ValueError(`randomSearch: trials must be a positive integer, got ${options.trials}`);
  const seed = options.seed ?? 0;
  return search(randomCandidates(resolved, options.trials, deriveSeed(seed, STREAM_DRAWS)), options);
}

// Independent seed streams of one search, so that changing one use never shifts another.
const STREAM_DRAWS = 1;
const STREAM_FOLDS = 2;
const STREAM_REFIT = 3;
const STREAM_FOLD_JOBS = 100;

/** A seed for one use of a search seed: the same inputs always give the same seed. */
export function deriveSeed(seed: number, stream: number): number {
  // Two generator steps: the search seed picks a base, the stream number (< 4096) moves off it.
  const base = new Generator(seed).nextUint32();
  return new Generator(base * 4096 + stream).nextUint32();
}

async function search(candidates: CandidateParams[], options: SearchOptions): Promise<SearchResult> {
  const { x, y } = options;
  checkData(options);
  const folds = options.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2)
    throw new ValueError(`search: folds must be an integer ≥ 2, got ${folds}`);
  const seed = options.seed ?? 0;
  const task = options.task ?? (y.dtype === "int32" && y.rank === 1 ? "classification" : "regression");
  const settings: JobSettings = {
    loss: options.loss ?? (task === "classification" ? "crossEntropy" : "mse"),
    metric: options.metric ?? (task === "classification" ? "accuracy" : "mse"),
  };
  const context: BuildContext = {
    inputShape: x.shape.slice(1),
    nOutputs: options.nOutputs ?? outputsOf(y, task),
  };
  // Every architecture is built once before any training, so a space that cannot be built
  // fails now, naming the candidate, rather than after an hour of training.
  const configs = candidates.map((p, i) => configOf(options.build ?? mlpBuilder, p, context, i));

  const labels = task === "classification" ? classLabels(y) : undefined;
  const splitter = { nSplits: folds, shuffle: true, seed: deriveSeed(seed, STREAM_FOLDS) };
  const foldIndices = labels
    ? new StratifiedKFold(splitter).split(null, labels)
    : new KFold(splitter).split(x.shape[0]!);
  const foldRows = foldIndices.map(([fit, score]) => [Int32Array.from(fit), Int32Array.from(score)] as const);

  const schedule = halvingSchedule(candidates.length, options.halving);
  const refit = options.refit ?? true;
  const total = schedule.reduce((n, rung) => n + rung.keep * folds, 0) + (refit ? 1 : 0);
  let done = 0;
  const executor = options.executor ?? sequentialExecutor();
  const rows = new Map<number, Omit<SearchRow, "rank">>();
  let alive = candidates.map((_, i) => i);
  try {
    for (const [r, rung] of schedule.entries()) {
      const jobs: FoldJob[] = alive.flatMap((c) =>
        foldRows.map(([trainRows, scoreRows], fold) => ({
          candidate: c,
          fold,
          params: { ...candidates[c]!, epochs: rung.epochs(candidates[c]!.epochs) },
          config: configs[c]!,
          // The same seed for every candidate on a fold: candidates differ by their
          // configuration, not by their luck in initial weights and batch order.
          seed: deriveSeed(seed, STREAM_FOLD_JOBS + fold),
          trainRows,
          scoreRows,
        })),
      );
      const outcomes = await executor.run(x, y, jobs, settings, (o) =>
        options.onProgress?.({
          phase: "cv",
          done: ++done,
          total,
          candidate: o.candidate,
          fold: o.fold,
          rung: r,
          rungs: schedule.length,
          candidates: candidates.length,
          folds,
          score: o.score,
        }),
      );
      for (const c of alive)
        rows.set(c, rowOf(c, candidates[c]!, outcomes, r, rung.epochs(candidates[c]!.epochs)));
      alive = survivors(
        alive.map((c) => rows.get(c)!),
        schedule[r + 1]?.keep ?? alive.length,
        greaterIsBetter(settings.metric),
      );
    }
  } finally {
    if (!options.executor) await executor.close();
  }

  const table = rankRows([...rows.values()], greaterIsBetter(settings.metric));
  let trainer: Trainer | undefined;
  let testScore: number | null = null;
  let testLogs: Logs | null = null;
  if (refit) {
    const best = table[0]!;
    const all = Int32Array.from({ length: x.shape[0]! }, (_, i) => i);
    ({ trainer } = await fitOnRows(
      x,
      y,
      all,
      configs[best.candidate]!,
      best.params,
      deriveSeed(seed, STREAM_REFIT),
      settings,
    ));
    if (options.testData) {
      const [xt, yt] = options.testData;
      testScore = scoreOnRows(trainer, xt, yt, null, settings.metric);
      testLogs = trainer.evaluate(xt, yt);
    }
    options.onProgress?.({
      phase: "refit",
      done: ++done,
      total,
      candidate: best.candidate,
      fold: -1,
      rung: schedule.length - 1,
      rungs: schedule.length,
      candidates: candidates.length,
      folds,
      score: testScore ?? Number.NaN,
    });
  }
  return new SearchResult({
    metric: settings.metric,
    greaterIsBetter: greaterIsBetter(settings.metric),
    folds,
    seed,
    rungs: schedule.length,
    table,
    foldIndices,
    trainer,
    testScore,
    testLogs,
  });
}

function rowOf(
  candidate: number,
  params: CandidateParams,
  outcomes: readonly FoldOutcome[],
  rung: number,
  epochBudget: number,
): Omit<SearchRow, "rank"> {
  const mine = outcomes.filter((o) => o.candidate === candidate).sort((a, b) => a.fold - b.fold);
  const foldScores = mine.map((o) => o.score);
  const { mean, std } = meanStd(foldScores);
  return {
    candidate,
    params,
    meanScore: mean,
    stdScore: std,
    foldScores,
    fitSeconds: mine.reduce((s, o) => s + o.fitSeconds, 0),
    epochBudget,
    rung,
  };
}

function configOf(
  build: ModelBuilder,
  params: CandidateParams,
  context: BuildContext,
  index: number,
): ModuleConfig {
  let model: ReturnType<ModelBuilder> | undefined;
  try {
    model = build(params, context);
    return model.toConfig();
  } catch (e) {
    throw new ValueError(
      `search: candidate ${index} (${describeParams(params)}) cannot be built for samples of shape ${formatShape(context.inputShape)}: ${(e as Error).message}`,
    );
  } finally {
    model?.dispose();
  }
}

/** The class of each sample, for stratification: the label itself, or the hot index of a one-hot row. */
function classLabels(y: Tensor): number[] {
  const values = Array.from(y.dataSync() as ArrayLike<number>);
  if (y.rank === 1) return values;
  const n = y.shape[0]!;
  const width = y.size / n;
  return Array.from({ length: n }, (_, i) => {
    const row = values.slice(i * width, (i + 1) * width);
    return row.indexOf(Math.max(...row));
  });
}

function outputsOf(y: Tensor, task: "classification" | "regression"): number {
  if (y.rank > 1) return y.shape[y.rank - 1]!;
  if (task === "regression") return 1;
  return Math.max(-1, ...classLabels(y)) + 1;
}

function checkData({ x, y, testData }: SearchOptions): void {
  if (x.rank === 0 || y.rank === 0 || x.shape[0] !== y.shape[0])
    throw new ShapeError(
      `search: inputs ${formatShape(x.shape)} and targets ${formatShape(y.shape)} must have the same number of samples (first axis)`,
    );
  if (testData) {
    const [xt, yt] = testData;
    if (
      xt.rank !== x.rank ||
      xt.shape.slice(1).join() !== x.shape.slice(1).join() ||
      xt.shape[0] !== yt.shape[0]
    )
      throw new ShapeError(
        `search: testData ${formatShape(xt.shape)}, ${formatShape(yt.shape)} does not match the training part ${formatShape(x.shape)}, ${formatShape(y.shape)}`,
      );
  }
}
