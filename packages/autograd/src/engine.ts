import {
  type BackwardOptions,
  cast,
  DTypeError,
  formatShape,
  type GradientEngine,
  installGradientEngine,
  isFloat,
  keep,
  onesLike,
  reshape,
  ShapeError,
  type Tensor,
  TensorkitError,
  tidy,
  add as tkAdd,
  untrack,
} from "@tensorkit/tensor";
import { gradEnabled, withGradMode } from "./mode.js";
import { RULES } from "./rules/index.js";
import type { RuleEntry } from "./rules/types.js";

/**
 * The tape. Each recorded op becomes a {@link Node} attached to its output tensor; a node knows
 * its parents (the nodes, or leaf tensors, its inputs came from) and saves handles to its inputs
 * and output, which share storage with them, so user code may dispose its tensors freely (even
 * through `tidy`) without breaking a later backward.
 *
 * Memory: a node is freed (its saved handles disposed) when backward has run through it, unless
 * `retainGraph`, or when nothing can reach it any more: its output tensor was disposed and no
 * later node uses it. So a graph that is never backpropagated is freed with its tensors.
 */

/** Where an input of a node came from. */
type Parent = { readonly node: Node } | { readonly leaf: Tensor };

/** What autograd keeps on a tensor (in `tensor.autograd`). */
type State = { kind: "leaf"; requiresGrad: boolean; grad: Tensor | null } | { kind: "node"; node: Node };

let nextId = 0;

/**
 * The safety net for a graph dropped without backward or dispose: when the garbage collector
 * takes a node, its saved handles are disposed (one registration per node, not per handle).
 */
const unreachableNodes = new FinalizationRegistry<Saved>((saved) => {
  for (const h of saved.inputs) h.dispose();
  saved.output.dispose();
});

/** The handles a node saves: its inputs' and its output's data. */
interface Saved {
  inputs: Tensor[];
  output: Tensor;
}

class Node {
  /** Creation order: parents always have smaller ids, so descending id is a topological order. */
  readonly id = nextId++;
  /** Output tensor alive, plus one per later node that uses this one. */
  refs = 1;
  /** Per input, whether it has a parent (what backward() differentiates: every such input). */
  readonly hasParent: readonly boolean[];
  freed = false;
  constructor(
    readonly op: string,
    readonly attrs: object,
    public saved: Saved,
    readonly parents: readonly (Parent | null)[],
  ) {
    this.hasParent = parents.map((p) => p !== null);
    // The held value is the saved object itself (it does not reference the node).
    unreachableNodes.register(this, saved, this);
  }

  /** Disposes the saved handles; the node can no longer be backpropagated. */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    unreachableNodes.unregister(this);
    for (const t of this.saved.inputs) t.dispose();
    this.saved.output.dispose();
    this.saved = { inputs: [], output: this.saved.output };
  }

  /** Drops one reference; at zero the node frees itself and lets go of its parents. */
  release(): void {
    if (--this.refs > 0) return;
    this.free();
    for (const p of this.parents) if (p && "node" in p) p.node.release();
  }
}

function stateOf(t: Tensor): State | undefined {
  return t.autograd as State | undefined;
}

/** A handle to `t`'s data that the tape owns: not recorded, in no `tidy`, freed by its node. */
function savedHandle(t: Tensor): Tensor {
  return t.ownedHandle();
}

const engine: GradientEngine = {
  requiresGrad(t) {
    const s = stateOf(t);
    return s !== undefined && (s.kind === "node" || s.requiresGrad);
  },

  setRequiresGrad(t, flag) {
    const s = stateOf(t);
    if (s?.kind === "node") {
      throw new TensorkitError(
        `requiresGrad: only leaf tensors can change requiresGrad; this ${formatShape(t.shape)} tensor is the output of '${s.node.op}' (use detach() to get a leaf)`,
      );
    }
    if (flag && !isFloat(t.dtype)) {
      throw new DTypeError(
        `requiresGrad: only floating-point tensors can require gradients; got a ${t.dtype} tensor of shape ${formatShape(t.shape)}`,
      );
    }
    if (s) s.requiresGrad = flag;
    else t.autograd = { kind: "leaf", requiresGrad: flag, grad: null } satisfies State;
  },

  gradOf(t) {
    const s = stateOf(t);
    return s?.kind === "leaf" ? s.grad : null;
  },

  setGrad(t, grad) {
    const s = stateOf(t);
    if (s?.kind === "node")
      throw new TensorkitError(
        `grad: only leaf tensors hold a .grad; this tensor is the output of '${s.node.op}'`,
      );
    if (grad && (grad.shape.length !== t.shape.length || grad.shape.some((d, i) => d !== t.shape[i]))) {
      throw new ShapeError(
        `grad: a gradient of shape ${formatShape(grad.shape)} does not fit a tensor of shape ${formatShape(t.shape)}`,
      );
    }
    const state = s ?? { kind: "leaf" as const, requiresGrad: false, grad: null };
    if (state.grad && state.grad !== grad) state.grad.dispose();
    state.grad = grad ? keep(grad) : null;
    t.autograd = state;
  },

  backward(t, gradient, options) {
    runBackward(t, gradient, options);
  },

  isRecording: gradEnabled,

  record(op, inputs, output, attrs) {
    const parents = inputs.map((t): Parent | null => {
      const s = stateOf(t);
      if (s?.kind === "node") {
        s.node.refs++;
        return { node: s.node };
      }
      return s?.kind === "leaf" && s.requiresGrad ? { leaf: t } : null;
    });
    const saved = { inputs: inputs.map(savedHandle), output: savedHandle(output) };
    output.autograd = { kind: "node", node: new Node(op, attrs, saved, parents) } satisfies State;
  },

  onDispose(t) {
    const s = stateOf(t);
    if (s?.kind === "node") s.node.release();
    else if (s?.grad) {
      s.grad.dispose();
      s.grad = null;
    }
  },
};

let installed = false;

/** Installs the engine into the tensor core (once). Every public function of autograd calls it. */
export function ensureEngine(): void {
  if (installed) return;
  installGradientEngine(engine);
  installed = true;
}

/** Options of {@link gradients}. */
export interface GradientsOptions extends BackwardOptions {
  /** Return zeros for inputs the outputs do not depend on, instead of throwing. Default false. */
  readonly allowUnused?: boolean;
}

/**
 * The core of backpropagation: vector-Jacobian products of `outputs` (seeded with `seeds`, one
 * per output) with respect to `targets` (leaves or intermediate tensors), or, with `targets`
 * null, accumulation into every reachable leaf's `.grad`.
 */
export function propagate(
  outputs: readonly Tensor[],
  seeds: readonly Tensor[],
  targets: readonly Tensor[] | null,
  options: GradientsOptions,
  op: string,
): (Tensor | null)[] {
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  const roots = outputs.map((t) => stateOf(t));

  // Nodes reachable from the outputs, in descending id (reverse topological) order.
  const nodes = new Map<number, Node>();
  const stack: Node[] = [];
  for (const s of roots) if (s?.kind === "node") stack.push(s.node);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (nodes.has(n.id)) continue;
    if (n.freed) {
      throw new TensorkitError(
        `${op}: the graph through '${n.op}' was freed by an earlier backward(); pass { retainGraph: true } to the first backward to run backward through it again`,
      );
    }
    nodes.set(n.id, n);
    for (const p of n.parents) if (p && "node" in p) stack.push(p.node);
  }
  const order = [...nodes.values()].sort((a, b) => b.id - a.id);

  // With targets, only nodes on a path to a target matter (ascending order: parents first).
  // Without (backward()), every node matters and every non-null parent gets a gradient.
  const targetNodes = new Map<Node, number>();
  const targetLeaves = new Map<Tensor, number>();
  targets?.forEach((t, i) => {
    const s = stateOf(t);
    if (s?.kind === "node") targetNodes.set(s.node, i);
    else targetLeaves.set(t, i);
  });
  const pass: Pass = {
    targets,
    targetLeaves,
    relevant: new Set<Node>(),
    results: targets ? targets.map(() => null) : [],
  };
  if (targets !== null) {
    for (let i = order.length - 1; i >= 0; i--) {
      const n = order[i]!;
      if (targetNodes.has(n) || n.parents.some((p) => leadsToTarget(pass, p))) pass.relevant.add(n);
    }
  }
  const { relevant, results } = pass;
  const pending = new Map<Node, Tensor>();

  // On any error (a missing rule, a shape bug, an unused input), free every gradient made so far.
  let current: Tensor | undefined;
  try {
    withGradMode(
      createGraph,
      () => {
        outputs.forEach((out, i) => {
          const s = roots[i];
          const seed = own(seeds[i]!, createGraph);
          if (s?.kind === "node") pending.set(s.node, addInto(pending.get(s.node), seed));
          else if (s?.kind === "leaf" && (targets === null ? s.requiresGrad : targetLeaves.has(out)))
            deliverToLeaf(pass, out, seed);
          else seed.dispose();
        });
        for (const node of order) {
          const dy = pending.get(node);
          pending.delete(node);
          if (!dy) continue;
          current = dy;
          const t = targetNodes.get(node);
          if (t !== undefined) results[t] = addInto(results[t], own(dy, createGraph));
          if (targets !== null && !relevant.has(node)) {
            dy.dispose();
            current = undefined;
            continue;
          }
          const entry = ruleFor(node, createGraph, op);
          const parents = node.parents;
          const needsGrad = targets === null ? node.hasParent : parents.map((p) => leadsToTarget(pass, p));
          const grads = createGraph
            ? tidy(() => {
                // Recording the backward pass needs the rule to see tensors linked to the graph,
                // not the tape's detached handles.
                const inputs = node.saved.inputs.map((h, i) => reconnect(h, parents[i]!));
                const output = reconnect(node.saved.output, { node });
                return entry.rule({ inputs, output, attrs: node.attrs, needsGrad }, dy);
              })
            : tidy(() =>
                entry.rule(
                  { inputs: node.saved.inputs, output: node.saved.output, attrs: node.attrs, needsGrad },
                  dy,
                ),
              );
          for (let i = 0; i < parents.length; i++) {
            const p = parents[i];
            const g = grads[i];
            if (!g || !p || !needsGrad[i]) continue;
            const conformed = conform(g, node.saved.inputs[i]!, node.op, i);
            const handle = own(conformed, createGraph);
            if (conformed !== g) conformed.dispose();
            if ("node" in p) pending.set(p.node, addInto(pending.get(p.node), handle));
            else deliverToLeaf(pass, p.leaf, handle);
          }
          // A rule may return one tensor for several inputs (add returns dy twice): dispose each once.
          for (let i = 0; i < grads.length; i++) {
            const g = grads[i];
            if (g && g !== dy && grads.indexOf(g) === i) g.dispose();
          }
          dy.dispose();
          current = undefined;
          if (!retainGraph) node.free();
        }
      },
      op,
    );
    for (const g of pending.values()) g.dispose();

    if (targets && !options.allowUnused) {
      const unused = results.indexOf(null);
      if (unused >= 0) {
        const t = targets[unused]!;
        throw new TensorkitError(
          `${op}: input ${unused} (shape ${formatShape(t.shape)}) is not on the path to the output: the output does not depend on it (pass { allowUnused: true } to get null)`,
        );
      }
    }
    return results;
  } catch (e) {
    current?.dispose();
    for (const g of pending.values()) g.dispose();
    for (const g of results) g?.dispose();
    throw e;
  }
}

/** What one backward pass shares between its helpers. */
interface Pass {
  /** The tensors to differentiate with respect to, or null for backward() (every leaf). */
  readonly targets: readonly Tensor[] | null;
  readonly targetLeaves: ReadonlyMap<Tensor, number>;
  /** With targets, the nodes on a path to one. */
  readonly relevant: Set<Node>;
  /** With targets, the gradient of each so far. */
  readonly results: (Tensor | null)[];
}

function leadsToTarget(pass: Pass, p: Parent | null): boolean {
  return (
    p !== null &&
    ("node" in p ? pass.relevant.has(p.node) : pass.targets === null || pass.targetLeaves.has(p.leaf))
  );
}

/** `current + g`, freeing both; `g` itself when there is nothing yet. */
function addInto(current: Tensor | null | undefined, g: Tensor): Tensor {
  if (!current) return g;
  // The engine disposes what it accumulates, so no finalizer (leaf grads get one below).
  const sum = untrack(tkAdd(current, g));
  current.dispose();
  g.dispose();
  return sum;
}

/** Adds `g` into a target's result, or (backward()) into the leaf's `.grad`. */
function deliverToLeaf(pass: Pass, leaf: Tensor, g: Tensor): void {
  if (pass.targets) {
    const i = pass.targetLeaves.get(leaf)!;
    pass.results[i] = addInto(pass.results[i], g);
    return;
  }
  const s = stateOf(leaf) as Extract<State, { kind: "leaf" }>;
  s.grad = addInto(s.grad, g);
  s.grad.ensureFinalizer(); // a leaf's .grad outlives backward: the safety net applies
}

/**
 * A tensor with the saved data that autograd sees as coming from `parent` (a new handle sharing
 * the node's output, or the leaf itself), owned by the enclosing `tidy`.
 */
function reconnect(saved: Tensor, parent: Parent | null): Tensor {
  if (parent && "leaf" in parent && !parent.leaf.isDisposed) return parent.leaf;
  const t = saved.detach();
  if (parent && "node" in parent) {
    parent.node.refs++; // released when the enclosing tidy disposes t
    t.autograd = { kind: "node", node: parent.node } satisfies State;
  }
  return t;
}

/** A handle the engine owns exclusively; recorded (so it stays in the graph) under createGraph. */
function own(g: Tensor, createGraph: boolean): Tensor {
  return createGraph ? untrack(reshape(g, g.shape)) : g.ownedHandle();
}

/**
 * Hands a result the engine owned to the caller as an ordinary tensor: owned by the caller's
 * `tidy`, if any, like any op's output. (Leaf `.grad`s are different: they persist.)
 */
export function handOver(g: Tensor, createGraph: boolean): Tensor {
  const out = createGraph ? reshape(g, g.shape) : g.detach();
  g.dispose();
  return out;
}

/** Checks a rule's gradient against its input and casts it to the input's float dtype. */
function conform(g: Tensor, input: Tensor, op: string, i: number): Tensor {
  if (!sameShape(g.shape, input.shape)) {
    throw new ShapeError(
      `autograd: the '${op}' rule returned a gradient of shape ${formatShape(g.shape)} for input ${i} of shape ${formatShape(input.shape)}`,
    );
  }
  return g.dtype === input.dtype || !isFloat(input.dtype) ? g : cast(g, input.dtype);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function ruleFor(node: Node, createGraph: boolean, op: string): RuleEntry {
  const entry = RULES[node.op];
  if (!entry) throw new TensorkitError(`${op}: no gradient rule for op '${node.op}'`);
  if (createGraph && entry.secondOrder === false) {
    throw new TensorkitError(
      `${op}: gradients of gradients through '${node.op}' are not supported (its rule uses ops that are not differentiable); second-order gradients are available through every op except maxPool2d`,
    );
  }
  return entry;
}

function runBackward(t: Tensor, gradient: Tensor | undefined, options: BackwardOptions): void {
  const s = stateOf(t);
  if (!s || (s.kind === "leaf" && !s.requiresGrad)) {
    throw new TensorkitError(
      `backward: this ${formatShape(t.shape)} tensor does not require gradients: none of the tensors it was computed from requires them (mark parameters with requiresGrad(), and compute the loss outside noGrad)`,
    );
  }
  if (gradient === undefined && t.size !== 1) {
    throw new ShapeError(
      `backward: the output has shape ${formatShape(t.shape)}; only a one-element output gets an implicit gradient of 1. Reduce it first (e.g. sum() or mean()) or pass backward(gradient) with a gradient of shape ${formatShape(t.shape)}`,
    );
  }
  if (
    gradient &&
    (gradient.shape.length !== t.shape.length || gradient.shape.some((d, i) => d !== t.shape[i]))
  ) {
    throw new ShapeError(
      `backward: the gradient has shape ${formatShape(gradient.shape)} but the output has shape ${formatShape(t.shape)}`,
    );
  }
  const seed = gradient ?? onesLike(t);
  try {
    propagate([t], [seed], null, options, "backward");
  } finally {
    if (!gradient) seed.dispose();
  }
}
