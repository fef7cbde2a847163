import { transformerFromJSON } from "@tensorkit/data";
import { type JsonValue, type Module, type ModuleConfig, moduleFromConfig } from "@tensorkit/nn";
import { serializeSafetensors, type Tensor } from "@tensorkit/tensor";
import type { Logs } from "../callback.js";
import type { History } from "../history.js";
import { Trainer } from "../trainer.js";
import { ModelFileError } from "./errors.js";
import {
  disposeAll,
  FORMAT,
  metadataJSON,
  OPTIMIZER_PREFIX,
  readContainer,
  requireArchitecture,
  VERSION,
} from "./format.js";

/** Something saved with a model to prepare its inputs or decode its outputs: any transformer of @tensorkit/data. */
export interface Preprocessor {
  toJSON(): unknown;
}

/** One preprocessor (a `Pipeline`, a `ColumnTransformer`, a scaler), or several by name (`{ x: scaler, y: labelEncoder }`). */
export type Preprocessing = Preprocessor | Readonly<Record<string, Preprocessor>>;

/** Options of {@link serializeModel} and `saveModel`. */
export interface SerializeModelOptions {
  /** Saved as JSON beside the weights and restored as live transformers on load. */
  readonly preprocessing?: Preprocessing;
  /** The output classes' names, in the order of the model's outputs (e.g. a LabelEncoder's `classes`). */
  readonly classNames?: readonly (string | number)[];
  /** Your own JSON metadata. */
  readonly metadata?: Readonly<Record<string, JsonValue>>;
  /** The History of `fit`, summarised in the training configuration (epochs run, last values). */
  readonly history?: History;
}

/** The training configuration a model file records. */
export interface TrainingInfo {
  /** The compile options (optimizer name and options, loss, metrics), when a Trainer was saved. */
  readonly compile: Trainer["config"] | null;
  /** Epochs run and the last epoch's logs, when a History was given. */
  readonly history: {
    readonly epochs: number;
    readonly lastEpoch: number | null;
    readonly last: Logs;
  } | null;
}

/** What {@link deserializeModel} and `loadModel` return. */
export interface LoadedModel<M = Module<[Tensor], Tensor>> {
  /** The rebuilt model with its weights, in evaluation mode. */
  readonly model: M;
  readonly architecture: ModuleConfig;
  readonly preprocessing: Preprocessing | null;
  readonly classNames: (string | number)[] | null;
  readonly training: TrainingInfo | null;
  readonly metadata: Record<string, JsonValue>;
}

/** @internal The metadata entries shared by model files and checkpoints. */
export function modelMetadata(
  model: Module<[Tensor], Tensor>,
  trainer: Trainer | null,
  options: SerializeModelOptions,
): Record<string, string> {
  // First, so that a model that cannot describe itself fails before anything is read or written.
  const architecture = model.toConfig();
  const metadata: Record<string, string> = {
    format: FORMAT,
    "tensorkit.version": VERSION,
    architecture: JSON.stringify(architecture),
  };
  if (options.preprocessing)
    metadata.preprocessing = JSON.stringify(preprocessingJSON(options.preprocessing));
  metadata.classNames = JSON.stringify(options.classNames ?? null);
  const training: TrainingInfo | null =
    trainer || options.history
      ? {
          compile: trainer ? trainer.config : null,
          history: options.history ? summarize(options.history) : null,
        }
      : null;
  metadata.training = JSON.stringify(training);
  if (options.metadata) metadata.metadata = JSON.stringify(options.metadata);
  return metadata;
}

function summarize(history: History): NonNullable<TrainingInfo["history"]> {
  const last: Logs = {};
  for (const [k, v] of Object.entries(history.history)) if (v.length > 0) last[k] = v.at(-1)!;
  return { epochs: history.epoch.length, lastEpoch: history.epoch.at(-1) ?? null, last };
}

function isPreprocessor(p: unknown): p is Preprocessor {
  return typeof (p as Preprocessor | null)?.toJSON === "function";
}

function preprocessingJSON(p: Preprocessing): unknown {
  if (isPreprocessor(p)) return p.toJSON();
  const transformers: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(p)) {
    if (!isPreprocessor(t))
      throw new TypeError(
        `serializeModel: preprocessing '${name}' has no toJSON(); pass transformers of @tensorkit/data`,
      );
    transformers[name] = t.toJSON();
  }
  return { transformers };
}

function revivePreprocessing(json: unknown, source: string): Preprocessing | null {
  if (json === undefined || json === null) return null;
  try {
    const named = (json as { transformers?: unknown }).transformers;
    if (named && typeof named === "object" && !("type" in (json as object))) {
      const out: Record<string, Preprocessor> = {};
      for (const [name, t] of Object.entries(named)) out[name] = transformerFromJSON(t);
      return out;
    }
    return transformerFromJSON(json);
  } catch (e) {
    throw new ModelFileError(
      source,
      "unreadable",
      `its preprocessing cannot be restored: ${(e as Error).message}`,
    );
  }
}

/** @internal The parts of the metadata that model files and checkpoints share, parsed. */
export function readModelMetadata(
  metadata: Record<string, string>,
  source: string,
): Omit<LoadedModel<never>, "model"> {
  const architecture = requireArchitecture(metadata, source) as ModuleConfig;
  const classNames = metadataJSON(metadata, "classNames", source);
  return {
    architecture,
    preprocessing: revivePreprocessing(metadataJSON(metadata, "preprocessing", source), source),
    classNames: Array.isArray(classNames) ? (classNames as (string | number)[]) : null,
    training: (metadataJSON(metadata, "training", source) as TrainingInfo | undefined) ?? null,
    metadata: (metadataJSON(metadata, "metadata", source) as Record<string, JsonValue> | undefined) ?? {},
  };
}

/** @internal The model's weights from a parsed file (optimizer entries left out). */
export function modelTensors(tensors: Record<string, Tensor>): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(tensors)) if (!k.startsWith(OPTIMIZER_PREFIX)) out[k] = t;
  return out;
}

/**
 * A model (or a compiled Trainer's model) as the bytes of one `.safetensors` file: the state
 * dict under PyTorch's names, and in the metadata the architecture, the training configuration,
 * and optionally the preprocessing and class names (layout: see `io/format.ts`). Browser-safe;
 * `saveModel` of `@tensorkit/train/node` writes it to a file atomically. Throws before producing
 * anything if the model has a layer that cannot describe itself (`registerModuleType`).
 *
 * @example
 * ```ts
 * const bytes = serializeModel(trainer, { preprocessing: scaler, classNames: encoder.classes });
 * const blob = new Blob([bytes]); // e.g. a download in the browser
 * ```
 */
export function serializeModel(
  modelOrTrainer: Module<[Tensor], Tensor> | Trainer,
  options: SerializeModelOptions = {},
): Uint8Array {
  const trainer = modelOrTrainer instanceof Trainer ? modelOrTrainer : null;
  const model = trainer ? trainer.model : (modelOrTrainer as Module<[Tensor], Tensor>);
  const metadata = modelMetadata(model, trainer, options);
  return serializeSafetensors(model.stateDict(), metadata);
}

/**
 * Rebuilds a model from the bytes {@link serializeModel} wrote: its architecture, weights (a
 * strict state-dict load), preprocessing and class names. `source` names the bytes in errors
 * (a {@link ModelFileError}: not safetensors, truncated, no architecture, weights that do not fit).
 *
 * @example
 * ```ts
 * const { model, preprocessing, classNames } = deserializeModel(new Uint8Array(await res.arrayBuffer()), { source: url });
 * ```
 */
export function deserializeModel<M = Module<[Tensor], Tensor>>(
  bytes: Uint8Array,
  options: { readonly source?: string } = {},
): LoadedModel<M> {
  const source = options.source ?? "<bytes>";
  const { tensors, metadata } = readContainer(bytes, source);
  try {
    const info = readModelMetadata(metadata, source);
    let model: Module<[Tensor], Tensor>;
    try {
      model = moduleFromConfig(info.architecture);
    } catch (e) {
      throw new ModelFileError(
        source,
        "unreadable",
        `its architecture cannot be rebuilt: ${(e as Error).message}`,
      );
    }
    try {
      model.loadStateDict(modelTensors(tensors), { strict: true });
    } catch (e) {
      model.dispose();
      throw new ModelFileError(
        source,
        "mismatch",
        `its weights do not fit its architecture: ${(e as Error).message}`,
      );
    }
    model.eval();
    return { model: model as M, ...info };
  } finally {
    disposeAll(tensors);
  }
}
