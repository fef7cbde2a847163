import {
  headPath as findHeadPath,
  type LayerLike,
  type Module,
  type Parameter,
  parameterLayers,
  replaceHead,
  unfreezeTop as unfreezeTopLayers,
} from "@tensorkit/nn";
import { type Tensor, ValueError } from "@tensorkit/tensor";
import type { Callback } from "./callback.js";
import type { Verbosity } from "./callbacks/progress.js";
import { History } from "./history.js";
import type { LossFn, LossName } from "./losses.js";
import type { MetricName } from "./metrics.js";
import { type OptimizerName, resolveOptimizer } from "./optimizers.js";
import { type BatchSource, compile, type FitOptions, type Trainer } from "./trainer.js";

/** Options of {@link fineTune}. */
export interface FineTuneOptions {
  /**
   * A new, freshly initialised head put in place of the model's (a number of classes, a layer
   * spec such as `dense(5)`, or a module). The old head is disposed. Omitted: the model's head
   * is trained as it is (you replaced it yourself).
   */
  readonly newHead?: number | LayerLike;
  /** Dotted path of the head, when `headPath` of @tensorkit/nn cannot find it. */
  readonly headPath?: string;
  /**
   * What to freeze for the first phase: `"all"` (default) freezes everything but the head;
   * a number N freezes only the first N layers with parameters (the rest train at `baseLr`).
   */
  readonly freeze?: "all" | number;
  /** Epochs of phase 1 (the head, and any unfrozen layers). Default 10. */
  readonly headEpochs?: number;
  /** Layers with parameters (counted from the top of the base) to unfreeze for phase 2. Default 0: no phase 2. */
  readonly unfreezeTop?: number;
  /** Epochs of phase 2. Default `headEpochs`. */
  readonly fineTuneEpochs?: number;
  /** Learning rate of the head (both phases). Default: the optimiser's Keras default (Adam 1e-3). */
  readonly lr?: number;
  /** Learning rate of the pretrained layers that train. Default `lr / 10`. */
  readonly baseLr?: number;
  /** Default "adam". */
  readonly optimizer?: OptimizerName;
  /** Default "crossEntropy" (logits and class indices). */
  readonly loss?: LossName | LossFn;
  /** Default ["accuracy"]. */
  readonly metrics?: readonly MetricName[];
  /** Keep BatchNorm layers frozen (in inference mode) when unfreezing, as Keras advises. Default true. */
  readonly keepBatchNormFrozen?: boolean;
  readonly batchSize?: number;
  readonly validationData?: readonly [Tensor, Tensor];
  readonly validationSplit?: number;
  readonly callbacks?: readonly Callback[];
  /** Default 0 (silent). */
  readonly verbose?: Verbosity;
  /** Seed of the shuffling. Default 0. */
  readonly seed?: number;
}

/** One phase of a {@link fineTune} run. */
export interface FineTunePhase {
  readonly phase: "head" | "fineTune";
  /** Epochs run (fewer than asked when a callback stopped training). */
  readonly epochs: number;
  /** Dotted names of the layers that trained in this phase. */
  readonly trainableLayers: string[];
  /** Scalar parameters that trained in this phase. */
  readonly trainableParams: number;
}

/** What {@link fineTune} returns. */
export interface FineTuneResult {
  /** Both phases' epochs in one History, numbered on from phase 1 (as Keras' `initial_epoch`). */
  readonly history: History;
  /** The trainer of the run: `evaluate` and `predict` on it; its optimiser holds one group per learning rate. */
  readonly trainer: Trainer;
  readonly phases: FineTunePhase[];
  /** Dotted path of the head. */
  readonly headPath: string;
}

/**
 * Keras' transfer-learning recipe in one call. Phase 1: (optionally) put a new head in place,
 * freeze the base (`freeze: "all"`, or its first N layers) and train for `headEpochs` at `lr`.
 * Phase 2 (when `unfreezeTop` > 0): unfreeze the top N layers of the base (BatchNorm stays
 * frozen, in inference mode) and train `fineTuneEpochs` more, the unfrozen layers at the lower
 * `baseLr` in their own parameter group of the same optimiser, the head still at `lr`.
 *
 * The optimiser always covers exactly the parameters that train: the newly unfrozen layers are
 * added to it as a parameter group (PyTorch's `add_param_group`), so there is no Keras "forgot to
 * recompile after changing `trainable`" trap. Frozen parameters are never in the optimiser and
 * stay bit-for-bit unchanged; frozen BatchNorm statistics too.
 *
 * @example
 * ```ts
 * const { model } = await loadPretrained("mnist-cnn-digits-0-4");
 * const { trainer, history } = await fineTune(model, [xTrain, yTrain], {
 *   newHead: 5, headEpochs: 20, unfreezeTop: 1, fineTuneEpochs: 10, lr: 1e-3, baseLr: 1e-4,
 * });
 * trainer.evaluate(xTest, yTest); // { loss: …, accuracy: … }
 * ```
 */
export async function fineTune(
  model: Module<[Tensor], Tensor>,
  data: readonly [Tensor, Tensor] | BatchSource,
  options: FineTuneOptions = {},
): Promise<FineTuneResult> {
  const headEpochs = options.headEpochs ?? 10;
  const top = options.unfreezeTop ?? 0;
  const fineTuneEpochs = options.fineTuneEpochs ?? headEpochs;
  checkCount("headEpochs", headEpochs);
  checkCount("unfreezeTop", top);
  checkCount("fineTuneEpochs", fineTuneEpochs);
  const freeze = options.freeze ?? "all";
  if (freeze !== "all") checkCount("freeze", freeze);
  const optimizerName = options.optimizer ?? "adam";
  const path = options.headPath ?? findHeadPath(model as unknown as Module<never[], unknown>);
  const root = model as unknown as Module<never[], unknown>;

  if (options.newHead !== undefined) replaceHead(root, options.newHead, { path }).dispose();
  const head = root.getSubmodule(path);
  const baseLayers = () => parameterLayers(root).filter(([, m]) => !isWithin(m, head));
  const available = baseLayers().length;
  if (freeze !== "all" && freeze > available)
    throw new ValueError(
      `fineTune: freeze ${freeze} is more than the ${available} layers with parameters below the head`,
    );
  root.trainable = true;
  if (freeze === "all") root.trainable = false;
  else for (const [, m] of baseLayers().slice(0, freeze)) m.trainable = false;
  head.trainable = true;

  // Phase 1's optimiser: the head at lr, any base layers left trainable at baseLr.
  const headParams = trainable(head);
  const lrOption = options.lr === undefined ? {} : { lr: options.lr };
  const optimizer = resolveOptimizer({ name: optimizerName, ...lrOption }, headParams);
  const lr = optimizer.paramGroups[0]!.lr;
  const baseLr = options.baseLr ?? lr / 10;
  const trainableBase = () => baseLayers().filter(([, m]) => trainable(m).length > 0);
  const phase1Base = trainableBase().flatMap(([, m]) => trainable(m));
  if (phase1Base.length > 0) optimizer.addParamGroup({ params: phase1Base, lr: baseLr });
  const trainer = compile(model, {
    optimizer,
    loss: options.loss ?? "crossEntropy",
    metrics: options.metrics ?? ["accuracy"],
  });

  const fitOptions = (epochs: number, initialEpoch: number): FitOptions => ({
    epochs,
    initialEpoch,
    verbose: options.verbose ?? 0,
    seed: options.seed ?? 0,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.validationData ? { validationData: options.validationData } : {}),
    ...(options.validationSplit === undefined ? {} : { validationSplit: options.validationSplit }),
    ...(options.callbacks ? { callbacks: options.callbacks } : {}),
  });
  const run = (fit: FitOptions) =>
    Array.isArray(data) && data.length === 2 && isTensor(data[0])
      ? trainer.fit(data[0] as Tensor, data[1] as Tensor, fit)
      : trainer.fit(data as BatchSource, fit);
  const describe = (phase: FineTunePhase["phase"], epochs: number): FineTunePhase => {
    const layers = parameterLayers(root).filter(([, m]) => trainable(m).length > 0);
    return {
      phase,
      epochs,
      trainableLayers: layers.map(([n]) => n),
      trainableParams: model.numParameters({ trainableOnly: true }),
    };
  };

  const history = new History();
  const phases: FineTunePhase[] = [];
  const first = await run(fitOptions(headEpochs, 0));
  merge(history, first);
  phases.push(describe("head", first.epoch.length));

  if (top > 0 && !trainer.stopTraining) {
    const before = new Set(trainableBase().map(([, m]) => m));
    const keepBatchNormFrozen = options.keepBatchNormFrozen ?? true;
    try {
      unfreezeTopLayers(root, top, { keepBatchNormFrozen, exclude: [...head.modules(), ...before] });
    } catch (e) {
      // Name our option, not the helper's argument.
      throw new ValueError(`fineTune: unfreezeTop: ${(e as Error).message.replace(/^unfreezeTop: n/, "N")}`);
    }
    const unfrozen = trainableBase()
      .filter(([, m]) => !before.has(m))
      .flatMap(([, m]) => trainable(m));
    if (unfrozen.length > 0) optimizer.addParamGroup({ params: unfrozen, lr: baseLr });
    const second = await run(fitOptions(fineTuneEpochs, first.epoch.length));
    merge(history, second);
    phases.push(describe("fineTune", second.epoch.length));
  }
  return { history, trainer, phases, headPath: path };
}

function trainable(m: Module<never[], unknown>): Parameter[] {
  return m.parameters().filter((p) => p.requiresGrad);
}

function isWithin(m: Module<never[], unknown>, ancestor: Module<never[], unknown>): boolean {
  return ancestor.modules().includes(m);
}

function merge(into: History, from: History): void {
  from.epoch.forEach((epoch, i) => {
    const logs: Record<string, number> = {};
    for (const [k, v] of Object.entries(from.history)) logs[k] = v[i]!;
    into.record(epoch, logs);
  });
}

function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new ValueError(`fineTune: ${name} must be an integer ≥ 0, got ${n}`);
}

function isTensor(v: unknown): v is Tensor {
  return typeof v === "object" && v !== null && "shape" in v && "dtype" in v && "dataSync" in v;
}
