import type { Tensor } from "@tensorkit/tensor";
import { TensorkitError } from "@tensorkit/tensor";
import type { ModuleConfig } from "./config-registry.js";
import { Module } from "./module.js";

/** A module that maps one tensor to one tensor: what `Sequential` chains. */
export type TensorModule = Module<[Tensor], Tensor>;

/**
 * Modules applied one after another; children are named "0", "1", …, so state dict keys match
 * PyTorch's `nn.Sequential` (`0.weight`, `2.bias`).
 *
 * @example
 * ```ts
 * const model = new Sequential(new Linear(2, 4), new ReLU(), new Linear(4, 1), new Sigmoid());
 * const y = model.call(x);
 * ```
 */
export class Sequential extends Module<[Tensor], Tensor> {
  constructor(...layers: TensorModule[]) {
    super();
    layers.forEach((layer, i) => {
      this.registerModule(String(i), layer as Module<never[], unknown>);
    });
  }

  /** The layers, in order. */
  get layers(): TensorModule[] {
    return this.children() as unknown as TensorModule[];
  }

  /** Number of layers. */
  get length(): number {
    return this.namedChildren().length;
  }

  /** The layer at `index` (negative counts from the end). */
  at(index: number): TensorModule {
    const layers = this.layers;
    const layer = layers[index < 0 ? layers.length + index : index];
    if (!layer)
      throw new TensorkitError(`Sequential.at: index ${index} is out of range for ${layers.length} layers`);
    return layer;
  }

  /** Appends a layer under the next index; returns this. */
  append(layer: TensorModule): this {
    this.registerModule(String(this.length), layer as Module<never[], unknown>);
    return this;
  }

  /** Replaces the layer at `index` (e.g. a new classification head); returns the old one. */
  replace(index: number, layer: TensorModule): TensorModule {
    const old = this.at(index);
    const i = index < 0 ? this.length + index : index;
    this.registerModule(String(i), layer as Module<never[], unknown>);
    return old;
  }

  protected override getConfig(): ModuleConfig {
    return { type: "Sequential", config: { layers: this.layers.map((m) => m.toConfig()) } };
  }

  /** The layers as forward runs them: found once, not by walking the children on every call. */
  #chain: TensorModule[] | undefined;

  override registerModule<M extends Module<never[], unknown> | null>(name: string, module: M): M {
    this.#chain = undefined;
    return super.registerModule(name, module);
  }

  forward(x: Tensor): Tensor {
    this.#chain ??= this.layers;
    let y = x;
    for (const layer of this.#chain) y = layer.call(y);
    return y;
  }
}

/**
 * A list of submodules, registered under "0", "1", … (PyTorch's `nn.ModuleList`). It has no
 * forward of its own: the owner decides how to use them.
 *
 * @example
 * ```ts
 * class Tower extends Module { blocks = new ModuleList([new Linear(8, 8), new Linear(8, 8)]); … }
 * ```
 */
export class ModuleList<M extends Module<never[], unknown> = Module<never[], unknown>> extends Module<
  never[],
  never
> {
  constructor(modules: readonly M[] = []) {
    super();
    modules.forEach((m, i) => {
      this.registerModule(String(i), m);
    });
  }

  get length(): number {
    return this.namedChildren().length;
  }

  /** The module at `index`. */
  at(index: number): M {
    const m = this.children()[index < 0 ? this.length + index : index];
    if (!m)
      throw new TensorkitError(`ModuleList.at: index ${index} is out of range for ${this.length} modules`);
    return m as M;
  }

  append(module: M): this {
    this.registerModule(String(this.length), module);
    return this;
  }

  [Symbol.iterator](): Iterator<M> {
    return (this.children() as M[])[Symbol.iterator]();
  }

  protected override getConfig(): ModuleConfig {
    return { type: "ModuleList", config: { modules: this.children().map((m) => m.toConfig()) } };
  }

  forward(): never {
    throw new TensorkitError("ModuleList has no forward: call its modules");
  }
}

/**
 * Submodules by name (PyTorch's `nn.ModuleDict`).
 *
 * @example
 * ```ts
 * const heads = new ModuleDict({ digits: new Linear(64, 10), parity: new Linear(64, 2) });
 * heads.get("digits").call(features);
 * ```
 */
export class ModuleDict<M extends Module<never[], unknown> = Module<never[], unknown>> extends Module<
  never[],
  never
> {
  constructor(modules: Readonly<Record<string, M>> = {}) {
    super();
    for (const [name, m] of Object.entries(modules)) this.registerModule(name, m);
  }

  get(name: string): M {
    const found = this.namedChildren().find(([n]) => n === name);
    if (!found)
      throw new TensorkitError(
        `ModuleDict.get: no module named '${name}' (have ${this.keys().join(", ") || "none"})`,
      );
    return found[1] as M;
  }

  set(name: string, module: M): this {
    this.registerModule(name, module);
    return this;
  }

  keys(): string[] {
    return this.namedChildren().map(([n]) => n);
  }

  protected override getConfig(): ModuleConfig {
    const modules: Record<string, ModuleConfig> = {};
    for (const [name, m] of this.namedChildren()) modules[name] = m.toConfig();
    return { type: "ModuleDict", config: { modules } };
  }

  forward(): never {
    throw new TensorkitError("ModuleDict has no forward: call its modules");
  }
}
