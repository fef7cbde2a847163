import type { Module } from "@tensorkit/nn";
import { OnnxExportError } from "./errors.js";
import type { GraphBuilder } from "./graph.js";

/** Where a converter is in the model: the graph so far and the value flowing into the layer. */
export interface LayerContext {
  readonly graph: GraphBuilder;
  /** The layer's state-dict path (`"2"`, `"features.0"`): node and initializer names start with it. */
  readonly path: string;
  /** The name of the input value in the graph. */
  readonly input: string;
  /** The input's shape without the batch axis. */
  readonly shape: readonly number[];
}

/** What a converter adds: the name of the layer's output value and its shape without the batch axis. */
export interface Converted {
  readonly output: string;
  readonly shape: readonly number[];
}

/**
 * Writes one layer as ONNX nodes. Converters are looked up by the layer's exact class, so a
 * subclass that overrides `forward` is never exported with its parent's semantics.
 */
export type Converter<L extends Module = Module> = (layer: L, ctx: LayerContext) => Converted;

/** The error for a layer that cannot take this input or has an unsupported setting. */
export function layerError(ctx: LayerContext, layer: Module, what: string): OnnxExportError {
  return new OnnxExportError(
    ctx.path,
    `layer '${ctx.path}' (${layer.constructor.name}) with input ${batchShape(ctx.shape)}: ${what}`,
  );
}

/** A shape with its symbolic batch axis first, e.g. `[batch,3,28,28]`. */
export const batchShape = (shape: readonly number[]): string =>
  `[batch${shape.map((d) => `,${d}`).join("")}]`;

/** An ONNX value name for the initializer of `key` (a parameter or buffer) of the layer at `path`. */
export const paramName = (path: string, key: string): string => (path ? `${path}.${key}` : key);

// biome-ignore lint/suspicious/noExplicitAny: layer constructors differ in their parameters
export type LayerClass<L extends Module = Module> = new (...args: any[]) => L;

/** A layer class and its converter. */
export interface ConverterEntry {
  readonly layer: LayerClass;
  readonly convert: Converter;
}

/** Pairs a layer class with its converter (the converter's parameter type follows the class). */
export const entry = <L extends Module>(layer: LayerClass<L>, convert: Converter<L>): ConverterEntry => ({
  layer,
  convert: convert as unknown as Converter,
});
