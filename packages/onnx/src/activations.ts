import { ELU, GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Softplus, Tanh } from "@tensorkit/nn";
import { type Converter, type ConverterEntry, entry, type LayerContext } from "./context.js";

/** A converter for an element-wise layer that is one ONNX op. */
const unary =
  (opType: string): Converter =>
  (_layer, ctx) => ({ output: ctx.graph.node(ctx.path, opType, [ctx.input]), shape: ctx.shape });

/** A float scalar initializer for the arithmetic of composed activations. */
const scalar = (ctx: LayerContext, name: string, value: number) =>
  ctx.graph.floats(`${ctx.path}.${name}`, [], Float32Array.of(value));

/**
 * GELU: the Gelu op from opset 20; before that composed of Erf (exact) or Tanh (the tanh
 * approximation), the formulas PyTorch documents for `nn.GELU`.
 */
const gelu: Converter<GELU> = (layer, ctx) => {
  const { graph: g, path, input: x } = ctx;
  if (g.opset >= 20)
    return { output: g.node(path, "Gelu", [x], { approximate: layer.approximate }), shape: ctx.shape };
  let inner: string;
  if (layer.approximate === "tanh") {
    // tanh(√(2/π)·(x + 0.044715·x³))
    const cube = g.node(path, "Mul", [g.node(path, "Mul", [x, x]), x]);
    const sum = g.node(path, "Add", [x, g.node(path, "Mul", [cube, scalar(ctx, "c", 0.044715)])]);
    inner = g.node(path, "Tanh", [
      g.node(path, "Mul", [sum, scalar(ctx, "sqrt_2_over_pi", Math.sqrt(2 / Math.PI))]),
    ]);
  } else {
    inner = g.node(path, "Erf", [g.node(path, "Div", [x, scalar(ctx, "sqrt2", Math.SQRT2)])]);
  }
  const onePlus = g.node(path, "Add", [inner, scalar(ctx, "one", 1)]);
  const half = g.node(path, "Mul", [x, scalar(ctx, "half", 0.5)]);
  return { output: g.node(path, "Mul", [half, onePlus]), shape: ctx.shape };
};

/**
 * Softplus: ONNX's has no `beta` and no `threshold` (PyTorch returns x above it); with the
 * default threshold 20 the difference is log1p(e^−20) ≈ 2e-9. `beta ≠ 1` is softplus(βx)/β.
 */
const softplus: Converter<Softplus> = (layer, ctx) => {
  const { graph: g, path } = ctx;
  if (layer.beta === 1) return { output: g.node(path, "Softplus", [ctx.input]), shape: ctx.shape };
  const beta = scalar(ctx, "beta", layer.beta);
  const y = g.node(path, "Softplus", [g.node(path, "Mul", [ctx.input, beta])]);
  return { output: g.node(path, "Div", [y, beta]), shape: ctx.shape };
};

/** The activation layers and their converters. */
export const activationConverters: readonly ConverterEntry[] = [
  entry(ReLU, unary("Relu")),
  entry(Tanh, unary("Tanh")),
  entry(Sigmoid, unary("Sigmoid")),
  entry(LeakyReLU, (layer, ctx) => ({
    output: ctx.graph.node(ctx.path, "LeakyRelu", [ctx.input], { alpha: { float: layer.negativeSlope } }),
    shape: ctx.shape,
  })),
  entry(ELU, (layer, ctx) => ({
    output: ctx.graph.node(ctx.path, "Elu", [ctx.input], { alpha: { float: layer.alpha } }),
    shape: ctx.shape,
  })),
  entry(GELU, gelu),
  entry(Softplus, softplus),
  // The axis counts the batch axis, in ONNX as in tensorkit; from opset 13 Softmax normalises
  // along that one axis, as PyTorch's dim does (before 13 it flattened the trailing axes).
  entry(Softmax, (layer, ctx) => ({
    output: ctx.graph.node(ctx.path, "Softmax", [ctx.input], { axis: layer.axis }),
    shape: ctx.shape,
  })),
  entry(LogSoftmax, (layer, ctx) => ({
    output: ctx.graph.node(ctx.path, "LogSoftmax", [ctx.input], { axis: layer.axis }),
    shape: ctx.shape,
  })),
];
