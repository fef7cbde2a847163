import { noGrad } from "@tensorkit/autograd";
import {
  arange,
  formatShape,
  notEqual,
  reshape,
  ShapeError,
  tidy,
  ValueError,
  where,
} from "@tensorkit/tensor";
import type { LayerSpec } from "./builders.js";
import type { TensorModule } from "./containers.js";
import { type InitializerName, initializer } from "./init.js";
import { type ActivationName, activationModule } from "./layers/activation.js";
import { BatchNorm1d, BatchNorm2d } from "./layers/batchnorm.js";
import { Conv1d, Conv2d, pair, type Size2d } from "./layers/conv.js";
import { Dropout } from "./layers/dropout.js";
import { Embedding } from "./layers/embedding.js";
import { Flatten } from "./layers/flatten.js";
import { LayerNorm } from "./layers/layernorm.js";
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from "./layers/pooling.js";
import type { Module, Regularizer } from "./module.js";
import type { Parameter } from "./parameter.js";

/**
 * Keras-style builders of the convolution, pooling, normalisation, dropout, embedding and flatten
 * layers, for `sequential()`. Layouts are PyTorch's, channels first: a conv input shape is
 * `[C, H, W]`, not Keras' `[H, W, C]`, so state dicts load from PyTorch models unchanged.
 */

/** Options every builder takes. */
interface SpecBase {
  /** Shape of one sample without the batch axis: only on the first layer. */
  readonly inputShape?: readonly number[];
}

/** Options of {@link conv2d} (Keras' `Conv2D` names). */
export interface Conv2dBuilderOptions extends SpecBase {
  /** Default 1. */
  readonly strides?: Size2d;
  /**
   * `'valid'` (no padding, the default) or `'same'` (output size ⌈size/stride⌉; with a stride
   * above 1 the total padding of each axis must be even, since the layer pads symmetrically).
   */
  readonly padding?: "valid" | "same";
  /** Default 1. */
  readonly dilationRate?: Size2d;
  /** Default 1. */
  readonly groups?: number;
  readonly activation?: ActivationName;
  /** Default true. */
  readonly useBias?: boolean;
  /** Default: PyTorch's Conv2d initialisation (U(±1/√fanIn)); a Keras name to override. */
  readonly kernelInitializer?: InitializerName;
  readonly biasInitializer?: InitializerName;
  readonly kernelRegularizer?: Regularizer;
  readonly biasRegularizer?: Regularizer;
}

/** Options of {@link conv1d}: as {@link Conv2dBuilderOptions}, one number per option. */
export interface Conv1dBuilderOptions extends Omit<Conv2dBuilderOptions, "strides" | "dilationRate"> {
  readonly strides?: number;
  readonly dilationRate?: number;
}

/** Options of {@link maxPooling2d} and {@link averagePooling2d} (Keras' names). */
export interface Pooling2dBuilderOptions extends SpecBase {
  /** Default: the pool size. */
  readonly strides?: Size2d;
  /**
   * `'valid'` (the default) or `'same'` (output ⌈size/stride⌉, padding left out of averages, as
   * Keras; the total padding of each axis must be even and at most the pool size).
   */
  readonly padding?: "valid" | "same";
}

/** Options of {@link batchNormalization}. */
export interface BatchNormalizationOptions extends SpecBase {
  /**
   * Keras' meaning, the weight of the old value: `running = momentum·running + (1-momentum)·batch`.
   * Default 0.9, i.e. PyTorch's default momentum 0.1 (Keras' own default is 0.99).
   */
  readonly momentum?: number;
  /** Default 1e-5 (PyTorch's; Keras uses 1e-3). */
  readonly epsilon?: number;
  /** Learn the scale and shift (Keras' `center` and `scale` together). Default true. */
  readonly affine?: boolean;
}

/** Options of {@link layerNormalization}. */
export interface LayerNormalizationOptions extends SpecBase {
  /** The trailing axes of a sample to normalise over (negative, or counted without the batch axis). Default -1. */
  readonly axis?: number | readonly number[];
  /** Default 1e-5 (PyTorch's; Keras uses 1e-3). */
  readonly epsilon?: number;
}

/** Options of {@link embedding}. */
export interface EmbeddingBuilderOptions extends SpecBase {
  /** A row that stays zero and gets no gradient (PyTorch's `padding_idx`). */
  readonly paddingIdx?: number;
  /** Default: N(0, 1), as PyTorch; a Keras name to override. */
  readonly embeddingsInitializer?: InitializerName;
}

function withInputShape(options: SpecBase): { inputShape?: readonly number[] } {
  return options.inputShape ? { inputShape: options.inputShape } : {};
}

function reinitialize(p: Parameter | null, name: InitializerName | undefined): void {
  if (!p || !name) return;
  const init = initializer(name);
  noGrad(() => tidy(() => p.assign(init(p.shape))));
}

function expectRank(builder: string, inputShape: readonly number[], rank: number, layout: string): void {
  if (inputShape.length !== rank) {
    throw new ShapeError(
      `${builder}: expected an input shape ${layout} (channels first, without the batch axis), got ${formatShape(inputShape)}`,
    );
  }
}

/**
 * Keras' 'same' padding as a symmetric per-axis padding: the total that makes the output
 * ⌈size/stride⌉, halved. Stride 1 needs none of this (the layers take 'same' directly).
 */
function samePadding(
  builder: string,
  size: number,
  kernel: number,
  stride: number,
  dilation: number,
  what: string,
): number {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0);
  if (total % 2 !== 0) {
    throw new ValueError(
      `${builder}: padding 'same' with stride ${stride} needs ${total} padding on an axis of size ${size} (${what}); ` +
        `the layer pads both sides equally, so use 'valid', stride 1, or an input size giving an even total`,
    );
  }
  return total / 2;
}

function convModules(
  conv: Conv1d | Conv2d,
  options: Conv2dBuilderOptions | Conv1dBuilderOptions,
): TensorModule[] {
  reinitialize(conv.weight, options.kernelInitializer);
  reinitialize(conv.bias, options.biasInitializer);
  if (options.kernelRegularizer) conv.addRegularizer("weight", options.kernelRegularizer);
  if (options.biasRegularizer && conv.bias) conv.addRegularizer("bias", options.biasRegularizer);
  const act = activationModule(options.activation ?? "linear");
  return act ? [conv, act] : [conv];
}

function windowDoesNotFit(
  builder: string,
  inputShape: readonly number[],
  module: Module<never[], unknown>,
): never {
  throw new ShapeError(
    `${builder}: the window of ${module.toString()} does not fit an input of shape ${formatShape(inputShape)}`,
  );
}

/**
 * A 2-D convolution (Keras' `Conv2D`, channels first): a {@link Conv2d} on `[C, H, W]` samples,
 * then the activation.
 *
 * @example
 * ```ts
 * const model = sequential([
 *   conv2d(16, 3, { padding: "same", activation: "relu", inputShape: [1, 28, 28] }),
 *   maxPooling2d(2),
 *   flatten(),
 *   dense(10),
 * ]);
 * ```
 */
export function conv2d(filters: number, kernelSize: Size2d, options: Conv2dBuilderOptions = {}): LayerSpec {
  const kernel = pair("conv2d", "kernelSize", kernelSize, 1);
  const strides = pair("conv2d", "strides", options.strides ?? 1, 1);
  const dilation = pair("conv2d", "dilationRate", options.dilationRate ?? 1, 1);
  return {
    ...withInputShape(options),
    build(inputShape) {
      expectRank("conv2d", inputShape, 3, "[C, H, W]");
      const stride1 = strides[0] === 1 && strides[1] === 1;
      const padding: Size2d | "same" | "valid" =
        options.padding !== "same" || stride1
          ? (options.padding ?? "valid")
          : ([0, 1].map((i) =>
              samePadding(
                "conv2d",
                inputShape[i + 1]!,
                kernel[i]!,
                strides[i]!,
                dilation[i]!,
                `kernel ${formatShape(kernel)}`,
              ),
            ) as unknown as [number, number]);
      const conv = new Conv2d(inputShape[0]!, filters, kernel, {
        stride: strides,
        padding,
        dilation,
        groups: options.groups ?? 1,
        bias: options.useBias ?? true,
      });
      const outputShape = conv.outputShape(inputShape) ?? windowDoesNotFit("conv2d", inputShape, conv);
      return { modules: convModules(conv, options), outputShape };
    },
  };
}

/**
 * A 1-D convolution (Keras' `Conv1D`, channels first): a {@link Conv1d} on `[C, L]` samples, then
 * the activation.
 *
 * @example
 * ```ts
 * const model = sequential([conv1d(32, 5, { activation: "relu", inputShape: [8, 100] }), flatten(), dense(1)]);
 * ```
 */
export function conv1d(filters: number, kernelSize: number, options: Conv1dBuilderOptions = {}): LayerSpec {
  const [kernel] = pair("conv1d", "kernelSize", kernelSize, 1);
  const [stride] = pair("conv1d", "strides", options.strides ?? 1, 1);
  const [dilation] = pair("conv1d", "dilationRate", options.dilationRate ?? 1, 1);
  return {
    ...withInputShape(options),
    build(inputShape) {
      expectRank("conv1d", inputShape, 2, "[C, L]");
      const padding =
        options.padding !== "same" || stride === 1
          ? (options.padding ?? "valid")
          : samePadding("conv1d", inputShape[1]!, kernel, stride, dilation, `kernel ${kernel}`);
      const conv = new Conv1d(inputShape[0]!, filters, kernel, {
        stride,
        padding,
        dilation,
        groups: options.groups ?? 1,
        bias: options.useBias ?? true,
      });
      const outputShape = conv.outputShape(inputShape) ?? windowDoesNotFit("conv1d", inputShape, conv);
      return { modules: convModules(conv, options), outputShape };
    },
  };
}

/** The pooling layer for a Keras pool size, strides and padding. */
function poolingSpec(
  builder: string,
  poolSize: Size2d,
  options: Pooling2dBuilderOptions,
  make: (
    kernel: [number, number],
    stride: [number, number],
    padding: [number, number],
    same: boolean,
  ) => MaxPool2d | AvgPool2d,
): LayerSpec {
  const kernel = pair(builder, "poolSize", poolSize, 1);
  const stride = pair(builder, "strides", options.strides ?? kernel, 1);
  return {
    ...withInputShape(options),
    build(inputShape) {
      expectRank(builder, inputShape, 3, "[C, H, W]");
      const same = options.padding === "same";
      const padding = [0, 1].map((i) =>
        same
          ? samePadding(builder, inputShape[i + 1]!, kernel[i]!, stride[i]!, 1, `pool ${formatShape(kernel)}`)
          : 0,
      ) as [number, number];
      const pool = make(kernel, stride, padding, same);
      const outputShape = pool.outputShape(inputShape) ?? windowDoesNotFit(builder, inputShape, pool);
      return { modules: [pool], outputShape };
    },
  };
}

/**
 * Max pooling (Keras' `MaxPooling2D`, channels first): a {@link MaxPool2d}; strides default to the
 * pool size.
 *
 * @example
 * ```ts
 * maxPooling2d(2); // [C, 28, 28] → [C, 14, 14]
 * ```
 */
export function maxPooling2d(poolSize: Size2d = 2, options: Pooling2dBuilderOptions = {}): LayerSpec {
  return poolingSpec(
    "maxPooling2d",
    poolSize,
    options,
    (kernelSize, stride, padding) => new MaxPool2d(kernelSize, { stride, padding }),
  );
}

/**
 * Average pooling (Keras' `AveragePooling2D`, channels first): an {@link AvgPool2d}; with
 * `'same'` padding the padded cells are left out of each average, as Keras does.
 *
 * @example
 * ```ts
 * averagePooling2d(2, { strides: 2 });
 * ```
 */
export function averagePooling2d(poolSize: Size2d = 2, options: Pooling2dBuilderOptions = {}): LayerSpec {
  return poolingSpec(
    "averagePooling2d",
    poolSize,
    options,
    (kernelSize, stride, padding, same) =>
      new AvgPool2d(kernelSize, { stride, padding, countIncludePad: !same }),
  );
}

/**
 * Global average pooling (Keras' `GlobalAveragePooling2D`): `[C, H, W]` → `[C]`, as an
 * {@link AdaptiveAvgPool2d} of size 1 then a {@link Flatten}.
 *
 * @example
 * ```ts
 * sequential([conv2d(64, 3, { inputShape: [3, 32, 32] }), globalAveragePooling2d(), dense(10)]);
 * ```
 */
export function globalAveragePooling2d(options: SpecBase = {}): LayerSpec {
  return {
    ...withInputShape(options),
    build(inputShape) {
      expectRank("globalAveragePooling2d", inputShape, 3, "[C, H, W]");
      return { modules: [new AdaptiveAvgPool2d(1), new Flatten()], outputShape: [inputShape[0]!] };
    },
  };
}

/**
 * Flattens each sample to one axis (Keras' `Flatten`): a {@link Flatten}.
 *
 * @example
 * ```ts
 * flatten(); // [16, 5, 5] → [400]
 * ```
 */
export function flatten(options: SpecBase = {}): LayerSpec {
  return {
    ...withInputShape(options),
    build(inputShape) {
      return { modules: [new Flatten()], outputShape: [inputShape.reduce((a, b) => a * b, 1)] };
    },
  };
}

/**
 * Dropout with rate `rate` in training, identity in evaluation (Keras' `Dropout`): a {@link Dropout}.
 *
 * @example
 * ```ts
 * dropout(0.5);
 * ```
 */
export function dropout(rate: number, options: SpecBase = {}): LayerSpec {
  return {
    ...withInputShape(options),
    build(inputShape) {
      return { modules: [new Dropout(rate)], outputShape: [...inputShape] };
    },
  };
}

/**
 * Batch normalisation over the channel axis (the first of a sample: channels first, unlike
 * Keras' default last axis): a {@link BatchNorm1d} for `[C]` or `[C, L]` samples, a
 * {@link BatchNorm2d} for `[C, H, W]`.
 *
 * @example
 * ```ts
 * sequential([conv2d(16, 3, { inputShape: [1, 28, 28] }), batchNormalization(), ...]);
 * ```
 */
export function batchNormalization(options: BatchNormalizationOptions = {}): LayerSpec {
  const momentum = options.momentum ?? 0.9;
  if (!(momentum >= 0 && momentum <= 1))
    throw new ValueError(`batchNormalization: momentum must be in [0, 1], got ${momentum}`);
  return {
    ...withInputShape(options),
    build(inputShape) {
      const c = inputShape[0];
      if (c === undefined || inputShape.length > 3) {
        throw new ShapeError(
          `batchNormalization: expected an input shape [C], [C, L] or [C, H, W], got ${formatShape(inputShape)}`,
        );
      }
      const bnOptions = {
        eps: options.epsilon ?? 1e-5,
        momentum: 1 - momentum,
        affine: options.affine ?? true,
      };
      const bn = inputShape.length === 3 ? new BatchNorm2d(c, bnOptions) : new BatchNorm1d(c, bnOptions);
      return { modules: [bn], outputShape: [...inputShape] };
    },
  };
}

/**
 * Layer normalisation over the trailing axes of each sample (Keras' `LayerNormalization`): a
 * {@link LayerNorm}.
 *
 * @example
 * ```ts
 * layerNormalization(); // over the last axis
 * ```
 */
export function layerNormalization(options: LayerNormalizationOptions = {}): LayerSpec {
  return {
    ...withInputShape(options),
    build(inputShape) {
      const rank = inputShape.length;
      const axes = (typeof options.axis === "number" ? [options.axis] : (options.axis ?? [-1]))
        .map((a) => (a < 0 ? a + rank : a))
        .sort((a, b) => a - b);
      const trailing = axes.every((a, i) => a === rank - axes.length + i) && axes.length > 0;
      if (!trailing) {
        throw new ValueError(
          `layerNormalization: axis ${JSON.stringify(options.axis)} must name the trailing axes of a sample of shape ${formatShape(inputShape)}`,
        );
      }
      const ln = new LayerNorm(
        axes.map((a) => inputShape[a]!),
        { eps: options.epsilon ?? 1e-5 },
      );
      return { modules: [ln], outputShape: [...inputShape] };
    },
  };
}

/**
 * A lookup table (Keras' `Embedding`): an {@link Embedding} of `inputDim` vectors of size
 * `outputDim`; each sample of int32 indices of shape `inputShape` gives `[...inputShape, outputDim]`.
 *
 * @example
 * ```ts
 * sequential([embedding(10000, 64, { inputShape: [20] }), flatten(), dense(1, { activation: "sigmoid" })]);
 * ```
 */
export function embedding(
  inputDim: number,
  outputDim: number,
  options: EmbeddingBuilderOptions = {},
): LayerSpec {
  return {
    ...withInputShape(options),
    build(inputShape) {
      const emb = new Embedding(
        inputDim,
        outputDim,
        options.paddingIdx === undefined ? {} : { paddingIdx: options.paddingIdx },
      );
      reinitialize(emb.weight, options.embeddingsInitializer);
      const pad = emb.paddingIdx;
      if (options.embeddingsInitializer && pad !== null) {
        // the padding row stays zero whatever the initializer, as PyTorch's padding_idx
        noGrad(() =>
          tidy(() => {
            const isPad = notEqual(reshape(arange(inputDim), [inputDim, 1]), pad);
            emb.weight.assign(where(isPad, emb.weight, 0));
          }),
        );
      }
      return { modules: [emb], outputShape: [...inputShape, outputDim] };
    },
  };
}
