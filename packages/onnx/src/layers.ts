import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm1d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  Dropout,
  Flatten,
  Identity,
  Linear,
  MaxPool2d,
} from "@tensorkit/nn";
import { transpose } from "@tensorkit/tensor";
import {
  type Converter,
  type ConverterEntry,
  entry,
  type LayerContext,
  layerError,
  paramName,
} from "./context.js";

/**
 * Linear: Gemm (y = x·Wᵀ + b, `transB`) for `[batch, in]` input; for more axes, MatMul with the
 * transposed weight (stored as `<path>.weight_t`) and Add, as ONNX's Gemm is 2-D only.
 */
const linear: Converter<Linear> = (layer, ctx) => {
  const { graph: g, path, shape } = ctx;
  if (shape.at(-1) !== layer.inFeatures)
    throw layerError(ctx, layer, `expects ${layer.inFeatures} features on the last axis`);
  const outShape = [...shape.slice(0, -1), layer.outFeatures];
  const bias = layer.bias ? [g.weight(paramName(path, "bias"), layer.bias)] : [];
  if (shape.length === 1) {
    const w = g.weight(paramName(path, "weight"), layer.weight);
    return { output: g.node(path, "Gemm", [ctx.input, w, ...bias], { transB: 1 }), shape: outShape };
  }
  const wt = transpose(layer.weight);
  const w = g.weight(paramName(path, "weight_t"), wt);
  wt.dispose();
  const y = g.node(path, "MatMul", [ctx.input, w]);
  return { output: bias.length ? g.node(path, "Add", [y, bias[0]!]) : y, shape: outShape };
};

/** ONNX `pads` (all begins, then all ends) for PyTorch's padding, 'same' putting the odd one at the end. */
function pads(
  padding: readonly number[] | number | "valid" | "same",
  kernel: readonly number[],
  dilation: readonly number[],
) {
  const begin: number[] = [];
  const end: number[] = [];
  kernel.forEach((k, i) => {
    if (padding === "valid") {
      begin.push(0);
      end.push(0);
    } else if (padding === "same") {
      const total = dilation[i]! * (k - 1);
      begin.push(Math.floor(total / 2));
      end.push(total - Math.floor(total / 2));
    } else {
      const p = typeof padding === "number" ? padding : padding[i]!;
      begin.push(p);
      end.push(p);
    }
  });
  return [...begin, ...end];
}

/** Conv1d and Conv2d: Conv with the weight `[out, in/groups, …kernel]` as it is. */
function conv(layer: Conv1d | Conv2d, ctx: LayerContext, spatial: number) {
  const { graph: g, path, shape } = ctx;
  if (shape.length !== spatial + 1 || shape[0] !== layer.inChannels)
    throw layerError(
      ctx,
      layer,
      `expects ${layer.inChannels} channels and ${spatial} spatial axes ([batch, ${layer.inChannels}, ${spatial === 2 ? "H, W" : "L"}])`,
    );
  const outShape = layer.outputShape(shape);
  if (!outShape) throw layerError(ctx, layer, "the kernel does not fit the input");
  const asList = (v: number | readonly number[]) => (typeof v === "number" ? [v] : [...v]);
  const kernel = asList(layer.kernelSize);
  const dilation = asList(layer.dilation);
  const inputs = [ctx.input, g.weight(paramName(path, "weight"), layer.weight)];
  if (layer.bias) inputs.push(g.weight(paramName(path, "bias"), layer.bias));
  const output = g.node(path, "Conv", inputs, {
    kernel_shape: kernel,
    strides: asList(layer.stride),
    pads: pads(layer.padding, kernel, dilation),
    dilations: dilation,
    group: layer.groups,
  });
  return { output, shape: outShape };
}

/** A 2-D pooling layer's checks, shared by MaxPool2d and AvgPool2d. */
function poolShape(layer: MaxPool2d | AvgPool2d | AdaptiveAvgPool2d, ctx: LayerContext): number[] {
  if (ctx.shape.length !== 3) throw layerError(ctx, layer, "expects [batch, C, H, W] input");
  const out = layer.outputShape(ctx.shape);
  if (!out) throw layerError(ctx, layer, "the window does not fit the input");
  return out;
}

const maxPool: Converter<MaxPool2d> = (layer, ctx) => {
  const shape = poolShape(layer, ctx);
  const output = ctx.graph.node(ctx.path, "MaxPool", [ctx.input], {
    kernel_shape: [...layer.kernelSize],
    strides: [...layer.stride],
    pads: pads(layer.padding, layer.kernelSize, layer.dilation),
    dilations: [...layer.dilation],
  });
  return { output, shape };
};

const avgPool: Converter<AvgPool2d> = (layer, ctx) => {
  const shape = poolShape(layer, ctx);
  const output = ctx.graph.node(ctx.path, "AveragePool", [ctx.input], {
    kernel_shape: [...layer.kernelSize],
    strides: [...layer.stride],
    pads: pads(layer.padding, layer.kernelSize, [1, 1]),
    count_include_pad: layer.countIncludePad ? 1 : 0,
  });
  return { output, shape };
};

/** AdaptiveAvgPool2d: GlobalAveragePool for a 1×1 output, AveragePool when the bins are equal and disjoint. */
const adaptiveAvgPool: Converter<AdaptiveAvgPool2d> = (layer, ctx) => {
  const shape = poolShape(layer, ctx);
  const [, h, w] = ctx.shape as [number, number, number];
  const [, oh, ow] = shape as [number, number, number];
  if (oh === 1 && ow === 1)
    return { output: ctx.graph.node(ctx.path, "GlobalAveragePool", [ctx.input]), shape };
  if (h % oh !== 0 || w % ow !== 0)
    throw layerError(
      ctx,
      layer,
      `output ${oh}×${ow} does not divide the input ${h}×${w}: its bins overlap, which ONNX pooling cannot express`,
    );
  const k = [h / oh, w / ow];
  return {
    output: ctx.graph.node(ctx.path, "AveragePool", [ctx.input], { kernel_shape: k, strides: k }),
    shape,
  };
};

/** BatchNorm in evaluation mode: BatchNormalization with the running statistics (ones and zeros for no affine). */
const batchNorm: Converter<BatchNorm1d | BatchNorm2d> = (layer, ctx) => {
  const { graph: g, path, shape } = ctx;
  if (shape[0] !== layer.numFeatures)
    throw layerError(ctx, layer, `expects ${layer.numFeatures} channels on axis 1`);
  if (!layer.runningMean || !layer.runningVar)
    throw layerError(
      ctx,
      layer,
      "has no running statistics (trackRunningStats: false), so its evaluation output depends on the batch",
    );
  const c = layer.numFeatures;
  const inputs = [
    ctx.input,
    layer.weight
      ? g.weight(paramName(path, "weight"), layer.weight)
      : g.floats(paramName(path, "weight"), [c], new Float32Array(c).fill(1)),
    layer.bias
      ? g.weight(paramName(path, "bias"), layer.bias)
      : g.floats(paramName(path, "bias"), [c], new Float32Array(c)),
    g.weight(paramName(path, "running_mean"), layer.runningMean),
    g.weight(paramName(path, "running_var"), layer.runningVar),
  ];
  return { output: g.node(path, "BatchNormalization", inputs, { epsilon: { float: layer.eps } }), shape };
};

/** Flatten: ONNX's Flatten when it runs to the last axis, else Reshape (0 keeps the batch axis). */
const flatten: Converter<Flatten> = (layer, ctx) => {
  const rank = ctx.shape.length + 1;
  const start = layer.startDim < 0 ? layer.startDim + rank : layer.startDim;
  const end = layer.endDim < 0 ? layer.endDim + rank : layer.endDim;
  if (start < 1 || end >= rank || start > end)
    throw layerError(
      ctx,
      layer,
      `flattening axes ${layer.startDim}…${layer.endDim} would merge the batch axis or does not fit the input`,
    );
  const shape = layer.outputShape(ctx.shape);
  if (end === rank - 1)
    return { output: ctx.graph.node(ctx.path, "Flatten", [ctx.input], { axis: start }), shape };
  const target = ctx.graph.ints(paramName(ctx.path, "shape"), [0, ...shape]);
  return { output: ctx.graph.node(ctx.path, "Reshape", [ctx.input, target]), shape };
};

/** Dropout is the identity in evaluation mode, the mode an exported model runs in. */
const identity: Converter = (_layer, ctx) => ({
  output: ctx.graph.node(ctx.path, "Identity", [ctx.input]),
  shape: ctx.shape,
});

/** The built-in converters of layers other than activations. */
export const layerConverters: readonly ConverterEntry[] = [
  entry(Linear, linear),
  entry(Conv2d, (layer, ctx) => conv(layer, ctx, 2)),
  entry(Conv1d, (layer, ctx) => conv(layer, ctx, 1)),
  entry(MaxPool2d, maxPool),
  entry(AvgPool2d, avgPool),
  entry(AdaptiveAvgPool2d, adaptiveAvgPool),
  entry(BatchNorm1d, batchNorm),
  entry(BatchNorm2d, batchNorm),
  entry(Flatten, flatten),
  entry(Dropout, identity),
  entry(Identity, identity),
];
