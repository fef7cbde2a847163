import { noGrad, zeroGrad } from "@tensorkit/autograd";
import {
  add,
  cast,
  formatShape,
  keep,
  ShapeError,
  type Tensor,
  TensorkitError,
  tidy,
} from "@tensorkit/tensor";
import {
  ConfigError,
  isKnownModuleType,
  type ModuleConfig,
  type RegularizerConfig,
} from "./config-registry.js";
import { Parameter } from "./parameter.js";

/**
 * Something that adds a penalty to the loss for one parameter (an L1/L2 regulariser). `config`
 * describes it in a saved architecture ({@link l1}, {@link l2} and {@link l1l2} set it).
 */
export type Regularizer = ((weight: Tensor) => Tensor) & { readonly config?: RegularizerConfig };

/** Called after a module's forward with its inputs and output (used by `summary()`). */
export type ForwardHook = (module: Module, inputs: readonly unknown[], output: unknown) => void;

/** What {@link Module.loadStateDict} reports. */
export interface LoadStateDictResult {
  /** Keys the module has that the state dict lacked. */
  readonly missingKeys: string[];
  /** Keys in the state dict the module does not have. */
  readonly unexpectedKeys: string[];
}

/** Thrown by a strict `loadStateDict` that finds missing or unexpected keys, or by a shape mismatch. */
export class StateDictError extends TensorkitError {
  override name = "StateDictError";
}

/**
 * The base class of every layer and model, in PyTorch's shape. Parameters and submodules are
 * found two ways: registered explicitly (`registerParameter`, `registerModule`, needed for names
 * that differ from the property, such as PyTorch's `weight_ih_l0`) and, like PyTorch's
 * attribute assignment, discovered from the module's own properties (in declaration order).
 * Buffers (running statistics) are always registered explicitly.
 *
 * @example
 * ```ts
 * class Net extends Module {
 *   fc1 = new Linear(4, 8);
 *   fc2 = new Linear(8, 3);
 *   forward(x: Tensor): Tensor {
 *     return this.fc2.call(relu(this.fc1.call(x)));
 *   }
 * }
 * const net = new Net();
 * net.namedParameters().map(([name]) => name); // ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
 * ```
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** Training mode (dropout active, batch statistics) or evaluation mode. */
  training = true;
  readonly #params = new Map<string, Parameter | null>();
  readonly #buffers = new Map<string, Tensor | null>();
  readonly #nonPersistent = new Set<string>();
  readonly #children = new Map<string, Module<never[], unknown> | null>();
  readonly #regularizers: [string, Regularizer][] = [];
  readonly #hooks = new Set<ForwardHook>();

  /** The computation. Call modules through {@link call}, which also runs hooks. */
  abstract forward(...inputs: In): Out;

  /** Runs `forward` (and any forward hooks): PyTorch's `module(x)`. */
  call(...inputs: In): Out {
    const out = this.forward(...inputs);
    for (const hook of this.#hooks) hook(this as unknown as Module, inputs, out);
    return out;
  }

  /** Adds a hook run after every forward; returns a function that removes it. */
  registerForwardHook(hook: ForwardHook): () => void {
    this.#hooks.add(hook);
    return () => this.#hooks.delete(hook);
  }

  /** Registers a parameter under `name` (null records an absent one, e.g. no bias); returns it. */
  registerParameter<P extends Parameter | null>(name: string, param: P): P {
    checkName(name, "registerParameter");
    this.#params.set(name, param);
    return param;
  }

  /**
   * Registers a buffer: state that is not learned but is saved (running statistics). A
   * non-persistent buffer is left out of the state dict. Returns the buffer, kept alive until the
   * module is disposed.
   */
  registerBuffer<T extends Tensor | null>(
    name: string,
    buffer: T,
    options: { persistent?: boolean } = {},
  ): T {
    checkName(name, "registerBuffer");
    if (buffer) keep(buffer);
    this.#buffers.set(name, buffer);
    if (options.persistent === false) this.#nonPersistent.add(name);
    else this.#nonPersistent.delete(name);
    return buffer;
  }

  /** Registers a submodule under `name`; returns it. */
  registerModule<M extends Module<never[], unknown> | null>(name: string, module: M): M {
    checkName(name, "registerModule");
    this.#children.set(name, module);
    return module;
  }

  /** Adds a penalty on one of this module's parameters to {@link regularizationLoss} (Keras' `kernelRegularizer`). */
  addRegularizer(paramName: string, regularizer: Regularizer): this {
    if (!this.#ownParams().has(paramName)) {
      throw new TensorkitError(`addRegularizer: ${this.constructor.name} has no parameter '${paramName}'`);
    }
    this.#regularizers.push([paramName, regularizer]);
    return this;
  }

  /** Direct submodules with their names. */
  namedChildren(): [string, Module<never[], unknown>][] {
    return [...this.#ownChildren()].filter((e): e is [string, Module<never[], unknown>] => e[1] !== null);
  }

  /** Direct submodules. */
  children(): Module<never[], unknown>[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and every descendant, each once, with dotted names ("" for this one). */
  namedModules(prefix = ""): [string, Module<never[], unknown>][] {
    const seen = new Set<Module<never[], unknown>>();
    const out: [string, Module<never[], unknown>][] = [];
    const walk = (m: Module<never[], unknown>, name: string) => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([name, m]);
      for (const [child, sub] of m.namedChildren()) walk(sub, name ? `${name}.${child}` : child);
    };
    walk(this as unknown as Module<never[], unknown>, prefix);
    return out;
  }

  /** This module and every descendant. */
  modules(): Module<never[], unknown>[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Every parameter with its dotted name (`encoder.fc1.weight`), each once, as PyTorch orders them. */
  namedParameters(): [string, Parameter][] {
    const seen = new Set<Parameter>();
    const out: [string, Parameter][] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, p] of m.#ownParams()) {
        if (p === null || seen.has(p)) continue;
        seen.add(p);
        out.push([prefix ? `${prefix}.${name}` : name, p]);
      }
    }
    return out;
  }

  /** Every parameter, each once. */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Every buffer with its dotted name. */
  namedBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, b] of m.#buffers) if (b) out.push([prefix ? `${prefix}.${name}` : name, b]);
    }
    return out;
  }

  /** Every buffer. */
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /** Number of scalar parameters (trainable only when asked). */
  numParameters(options: { trainableOnly?: boolean } = {}): number {
    return this.parameters()
      .filter((p) => !options.trainableOnly || p.requiresGrad)
      .reduce((n, p) => n + p.size, 0);
  }

  /** Calls `fn` on every submodule, then on this one (PyTorch's order); returns this. */
  apply(fn: (module: Module<never[], unknown>) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this as unknown as Module<never[], unknown>);
    return this;
  }

  /** Sets training mode on this module and every descendant; returns this. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode (dropout off, running statistics): `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Freezes (false) or unfreezes (true) this module tree, as setting {@link trainable}; returns this. */
  requiresGrad(flag = true): this {
    this.trainable = flag;
    return this;
  }

  /** Whether this module was left trainable (see the setter). */
  #trainable = true;

  /**
   * Keras' `layer.trainable`. Setting it freezes (false) or unfreezes (true) this module and every
   * descendant: each parameter's `requiresGrad`, and each module's flag. A frozen `BatchNorm`
   * normalises with its running statistics and leaves them unchanged even when the model is in
   * training mode (Keras 2 semantics: `trainable = false` implies inference mode for
   * BatchNormalization), so a frozen base behaves exactly as it did when pretrained. Freezing also
   * drops any stale `.grad`, so no optimiser step can move a frozen weight.
   *
   * @example
   * ```ts
   * model.trainable = false; // freeze everything…
   * model.at(-1).trainable = true; // …but the head
   * ```
   */
  get trainable(): boolean {
    return this.#trainable;
  }

  set trainable(flag: boolean) {
    for (const m of this.modules()) m.#trainable = flag;
    for (const p of this.parameters()) {
      p.requiresGrad_(flag);
      if (!flag) p.grad = null;
    }
  }

  /**
   * The submodule at a dotted `path` (`"features.3"`, `""` for this one), PyTorch's
   * `get_submodule`; throws naming the first missing part.
   *
   * @example
   * ```ts
   * model.getSubmodule("encoder.fc1"); // the Linear
   * ```
   */
  getSubmodule(path: string): Module<never[], unknown> {
    let m = this as unknown as Module<never[], unknown>;
    if (path === "") return m;
    const parts = path.split(".");
    parts.forEach((part, i) => {
      const next = m.#ownChildren().get(part);
      if (!next) {
        const at = parts.slice(0, i).join(".") || "the model";
        const have = m.namedChildren().map(([n]) => n);
        throw new TensorkitError(
          `getSubmodule: ${at} (${m.constructor.name}) has no submodule '${part}' (it has ${have.join(", ") || "none"})`,
        );
      }
      m = next;
    });
    return m;
  }

  /**
   * Replaces the submodule at a dotted `path` (PyTorch's `set_submodule`): model surgery, e.g. a
   * new classification head. A submodule found through a property is replaced in that property
   * too, so `forward` uses the new one. Returns the old module (not disposed).
   *
   * @example
   * ```ts
   * const old = model.setSubmodule("head", new Linear(128, 5));
   * old.dispose();
   * ```
   */
  setSubmodule(path: string, module: Module<never[], unknown>): Module<never[], unknown> {
    const cut = path.lastIndexOf(".");
    const parent = this.getSubmodule(cut < 0 ? "" : path.slice(0, cut));
    const name = path.slice(cut + 1);
    const old = this.getSubmodule(path);
    if (Object.hasOwn(parent, name) && (parent as unknown as Record<string, unknown>)[name] === old)
      (parent as unknown as Record<string, unknown>)[name] = module;
    if (parent.#children.has(name)) parent.registerModule(name, module);
    return old;
  }

  /** Clears every parameter's `.grad`. */
  zeroGrad(): void {
    zeroGrad(this.parameters());
  }

  /** Whether any module in this tree has a regulariser (so a training step can skip the penalty walk). */
  hasRegularizers(): boolean {
    return this.modules().some((m) => m.#regularizers.length > 0);
  }

  /**
   * The sum of every regulariser's penalty in this module tree (0 when there are none), to add to
   * the loss.
   */
  regularizationLoss(): Tensor | null {
    const pairs: [Regularizer, Parameter][] = [];
    for (const m of this.modules()) {
      const params = m.#ownParams();
      for (const [name, reg] of m.#regularizers) {
        const p = params.get(name);
        if (p) pairs.push([reg, p]);
      }
    }
    if (pairs.length === 0) return null;
    return tidy(() => pairs.map(([reg, p]) => reg(p)).reduce((a, b) => add(a, b)));
  }

  /**
   * Parameters and persistent buffers by dotted name, PyTorch's `state_dict()`: the live
   * tensors (do not dispose them), in a stable order.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [prefix, m] of this.namedModules()) {
      const at = (name: string) => (prefix ? `${prefix}.${name}` : name);
      for (const [name, p] of m.#ownParams()) if (p) out[at(name)] = p;
      for (const [name, b] of m.#buffers) if (b && !m.#nonPersistent.has(name)) out[at(name)] = b;
    }
    return out;
  }

  /**
   * Copies values into this module's parameters and buffers by name, as PyTorch's
   * `load_state_dict`. Shapes must match exactly; dtypes are converted. With `strict` (default),
   * missing or unexpected keys throw a {@link StateDictError} listing them; otherwise they are
   * returned.
   */
  loadStateDict(
    stateDict: Readonly<Record<string, Tensor>>,
    options: { strict?: boolean } = {},
  ): LoadStateDictResult {
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !(k in stateDict));
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !(k in own));
    if ((options.strict ?? true) && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
      throw new StateDictError(
        `loadStateDict: ${this.constructor.name} state dict does not match` +
          (missingKeys.length ? `; missing keys: ${missingKeys.join(", ")}` : "") +
          (unexpectedKeys.length ? `; unexpected keys: ${unexpectedKeys.join(", ")}` : ""),
      );
    }
    for (const [key, target] of Object.entries(own)) {
      const value = stateDict[key];
      if (!value) continue;
      if (value.shape.length !== target.shape.length || value.shape.some((d, i) => d !== target.shape[i])) {
        throw new StateDictError(
          `loadStateDict: '${key}' has shape ${formatShape(value.shape)} in the state dict but ${formatShape(target.shape)} in ${this.constructor.name}`,
        );
      }
    }
    noGrad(() => {
      for (const [key, target] of Object.entries(own)) {
        const value = stateDict[key];
        if (!value) continue;
        if (value.dtype === target.dtype) target.assign(value);
        else tidy(() => target.assign(cast(value, target.dtype)));
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  /** Frees every parameter and buffer of this module tree. The module cannot be used after. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
    for (const b of this.buffers()) b.dispose();
  }

  /** PyTorch-style description, e.g. `Sequential(\n  (0): Linear(in=2, out=4)\n …)`. */
  toString(): string {
    const children = this.namedChildren();
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    if (children.length === 0) return `${head})`;
    const lines = children.map(([name, m]) => `  (${name}): ${m.toString().replace(/\n/g, "\n  ")}`);
    return `${head}\n${lines.join("\n")}\n)`;
  }

  /**
   * The architecture of this module tree as JSON (Keras' `get_config`): type names, constructor
   * arguments and regularisers, no weights. `moduleFromConfig(toConfig())` makes an equal,
   * freshly initialised module; load the state dict into it for the weights. A class of your own
   * needs a `getConfig()` and {@link registerModuleType}.
   *
   * @example
   * ```ts
   * new Linear(2, 4).toConfig(); // { type: "Linear", config: { inFeatures: 2, outFeatures: 4, bias: true } }
   * ```
   */
  toConfig(): ModuleConfig {
    const name = this.constructor.name;
    // A subclass that does not describe itself would be saved as its parent, and load wrong.
    if (!Object.hasOwn(Object.getPrototypeOf(this) as object, "getConfig")) throw unregistered(name);
    const own = this.getConfig();
    if (!isKnownModuleType(own.type)) throw unregistered(name, own.type);
    const regularizers = this.#regularizers.map(([param, reg]) => {
      if (!reg.config) {
        throw new ConfigError(
          `toConfig: the regulariser on '${param}' of ${name} is a plain function, which cannot be saved; ` +
            "use l1(), l2() or l1l2() from @tensorkit/nn",
        );
      }
      return { param, regularizer: reg.config };
    });
    return regularizers.length > 0 ? { ...own, regularizers } : own;
  }

  /**
   * A layer's type name and constructor arguments, for {@link toConfig}. Every layer of
   * @tensorkit/nn overrides it; a module of your own overrides it and registers its type with
   * `registerModuleType(type, factory)`.
   */
  protected getConfig(): ModuleConfig {
    throw unregistered(this.constructor.name);
  }

  /** The part of {@link toString} inside the parentheses: a layer's configuration. */
  protected extraRepr(): string {
    return "";
  }

  /** Registered parameters first, then Parameter-valued own properties not registered. */
  #ownParams(): Map<string, Parameter | null> {
    const out = new Map(this.#params);
    const registered = new Set(this.#params.values());
    for (const [key, value] of Object.entries(this)) {
      if (value instanceof Parameter && !registered.has(value) && !out.has(key)) out.set(key, value);
    }
    return out;
  }

  /** Registered submodules first, then Module-valued own properties not registered. */
  #ownChildren(): Map<string, Module<never[], unknown> | null> {
    const out = new Map(this.#children);
    const registered = new Set(this.#children.values());
    for (const [key, value] of Object.entries(this)) {
      if (value instanceof Module && !registered.has(value) && !out.has(key))
        out.set(key, value as Module<never[], unknown>);
    }
    return out;
  }
}

function unregistered(name: string, type?: string): ConfigError {
  return new ConfigError(
    type === undefined
      ? `toConfig: ${name} cannot describe its architecture: give the class a getConfig() returning ` +
          `{ type: "${name}", config: { …constructor arguments… } } and register it with ` +
          `registerModuleType("${name}", (config) => new ${name}(…)) from @tensorkit/nn`
      : `toConfig: ${name} names the type '${type}', which is not registered: call ` +
          `registerModuleType("${type}", (config) => new ${name}(…)) from @tensorkit/nn before saving`,
  );
}

function checkName(name: string, op: string): void {
  if (typeof name !== "string" || name.length === 0 || name.includes(".")) {
    throw new TensorkitError(`${op}: a name must be a non-empty string without '.', got '${String(name)}'`);
  }
}

/** @internal Shape check used by layers: names the layer, the expected and the actual shape. */
export function expectShape(layer: string, x: Tensor, expected: string, ok: boolean): void {
  if (!ok) throw new ShapeError(`${layer}: expected input of shape ${expected}, got ${formatShape(x.shape)}`);
}
