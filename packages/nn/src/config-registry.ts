import { TensorkitError } from "@tensorkit/tensor";
import type { Module } from "./module.js";

// The types and the user registry of architecture configs. Kept apart from config.ts (which
// imports every layer) so that module.ts can use it without an import cycle.

/** A JSON value. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** How {@link l1}, {@link l2} and {@link l1l2} describe themselves (Keras' regulariser config). */
export type RegularizerConfig =
  | { readonly type: "l1"; readonly l1: number }
  | { readonly type: "l2"; readonly l2: number }
  | { readonly type: "l1l2"; readonly l1: number; readonly l2: number };

/**
 * A module's architecture as JSON: its registered type name, its constructor arguments (and,
 * for containers, its children's configs), and the regularisers on its parameters. No weights:
 * those are the state dict.
 */
export type ModuleConfig = {
  readonly type: string;
  readonly config: JsonObject;
  readonly regularizers?: readonly { readonly param: string; readonly regularizer: RegularizerConfig }[];
};

/** A config that cannot be written or read: an unregistered module type, a bad field. */
export class ConfigError extends TensorkitError {
  override name = "ConfigError";
}

/** Makes a module from its config's `config` part; `fromConfig` builds nested children. */
export type ModuleFactory = (
  config: JsonObject,
  fromConfig: (config: ModuleConfig) => Module<never[], unknown>,
) => Module<never[], unknown>;

/** The type names of the layers and containers of this package (config.ts has a factory for each). */
export const BUILTIN_MODULE_TYPES = [
  "Linear",
  "Conv1d",
  "Conv2d",
  "MaxPool2d",
  "AvgPool2d",
  "AdaptiveAvgPool2d",
  "BatchNorm1d",
  "BatchNorm2d",
  "LayerNorm",
  "Dropout",
  "Embedding",
  "Flatten",
  "Identity",
  "ReLU",
  "LeakyReLU",
  "ELU",
  "GELU",
  "Sigmoid",
  "Tanh",
  "Softmax",
  "LogSoftmax",
  "Softplus",
  "RNN",
  "LSTM",
  "GRU",
  "RNNLastStep",
  "LSTMLastStep",
  "GRULastStep",
  "SequenceEncoder",
  "NeuMF",
  "MultiheadAttention",
  "TransformerEncoderLayer",
  "Sequential",
  "SequentialModel",
  "ModuleList",
  "ModuleDict",
] as const;

/** A type name of {@link BUILTIN_MODULE_TYPES}. */
export type BuiltinModuleType = (typeof BUILTIN_MODULE_TYPES)[number];

const builtin = new Set<string>(BUILTIN_MODULE_TYPES);
const custom = new Map<string, ModuleFactory>();

/**
 * Registers a module type of your own, so that models containing it can be saved and loaded:
 * give the class a `getConfig()` returning `{ type: name, config }` (its constructor arguments
 * as JSON) and register a factory that makes the module back from that config. Weights are not
 * part of the config; they load from the state dict afterwards.
 *
 * @example
 * ```ts
 * class Residual extends Module {
 *   constructor(readonly width: number) { super(); this.fc = new Linear(width, width); }
 *   fc: Linear;
 *   forward(x: Tensor) { return add(x, this.fc.call(x)); }
 *   protected override getConfig() { return { type: "Residual", config: { width: this.width } }; }
 * }
 * registerModuleType("Residual", (c) => new Residual(c.width as number));
 * ```
 */
export function registerModuleType(name: string, factory: ModuleFactory): void {
  if (typeof name !== "string" || name.length === 0)
    throw new ConfigError(`registerModuleType: the name must be a non-empty string, got ${String(name)}`);
  if (builtin.has(name))
    throw new ConfigError(`registerModuleType: '${name}' is a built-in layer type of @tensorkit/nn`);
  if (typeof factory !== "function")
    throw new ConfigError(`registerModuleType: the factory of '${name}' must be a function`);
  custom.set(name, factory);
}

/** Removes a type registered with {@link registerModuleType}; returns whether it was registered. */
export function unregisterModuleType(name: string): boolean {
  return custom.delete(name);
}

/** @internal The factory of a registered (non-built-in) type. */
export function customModuleFactory(name: string): ModuleFactory | undefined {
  return custom.get(name);
}

/** @internal Whether `name` is a built-in or registered type. */
export function isKnownModuleType(name: string): boolean {
  return builtin.has(name) || custom.has(name);
}
