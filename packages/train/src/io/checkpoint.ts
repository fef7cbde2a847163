import type { Module } from "@tensorkit/nn";
import type { OptimizerStateDict } from "@tensorkit/optim";
import { serializeSafetensors, Tensor } from "@tensorkit/tensor";
import { History } from "../history.js";
import type { Trainer } from "../trainer.js";
import { ModelFileError } from "./errors.js";
import { disposeAll, metadataJSON, OPTIMIZER_PREFIX, readContainer } from "./format.js";
import {
  type LoadedModel,
  modelMetadata,
  modelTensors,
  readModelMetadata,
  type SerializeModelOptions,
} from "./model-file.js";
import { captureRngState, prepareRngRestore } from "./rng-state.js";

/** Options of {@link serializeCheckpoint} and `saveCheckpoint`. */
export interface CheckpointOptions extends Omit<SerializeModelOptions, "history"> {
  /** Epochs completed so far: the `initialEpoch` that resumes after this checkpoint. */
  readonly epoch: number;
  /** The History up to here; restored so the resumed run's curve continues it. */
  readonly history?: History;
  /** The `seed` given to `fit` (shuffle orders depend only on it and the epoch). */
  readonly seed?: number;
}

/** What {@link restoreCheckpoint} and `loadCheckpoint` return (the trainer itself is restored in place). */
export interface RestoredCheckpoint extends Omit<LoadedModel<never>, "model"> {
  /** Epochs completed: pass it as `fit(…, { initialEpoch })`. */
  readonly epoch: number;
  /** The History up to the checkpoint (empty when none was saved). */
  readonly history: History;
  /** The `fit` seed, when it was saved. */
  readonly seed: number | null;
}

/** A tensor in the checkpoint's optimizer JSON: the name of its safetensors entry. */
type TensorRef = { readonly $tensor: string };

/**
 * A training checkpoint as safetensors bytes: everything {@link serializeModel} writes, plus the
 * optimiser's state (its buffers as `optimizer.<n>.<buffer>` tensors, the rest as JSON), the
 * epochs completed, the History, the seed and the random generators' states (the default one and
 * any layer's own, for dropout masks), so that `fit(…, { initialEpoch: epoch })` after
 * {@link restoreCheckpoint} continues the same loss curve exactly. Browser-safe.
 *
 * @example
 * ```ts
 * const bytes = serializeCheckpoint(trainer, { epoch: 10, history });
 * ```
 */
export function serializeCheckpoint(trainer: Trainer, options: CheckpointOptions): Uint8Array {
  const { epoch, history, seed, ...rest } = options;
  if (!Number.isInteger(epoch) || epoch < 0)
    throw new TypeError(
      `serializeCheckpoint: epoch must be the number of epochs completed (an integer ≥ 0), got ${epoch}`,
    );
  const metadata = modelMetadata(trainer.model, trainer, history ? { ...rest, history } : rest);
  const dict = trainer.optimizer.stateDict();
  const tensors: Record<string, Tensor> = { ...trainer.model.stateDict() };
  const owned: Tensor[] = [];
  try {
    const state: Record<string, Record<string, number | TensorRef>> = {};
    for (const [index, entry] of Object.entries(dict.state)) {
      const out: Record<string, number | TensorRef> = {};
      for (const [name, value] of Object.entries(entry)) {
        if (value instanceof Tensor) {
          owned.push(value);
          const key = `${OPTIMIZER_PREFIX}${index}.${name}`;
          tensors[key] = value;
          out[name] = { $tensor: key };
        } else out[name] = value;
      }
      state[index] = out;
    }
    metadata.optimizer = JSON.stringify({
      class: trainer.optimizer.constructor.name,
      state,
      paramGroups: dict.paramGroups,
    });
    metadata.epoch = String(epoch);
    // The generators' states: the resumed run draws the dropout masks the uninterrupted one would.
    metadata.rng = JSON.stringify(captureRngState(trainer.model as Module<never[], unknown>));
    metadata.history = JSON.stringify(history ? history.toJSON() : { epoch: [], history: {} });
    if (seed !== undefined) metadata.seed = String(seed);
    return serializeSafetensors(tensors, metadata);
  } finally {
    // stateDict() hands out kept handles of the optimiser's buffers; free ours.
    for (const t of owned) t.dispose();
  }
}

/**
 * Restores a checkpoint from {@link serializeCheckpoint} into a trainer compiled for the same
 * architecture (checked) with the same kind of optimiser: weights, optimiser state, the random
 * generators' states (when the checkpoint has them) and, returned,
 * the epoch to resume from and the History so far. Throws a {@link ModelFileError} naming `source`
 * when the bytes are not a checkpoint of this model; the trainer is left unchanged then.
 *
 * @example
 * ```ts
 * const { epoch, history } = restoreCheckpoint(bytes, trainer);
 * const more = await trainer.fit(x, y, { epochs: 20 - epoch, initialEpoch: epoch });
 * ```
 */
export function restoreCheckpoint(
  bytes: Uint8Array,
  trainer: Trainer,
  options: { readonly source?: string } = {},
): RestoredCheckpoint {
  const source = options.source ?? "<bytes>";
  const { tensors, metadata } = readContainer(bytes, source);
  try {
    const info = readModelMetadata(metadata, source);
    const optimizer = metadataJSON(metadata, "optimizer", source) as
      | { class?: string; state?: Record<string, Record<string, number | TensorRef>>; paramGroups?: unknown }
      | undefined;
    const epoch = Number(metadata.epoch);
    if (
      !optimizer ||
      typeof optimizer.state !== "object" ||
      !Array.isArray(optimizer.paramGroups) ||
      !Number.isInteger(epoch)
    ) {
      throw new ModelFileError(
        source,
        "not-a-checkpoint",
        "is a model file, not a checkpoint: expected 'optimizer' and 'epoch' in its metadata (write checkpoints with saveCheckpoint or ModelCheckpoint)",
      );
    }
    const expected = JSON.stringify(trainer.model.toConfig());
    if (JSON.stringify(info.architecture) !== expected) {
      throw new ModelFileError(
        source,
        "mismatch",
        `is a checkpoint of another architecture: it has ${JSON.stringify(info.architecture)}, the trainer's model is ${expected}`,
      );
    }
    const cls = trainer.optimizer.constructor.name;
    if (optimizer.class !== cls) {
      throw new ModelFileError(
        source,
        "mismatch",
        `holds ${optimizer.class} optimiser state, but the trainer's optimiser is ${cls}`,
      );
    }
    const state: Record<number, { step: number; [buffer: string]: Tensor | number }> = {};
    for (const [index, entry] of Object.entries(optimizer.state!)) {
      const out: { step: number; [buffer: string]: Tensor | number } = { step: Number(entry.step) };
      for (const [name, value] of Object.entries(entry)) {
        if (name === "step") continue;
        if (typeof value === "number") {
          out[name] = value;
          continue;
        }
        const t = tensors[value.$tensor];
        if (!t)
          throw new ModelFileError(
            source,
            "unreadable",
            `the optimiser state names the tensor '${value.$tensor}', which the file does not hold`,
          );
        out[name] = t;
      }
      state[Number(index)] = out;
    }
    const dict = { state, paramGroups: optimizer.paramGroups } as OptimizerStateDict;
    const model = trainer.model;
    // Checked before anything changes; checkpoints written before the state was saved have none.
    const rng = metadataJSON(metadata, "rng", source);
    const restoreRng =
      rng === undefined ? () => {} : prepareRngRestore(rng, model as Module<never[], unknown>, source);
    const before = Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, t.clone()]));
    try {
      model.loadStateDict(modelTensors(tensors), { strict: true });
      trainer.optimizer.loadStateDict(dict);
    } catch (e) {
      model.loadStateDict(before);
      throw new ModelFileError(source, "mismatch", `does not fit the trainer: ${(e as Error).message}`);
    } finally {
      disposeAll(before);
    }
    restoreRng();
    const saved = metadataJSON(metadata, "history", source) as ReturnType<History["toJSON"]> | undefined;
    const history = new History();
    if (saved) {
      saved.epoch.forEach((e, i) => {
        const logs: Record<string, number> = {};
        // JSON writes NaN as null (a diverged loss): read it back as NaN.
        for (const [k, values] of Object.entries(saved.history))
          if (values[i] !== undefined) logs[k] = values[i] ?? Number.NaN;
        history.record(e, logs);
      });
    }
    const seed = metadata.seed === undefined ? null : Number(metadata.seed);
    return { ...info, epoch, history, seed };
  } finally {
    disposeAll(tensors);
  }
}
