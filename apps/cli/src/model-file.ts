import { existsSync, statSync } from "node:fs";
import { LabelEncoder, StandardScaler, TextVectorizer, type Transformer } from "@tensorkit/data";
import type { JsonValue, Module } from "@tensorkit/nn";
import type { Tensor } from "@tensorkit/tensor";
import type { LoadedModel, Trainer } from "@tensorkit/train";
import { loadModel, saveModel } from "@tensorkit/train/node";
import type { DataInfo, Preprocessors } from "./data.js";
import { CliError } from "./errors.js";

/** A model file written by `tensorkit train`, read back with its preprocessing. */
export interface CliModel {
  readonly path: string;
  readonly model: Module<[Tensor], Tensor>;
  readonly info: DataInfo;
  readonly preprocessors: Preprocessors;
  readonly classNames: readonly string[];
  readonly loaded: LoadedModel;
  dispose(): void;
}

/** Saves the trained model with its fitted transformers (as their `toJSON()`) and the CLI's data description. */
export async function saveCliModel(
  path: string,
  trainer: Trainer,
  data: { info: DataInfo; preprocessors: Preprocessors; classNames: readonly string[] },
  extra: Record<string, JsonValue>,
): Promise<void> {
  const preprocessing: Record<string, { toJSON(): unknown }> = {};
  for (const [k, v] of Object.entries(data.preprocessors)) if (v) preprocessing[k] = v;
  await saveModel(path, trainer, {
    preprocessing,
    classNames: data.classNames,
    metadata: { cli: data.info as unknown as JsonValue, ...extra },
  });
}

/** Loads a model file; any file that is not a tensorkit model is a one-line error naming the path. */
export async function loadCliModel(path: string): Promise<CliModel> {
  if (existsSync(path) && statSync(path).isDirectory())
    throw new CliError(`${path}: is a directory, not a model file`);
  const loaded = await loadModel(path);
  const info = loaded.metadata.cli as unknown as DataInfo | undefined;
  if (info?.format !== "tensorkit-cli/1") {
    loaded.model.dispose();
    throw new CliError(
      `${path}: a tensorkit model, but not one written by \`tensorkit train\` (it has no data description); load it with loadModel() in code`,
    );
  }
  const named = (loaded.preprocessing ?? {}) as Record<string, unknown>;
  const preprocessors: Preprocessors = {};
  if (named.features) preprocessors.features = named.features as Transformer;
  if (named.targetEncoder instanceof LabelEncoder) preprocessors.targetEncoder = named.targetEncoder;
  if (named.targetScaler instanceof StandardScaler) preprocessors.targetScaler = named.targetScaler;
  if (named.text instanceof TextVectorizer) preprocessors.text = named.text;
  if (named.users instanceof LabelEncoder) preprocessors.users = named.users;
  if (named.items instanceof LabelEncoder) preprocessors.items = named.items;
  return {
    path,
    model: loaded.model,
    info,
    preprocessors,
    classNames: (loaded.classNames ?? []).map(String),
    loaded,
    dispose: () => loaded.model.dispose(),
  };
}
