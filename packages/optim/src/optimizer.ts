import { enableGrad, noGrad } from "@tensorkit/autograd";
import {
  cast,
  DTypeError,
  formatShape,
  isFloat,
  keep,
  ShapeError,
  Tensor,
  ValueError,
} from "@tensorkit/tensor";

/** Options every optimiser has: the learning rate, L2 (or decoupled) weight decay, and `maximize`. */
export interface BaseOptions {
  /** Learning rate (≥ 0). */
  lr: number;
  /** Weight decay (≥ 0); L2 added to the gradient, except AdamW's decoupled decay. */
  weightDecay: number;
  /** Ascend the objective instead of descending it. */
  maximize: boolean;
}

/**
 * A parameter group as the optimiser holds it: its parameters and its own value of every option.
 * Schedulers change `lr` (and momentum or `betas`) here; you may too, between steps.
 */
export type ParamGroup<O extends BaseOptions = BaseOptions> = O & {
  /** The parameters this group updates (leaf float tensors). */
  params: Tensor[];
  /** The learning rate a scheduler started from (PyTorch's `initial_lr`); set by the first scheduler. */
  initialLr?: number;
};

/** A parameter group as given to a constructor or `addParamGroup`: parameters plus any options to override. */
export type ParamGroupInput<O extends BaseOptions = BaseOptions> = Partial<O> & { params: Iterable<Tensor> };

/** What an optimiser's constructor takes: the parameters, or a list of parameter groups. */
export type Params<O extends BaseOptions = BaseOptions> = Iterable<Tensor> | readonly ParamGroupInput<O>[];

/** The state an optimiser keeps for one parameter: its step count and its named buffers. */
export interface ParamState {
  /** Steps taken on this parameter (frozen steps, without a gradient, do not count). */
  step: number;
  /** Buffers by name (`expAvg`, `momentumBuffer`, …), owned by the optimiser. */
  readonly buffers: Record<string, Tensor>;
}

/**
 * An optimiser's state in PyTorch's `state_dict` shape: per-parameter state keyed by the
 * parameter's position across all groups, and the groups' options with `params` as those positions.
 */
export interface OptimizerStateDict {
  readonly state: Record<number, { readonly step: number; readonly [buffer: string]: Tensor | number }>;
  readonly paramGroups: readonly (Record<string, unknown> & { readonly params: readonly number[] })[];
}

/**
 * The base class of every optimiser, with PyTorch's semantics: parameter groups with their own
 * options, `zeroGrad()`, `step()` (under `noGrad`; parameters without a `.grad` are skipped), and
 * `stateDict()`/`loadStateDict()` to resume exactly. A subclass validates its options and updates
 * one parameter with one fused op (`adamUpdate`, …) per step.
 *
 * @example
 * ```ts
 * const opt = new Adam([{ params: [w1, b1] }, { params: [w2], lr: 1e-4 }], { lr: 1e-3 });
 * for (let i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   loss(w1, b1, w2).backward();
 *   opt.step();
 * }
 * ```
 */
export abstract class Optimizer<O extends BaseOptions = BaseOptions> {
  /** The options a group takes when it does not set them. */
  readonly defaults: Readonly<O>;
  /** The parameter groups, in order; schedulers and users may change their options between steps. */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** @internal Per-parameter state, created on a parameter's first step. */
  protected readonly state = new Map<Tensor, ParamState>();
  #className: string | undefined;

  /** The class name errors start with (`Adam`, `AdamW`, …), looked up once: `step` validates every call. */
  protected get className(): string {
    this.#className ??= this.constructor.name;
    return this.#className;
  }

  constructor(params: Params<O>, defaults: O) {
    this.defaults = Object.freeze({ ...defaults });
    const list = [...(params as Iterable<Tensor | ParamGroupInput<O>>)];
    if (list.length === 0) throw new ValueError(`${this.constructor.name}: got an empty parameter list`);
    const groups =
      list[0] instanceof Tensor
        ? [{ params: list as Tensor[] } as unknown as ParamGroupInput<O>]
        : (list as ParamGroupInput<O>[]);
    for (const g of groups) this.addParamGroup(g);
  }

  /** Throws a `ValueError` naming the option when a group's options are invalid. */
  protected abstract validate(options: O): void;

  /** Initial buffers for a parameter's first step. */
  protected abstract initState(param: Tensor, group: ParamGroup<O>): Record<string, Tensor>;

  /**
   * Runs the fused update of one parameter; `state.step` is already incremented. Returns the new
   * parameter and the new buffers (tensors the caller takes over).
   */
  protected abstract update(
    param: Tensor,
    grad: Tensor,
    group: ParamGroup<O>,
    state: ParamState,
  ): { readonly param: Tensor; readonly state: object };

  /**
   * Adds a group of parameters with its own options (the defaults fill the rest). Throws when a
   * parameter already belongs to a group, is not a floating-point tensor or is not a leaf.
   *
   * @example
   * ```ts
   * opt.addParamGroup({ params: [head.weight, head.bias], lr: 1e-2 });
   * ```
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    const cls = this.constructor.name;
    const params = [...group.params];
    if (params.length === 0) throw new ValueError(`${cls}: a parameter group has no parameters`);
    const seen = new Set<Tensor>();
    for (const g of this.paramGroups) for (const p of g.params) seen.add(p);
    params.forEach((p, i) => {
      if (!(p instanceof Tensor))
        throw new ValueError(`${cls}: parameter ${i} of group ${this.paramGroups.length} is not a Tensor`);
      if (!isFloat(p.dtype))
        throw new DTypeError(
          `${cls}: can only optimise floating-point tensors; parameter ${i} of group ${this.paramGroups.length} is ${p.dtype} ${formatShape(p.shape)}`,
        );
      if (!isLeaf(p))
        throw new ValueError(
          `${cls}: can't optimise a non-leaf tensor; parameter ${i} of group ${this.paramGroups.length} (${formatShape(p.shape)}) is the output of an op (use detach() and requiresGrad())`,
        );
      if (seen.has(p))
        throw new ValueError(
          `${cls}: parameter ${i} of group ${this.paramGroups.length} (${formatShape(p.shape)}) is already in a parameter group; a parameter may appear in only one`,
        );
      seen.add(p);
    });
    const { params: _, ...options } = group;
    const merged = { ...this.defaults, ...options } as unknown as O;
    this.validate(merged);
    this.paramGroups.push({ ...merged, params } as ParamGroup<O>);
  }

  /**
   * Clears (and frees) the `.grad` of every parameter, before the next backward pass.
   *
   * @example
   * ```ts
   * opt.zeroGrad();
   * ```
   */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) if (p.grad) p.grad = null;
  }

  /**
   * Updates every parameter that has a `.grad` (frozen ones are skipped) with one fused op each,
   * under `noGrad`. With a `closure` (which zeroes the gradients, computes the loss and calls
   * `backward()`), runs it first, with gradients on, and returns its loss.
   *
   * @example
   * ```ts
   * loss.backward();
   * opt.step();
   * ```
   */
  step(closure?: () => Tensor): Tensor | undefined {
    const loss = closure ? enableGrad(closure) : undefined;
    noGrad(() => {
      for (const group of this.paramGroups) {
        this.validate(group);
        for (const p of group.params) {
          const grad = p.grad;
          if (!grad) continue;
          let st = this.state.get(p);
          if (!st) {
            st = { step: 0, buffers: keepAll(this.initState(p, group)) };
            this.state.set(p, st);
          }
          st.step += 1;
          const out = this.update(p, grad, group, st);
          p.assign(out.param);
          out.param.dispose();
          replaceBuffers(st, out.state as Record<string, Tensor | undefined>);
        }
      }
    });
    return loss;
  }

  /**
   * The optimiser's state (PyTorch's `state_dict()`): per-parameter step counts and buffers keyed
   * by the parameter's position across groups, and each group's options. The tensors are new
   * handles sharing storage with the optimiser's buffers, which are never written in place (each
   * step makes new ones), so the snapshot stays valid; dispose them when done. See
   * `stateDictToJSON` for a JSON form.
   *
   * @example
   * ```ts
   * const saved = opt.stateDict();
   * const resumed = new Adam(params, { lr: 1e-3 });
   * resumed.loadStateDict(saved);
   * ```
   */
  stateDict(): OptimizerStateDict {
    const state: Record<number, { step: number; [buffer: string]: Tensor | number }> = {};
    const paramGroups: (Record<string, unknown> & { params: number[] })[] = [];
    let index = 0;
    for (const group of this.paramGroups) {
      const { params, ...options } = group;
      const indices: number[] = [];
      for (const p of params) {
        const st = this.state.get(p);
        if (st) {
          const entry: { step: number; [buffer: string]: Tensor | number } = { step: st.step };
          for (const [k, t] of Object.entries(st.buffers)) entry[k] = keep(t.detach());
          state[index] = entry;
        }
        indices.push(index++);
      }
      paramGroups.push({ ...copyOptions(options), params: indices });
    }
    return { state, paramGroups };
  }

  /**
   * Restores a state from `stateDict()` (of an optimiser of the same kind over parameters of the
   * same shapes, grouped the same way): group options, step counts and buffers. The optimiser
   * takes its own handles to the tensors, so the caller may dispose the dict afterwards.
   *
   * @example
   * ```ts
   * opt.loadStateDict(checkpoint.optimizer);
   * ```
   */
  loadStateDict(dict: OptimizerStateDict): void {
    const cls = this.constructor.name;
    if (dict.paramGroups.length !== this.paramGroups.length)
      throw new ValueError(
        `${cls}.loadStateDict: the state has ${dict.paramGroups.length} parameter groups but the optimiser has ${this.paramGroups.length}`,
      );
    dict.paramGroups.forEach((g, i) => {
      if (g.params.length !== this.paramGroups[i]!.params.length)
        throw new ValueError(
          `${cls}.loadStateDict: group ${i} has ${g.params.length} parameters in the state but ${this.paramGroups[i]!.params.length} in the optimiser`,
        );
    });
    const byIndex = new Map<number, Tensor>();
    dict.paramGroups.forEach((g, i) => {
      g.params.forEach((index, j) => {
        byIndex.set(index, this.paramGroups[i]!.params[j]!);
      });
    });
    // Check everything before changing anything, so a bad dict leaves the optimiser as it was.
    const loaded = new Map<Tensor, ParamState>();
    try {
      for (const [key, entry] of Object.entries(dict.state)) {
        const p = byIndex.get(Number(key));
        if (!p) throw new ValueError(`${cls}.loadStateDict: state ${key} names no parameter of the groups`);
        const buffers: Record<string, Tensor> = {};
        for (const [name, value] of Object.entries(entry)) {
          if (name === "step") continue;
          if (!(value instanceof Tensor))
            throw new ValueError(`${cls}.loadStateDict: state ${key}.${name} is not a Tensor`);
          if (value.shape.length !== p.shape.length || value.shape.some((d, i) => d !== p.shape[i]))
            throw new ShapeError(
              `${cls}.loadStateDict: state ${key}.${name} has shape ${formatShape(value.shape)} but its parameter has ${formatShape(p.shape)}`,
            );
          buffers[name] = keep(value.dtype === p.dtype ? value.detach() : cast(value, p.dtype));
        }
        const step = Number(entry.step);
        if (!Number.isInteger(step) || step < 0)
          throw new ValueError(
            `${cls}.loadStateDict: state ${key}.step is ${String(entry.step)}, not a count`,
          );
        loaded.set(p, { step, buffers });
      }
      const options = dict.paramGroups.map(
        ({ params: _, ...o }) => ({ ...this.defaults, ...copyOptions(o) }) as O,
      );
      for (const o of options) this.validate(o);
      for (const st of this.state.values()) for (const t of Object.values(st.buffers)) t.dispose();
      this.state.clear();
      for (const [p, st] of loaded) this.state.set(p, st);
      options.forEach((o, i) => {
        Object.assign(this.paramGroups[i]!, o);
      });
    } catch (e) {
      for (const st of loaded.values()) for (const t of Object.values(st.buffers)) t.dispose();
      throw e;
    }
  }

  /**
   * The state of one parameter (step count and buffers), or undefined before its first step.
   *
   * @example
   * ```ts
   * opt.stateOf(w)?.buffers.expAvg;
   * ```
   */
  stateOf(param: Tensor): Readonly<ParamState> | undefined {
    return this.state.get(param);
  }

  /**
   * Frees every state buffer; the optimiser starts afresh (as new) on its next step.
   *
   * @example
   * ```ts
   * opt.dispose();
   * ```
   */
  dispose(): void {
    for (const st of this.state.values()) for (const t of Object.values(st.buffers)) t.dispose();
    this.state.clear();
  }
}

/** Whether `t` is a leaf: a tensor made by the user, not the recorded output of an op. */
function isLeaf(t: Tensor): boolean {
  if (!t.requiresGrad) return true;
  // Only leaves may change requiresGrad; setting it to its current value is a no-op on a leaf.
  try {
    t.requiresGrad_(true);
    return true;
  } catch {
    return false;
  }
}

function keepAll(buffers: Record<string, Tensor>): Record<string, Tensor> {
  for (const t of Object.values(buffers)) keep(t);
  return buffers;
}

/**
 * Moves the new buffers' data into the buffer tensors, which keep their identity (and their
 * finalizer registration: a new registration per buffer per step was a measurable share of a
 * small model's step). A buffer seen for the first time is kept out of any enclosing tidy.
 */
function replaceBuffers(st: ParamState, next: Record<string, Tensor | undefined>): void {
  for (const k of Object.keys(next)) {
    const t = next[k];
    if (!t) continue;
    const old = st.buffers[k];
    if (old === t) continue;
    if (old && !old.isDisposed) {
      old.assign(t);
      t.dispose();
    } else st.buffers[k] = keep(t);
  }
}

/** A copy of group options with arrays (betas) copied, so a dict does not alias live groups. */
function copyOptions(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = Array.isArray(v) ? [...v] : v;
  return out;
}
