import { ValueError } from "@tensorkit/tensor";
import type { Transformer } from "../preprocessing/base.js";
import { LabelEncoder } from "../preprocessing/label-encoder.js";
import { MinMaxScaler } from "../preprocessing/min-max-scaler.js";
import { Normalizer } from "../preprocessing/normalizer.js";
import { OneHotEncoder } from "../preprocessing/one-hot-encoder.js";
import { OrdinalEncoder } from "../preprocessing/ordinal-encoder.js";
import { RobustScaler } from "../preprocessing/robust-scaler.js";
import { SimpleImputer } from "../preprocessing/simple-imputer.js";
import { StandardScaler } from "../preprocessing/standard-scaler.js";
import { TextVectorizer } from "../preprocessing/text-vectorizer.js";
import { ColumnTransformer } from "./column-transformer.js";
import { Pipeline } from "./pipeline.js";

const READERS: Record<string, (json: unknown) => Transformer | LabelEncoder> = {
  StandardScaler: (j) => StandardScaler.fromJSON(j),
  MinMaxScaler: (j) => MinMaxScaler.fromJSON(j),
  RobustScaler: (j) => RobustScaler.fromJSON(j),
  Normalizer: (j) => Normalizer.fromJSON(j),
  SimpleImputer: (j) => SimpleImputer.fromJSON(j),
  OneHotEncoder: (j) => OneHotEncoder.fromJSON(j),
  OrdinalEncoder: (j) => OrdinalEncoder.fromJSON(j),
  LabelEncoder: (j) => LabelEncoder.fromJSON(j),
  ColumnTransformer: (j) => ColumnTransformer.fromJSON(j),
  Pipeline: (j) => Pipeline.fromJSON(j),
  TextVectorizer: (j) => TextVectorizer.fromJSON(j),
};

/**
 * Restores any transformer of this package from its `toJSON` output (a string or the parsed
 * object), dispatching on `type`.
 *
 * @example
 * ```ts
 * const text = JSON.stringify(pipeline);           // saved beside the model
 * const restored = transformerFromJSON(text) as Pipeline;
 * ```
 */
export function transformerFromJSON(json: unknown): Transformer {
  const obj = typeof json === "string" ? (JSON.parse(json) as unknown) : json;
  const type = obj !== null && typeof obj === "object" ? (obj as { type?: unknown }).type : undefined;
  const read = typeof type === "string" ? READERS[type] : undefined;
  if (read === undefined)
    throw new ValueError(
      `transformerFromJSON: unknown transformer type ${JSON.stringify(type)}; known: ${Object.keys(READERS).join(", ")}`,
    );
  return read(obj) as Transformer;
}
