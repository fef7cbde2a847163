import { type Module, Sequential, SequentialModel } from "@tensorkit/nn";
import packageJson from "../package.json" with { type: "json" };
import { activationConverters } from "./activations.js";
import {
  batchShape,
  type Converted,
  type Converter,
  type ConverterEntry,
  type LayerClass,
} from "./context.js";
import { OnnxExportError } from "./errors.js";
import { GraphBuilder } from "./graph.js";
import { layerConverters } from "./layers.js";
import { encodeModel } from "./onnx-proto.js";

/** Options of {@link exportOnnx}. */
export interface ExportOnnxOptions {
  /**
   * The shape of one input sample, without the batch axis (`[4]` for 4 features, `[1, 28, 28]`
   * for MNIST). Default: the `inputShape` a Keras-style `sequential([...])` model was built with.
   */
  readonly inputShape?: readonly number[];
  /** The ONNX opset, 13 to 21. Default 17 (onnxruntime ≥ 1.14, every current serving engine). */
  readonly opset?: number;
  /** A fixed batch size. Default: a symbolic `batch` axis, so the model takes any batch size. */
  readonly batchSize?: number;
  /** Name of the graph input. Default `"input"`. */
  readonly inputName?: string;
  /** Name of the graph output. Default `"output"`. */
  readonly outputName?: string;
  /** Extra `metadata_props` of the model (string pairs). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** The opsets tensorkit writes: from 13 (Softmax along one axis, as PyTorch) to 21. */
export const ONNX_OPSETS = { min: 13, max: 21, default: 17 } as const;

const builtIn: readonly ConverterEntry[] = [...layerConverters, ...activationConverters];
const custom = new Map<LayerClass, Converter>();

/**
 * Teaches {@link exportOnnx} a layer class of your own (or overrides a built-in converter). The
 * converter receives the layer and its context and adds nodes with `ctx.graph.node(...)`.
 *
 * @example
 * ```ts
 * registerOnnxConverter(Swish, (layer, ctx) => {
 *   const s = ctx.graph.node(ctx.path, "Sigmoid", [ctx.input]);
 *   return { output: ctx.graph.node(ctx.path, "Mul", [ctx.input, s]), shape: ctx.shape };
 * });
 * ```
 */
export function registerOnnxConverter<L extends Module>(layer: LayerClass<L>, convert: Converter<L>): void {
  custom.set(layer, convert as unknown as Converter);
}

function converterFor(layer: Module): Converter | undefined {
  const cls = layer.constructor as LayerClass;
  return custom.get(cls) ?? builtIn.find((e) => e.layer === cls)?.convert;
}

const supported = () =>
  [...new Set([...builtIn.map((e) => e.layer.name), ...[...custom.keys()].map((c) => c.name)])].join(", ");

/** Writes `layer` (a Sequential's layers in turn, recursively) into the graph. */
function convert(
  layer: Module,
  path: string,
  input: string,
  shape: readonly number[],
  graph: GraphBuilder,
): Converted {
  const converter = converterFor(layer);
  if (converter) return converter(layer, { graph, path, input, shape });
  if (layer instanceof SequentialModel && !layer.built)
    throw new OnnxExportError(
      path,
      `${path ? `layer '${path}'` : "the model"} has no layers yet: a sequential([...]) without an inputShape builds them on its first call; call it once (or train it) before exporting`,
    );
  if (layer instanceof Sequential) {
    let current: Converted = { output: input, shape };
    for (const [name, child] of layer.namedChildren()) {
      if (!child) continue;
      current = convert(
        child as Module,
        path ? `${path}.${name}` : name,
        current.output,
        current.shape,
        graph,
      );
    }
    return current;
  }
  const where = path
    ? `layer '${path}' (${layer.constructor.name})`
    : `the model (${layer.constructor.name})`;
  throw new OnnxExportError(
    path,
    `${where} is not supported: ONNX export handles Sequential models of ${supported()} (registerOnnxConverter adds others)`,
  );
}

/** ONNX IR version of each opset's ONNX release (IR 7 came with opset 13, 8 with 15, 9 with 19, 10 with 21). */
function irVersion(opset: number): number {
  return opset >= 21 ? 10 : opset >= 19 ? 9 : opset >= 15 ? 8 : 7;
}

/**
 * Exports a model as the bytes of an ONNX file, for onnxruntime (Node, web, Python, C++) and
 * other serving engines. Exports the model's evaluation-mode computation (Dropout is the
 * identity, BatchNorm uses its running statistics) in float32, with a symbolic batch axis.
 * Handles `Sequential` models (nested too, and those of the Keras-style `sequential([...])`)
 * of Linear (Gemm, or MatMul + Add past 2-D), Conv1d/Conv2d (Conv), MaxPool2d, AvgPool2d,
 * AdaptiveAvgPool2d (equal bins), BatchNorm1d/2d (BatchNormalization), Flatten, Dropout,
 * Identity, ReLU, LeakyReLU, ELU, GELU (Gelu from opset 20, else Erf), Sigmoid, Tanh, Softplus,
 * Softmax and LogSoftmax. Anything else is an {@link OnnxExportError} naming the layer; initializer
 * names are the state-dict names (`0.weight`).
 *
 * @example
 * ```ts
 * const model = sequential([conv2d(8, 3, { inputShape: [1, 28, 28] }), maxPooling2d(2), flatten(), dense(10)]);
 * const bytes = exportOnnx(model, { opset: 17 }); // inputShape from the model
 * await writeFile("model.onnx", bytes);
 * // Python: onnxruntime.InferenceSession("model.onnx").run(None, {"input": x})
 * ```
 */
export function exportOnnx(model: Module, options: ExportOnnxOptions = {}): Uint8Array {
  const opset = options.opset ?? ONNX_OPSETS.default;
  if (!Number.isInteger(opset) || opset < ONNX_OPSETS.min || opset > ONNX_OPSETS.max)
    throw new OnnxExportError(
      "",
      `opset must be an integer from ${ONNX_OPSETS.min} to ${ONNX_OPSETS.max}, got ${opset}`,
    );
  const inputShape = options.inputShape ?? (model instanceof SequentialModel ? model.inputShape : undefined);
  if (!inputShape)
    throw new OnnxExportError(
      "",
      "needs the shape of one input sample: pass { inputShape: [...] } (without the batch axis)",
    );
  if (!inputShape.every((d) => Number.isInteger(d) && d > 0))
    throw new OnnxExportError(
      "",
      `inputShape must be positive integers (without the batch axis), got ${JSON.stringify(inputShape)}`,
    );
  const batch = options.batchSize ?? "batch";
  if (typeof batch === "number" && !(Number.isInteger(batch) && batch > 0))
    throw new OnnxExportError("", `batchSize must be a positive integer, got ${batch}`);
  const inputName = options.inputName ?? "input";
  const outputName = options.outputName ?? "output";
  if (inputName === outputName)
    throw new OnnxExportError("", `inputName and outputName must differ, both are '${inputName}'`);

  const graph = new GraphBuilder(opset);
  graph.unique(inputName);
  graph.unique(outputName);
  const result = convert(model, "", inputName, [...inputShape], graph);
  graph.renameOutput(result.output, outputName);
  return encodeModel({
    irVersion: irVersion(opset),
    opset,
    producerName: "tensorkit",
    producerVersion: packageJson.version,
    graphName: model.constructor.name,
    docString: `${model.constructor.name} exported by @tensorkit/onnx; input ${batchShape(inputShape)}`,
    nodes: graph.nodes,
    initializers: graph.initializers,
    inputs: [{ name: inputName, dims: [batch, ...inputShape] }],
    outputs: [{ name: outputName, dims: [batch, ...result.shape] }],
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
}
