import { readFileSync } from "node:fs";
import {
  type ActivationName,
  conv2d,
  dense,
  dropout,
  flatten,
  type LayerSpec,
  l2,
  lstm,
  type Module,
  type ModuleConfig,
  maxPooling2d,
  moduleFromConfig,
  sequenceEncoder,
  sequential,
} from "@tensorkit/nn";
import type { Tensor } from "@tensorkit/tensor";
import { CliError } from "./errors.js";

export type ModelKind = "mlp" | "cnn" | "lstm" | "ncf";

export interface ModelOptions {
  readonly kind: ModelKind;
  readonly hidden: readonly number[];
  readonly activation: ActivationName;
  readonly dropout: number;
  readonly l2: number;
  /** Word indices in, for `lstm` on a text column: the vocabulary size of its embedding. */
  readonly vocabularySize?: number;
}

/**
 * A model for inputs of `inputShape` (one sample) and `nOutputs` outputs (class logits or
 * regression values):
 * - `mlp`: flatten if needed, then `dense(h, activation)` (+ dropout) per hidden size;
 * - `cnn`: two conv(3×3)–ReLU–maxpool(2) blocks of 32 and 64 filters, then the dense head (images `[C, H, W]`);
 * - `lstm`: an LSTM over `[time, features]` (its size is the first hidden size), then the dense head;
 *   on a text column (`vocabularySize` given, samples `[time]` of word indices) an embedding of 64 and
 *   a bidirectional LSTM that skips the padding ({@link sequenceEncoder}), then the dense head.
 */
export function buildModel(
  options: ModelOptions,
  inputShape: readonly number[],
  nOutputs: number,
): Module<[Tensor], Tensor> {
  const reg = options.l2 > 0 ? { kernelRegularizer: l2(options.l2) } : {};
  const head = (hidden: readonly number[]): LayerSpec[] =>
    hidden.flatMap((units) => [
      dense(units, { activation: options.activation, ...reg }),
      ...(options.dropout > 0 ? [dropout(options.dropout)] : []),
    ]);
  if (options.vocabularySize !== undefined && options.kind !== "lstm")
    throw new CliError(`--text classifies word sequences with --model lstm, not --model ${options.kind}`);
  const layers: LayerSpec[] = [];
  switch (options.kind) {
    case "mlp":
      if (inputShape.length > 1) layers.push(flatten());
      layers.push(...head(options.hidden));
      break;
    case "cnn":
      if (inputShape.length !== 3)
        throw new CliError(
          `--model cnn needs images [channels, height, width] (mnist); this data has samples of shape [${inputShape.join(",")}]`,
        );
      layers.push(
        conv2d(32, 3, { activation: "relu", padding: "same", ...reg }),
        maxPooling2d(2),
        conv2d(64, 3, { activation: "relu", padding: "same", ...reg }),
        maxPooling2d(2),
        flatten(),
        ...head(options.hidden),
      );
      break;
    case "lstm": {
      if (options.vocabularySize !== undefined) {
        const [units = 32, ...rest] = options.hidden;
        layers.push(
          sequenceEncoder(options.vocabularySize, 64, units, { bidirectional: true }),
          ...(options.dropout > 0 ? [dropout(options.dropout)] : []),
          ...head(rest),
        );
        break;
      }
      if (inputShape.length !== 2)
        throw new CliError(
          `--model lstm needs sequences [time, features]; got samples of shape [${inputShape.join(",")}]`,
        );
      const [units = 64, ...rest] = options.hidden;
      layers.push(lstm(units, reg), ...head(rest));
      break;
    }
    case "ncf":
      // NeuMF takes (user, item) pairs, not samples of a shape: `trainNcf` builds it.
      throw new CliError("--model ncf trains on user and item columns: give --user and --item");
  }
  layers.push(dense(nOutputs));
  return sequential(layers, { inputShape });
}

/** A model from a `--config` file: a module config as `model.toConfig()` writes it (`{ "type": "Sequential", … }`). */
export function modelFromConfigFile(path: string): Module<[Tensor], Tensor> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CliError(
      `${path}: cannot read the model config: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  return moduleFromConfig(json as ModuleConfig) as unknown as Module<[Tensor], Tensor>;
}
