import { noGrad } from "@tensorkit/autograd";
import { type Tensor, TensorkitError, tidy, zeros } from "@tensorkit/tensor";
import { dense, type LayerSpec } from "./builders.js";
import { Sequential, type TensorModule } from "./containers.js";
import { Linear } from "./layers/linear.js";
import type { Module } from "./module.js";

/** A new head or layer: a module, a Keras-style layer spec (`dense(5)`), or for a head a number of outputs. */
export type LayerLike = TensorModule | LayerSpec;

/** Options of {@link replaceHead} and {@link replaceLayer}. */
export interface SurgeryOptions {
  /**
   * Shape of one model input (without the batch axis), to find the shape a layer spec is built
   * for. Models made by `sequential()` know it; without it, a replaced `Linear`'s `inFeatures` is used.
   */
  readonly inputShape?: readonly number[];
}

/** Options of {@link replaceHead}. */
export interface ReplaceHeadOptions extends SurgeryOptions {
  /** Dotted path of the head, when {@link headPath} cannot find it. */
  readonly path?: string;
}

/** Child names that hold the output layer in common architectures (torchvision's `fc`, `classifier`). */
const HEAD_NAMES = ["head", "fc", "classifier", "output"];

/**
 * The dotted path of a model's output layer: in a `Sequential`, its last layer that has
 * parameters (so a trailing `Softmax` stays after a new head); in another module, a child named
 * `head`, `fc`, `classifier` or `output` (searched inside it when it is a `Sequential`).
 *
 * @example
 * ```ts
 * headPath(sequential([dense(64, { activation: "relu", inputShape: [784] }), dense(10, { activation: "softmax" })])); // "2"
 * ```
 */
export function headPath(model: Module<never[], unknown>): string {
  if (model instanceof Sequential) {
    const withParams = model.namedChildren().filter(([, m]) => m.parameters().length > 0);
    const last = withParams.at(-1);
    if (!last) throw new TensorkitError("headPath: the Sequential has no layer with parameters");
    const [name, child] = last;
    return child instanceof Sequential ? `${name}.${headPath(child)}` : name;
  }
  const children = model.namedChildren();
  const found = children.find(([n]) => HEAD_NAMES.includes(n));
  if (!found)
    throw new TensorkitError(
      `headPath: ${model.constructor.name} is not a Sequential and has no child named ${HEAD_NAMES.join(", ")} ` +
        `(its children: ${children.map(([n]) => n).join(", ") || "none"}); pass { path } to name the head`,
    );
  const [name, child] = found;
  return child instanceof Sequential ? `${name}.${headPath(child)}` : name;
}

/**
 * Replaces the layer at a dotted `path` with a module or a Keras-style layer spec, which is built
 * for the shape that reaches that layer (so `dense(5)` needs no input size). A spec that makes
 * several modules (`dense(5, { activation: "softmax" })`) is put in as one `Sequential`. Returns
 * the old layer, not disposed.
 *
 * @example
 * ```ts
 * replaceLayer(model, "3", dense(32, { activation: "relu" })).dispose();
 * ```
 */
export function replaceLayer(
  model: Module<never[], unknown>,
  path: string,
  layer: LayerLike,
  options: SurgeryOptions = {},
): TensorModule {
  const old = model.getSubmodule(path);
  const module = isSpec(layer) ? buildFor(model, path, old, layer, options) : layer;
  return model.setSubmodule(path, module as Module<never[], unknown>) as unknown as TensorModule;
}

/**
 * Puts a new, freshly initialised output layer in place of the model's head (found by
 * {@link headPath}, or at `options.path`): a number of classes (a `Linear` with as many inputs as
 * the old head had), a layer spec such as `dense(5)`, or a module. The new head is trainable,
 * whatever was frozen before. Returns the old head, not disposed. The transfer-learning step of
 * Keras' guide and of PyTorch's `model.fc = nn.Linear(512, 5)`.
 *
 * @example
 * ```ts
 * model.trainable = false;
 * replaceHead(model, 5).dispose(); // a 5-class head, the only trainable layer
 * ```
 */
export function replaceHead(
  model: Module<never[], unknown>,
  head: LayerLike | number,
  options: ReplaceHeadOptions = {},
): TensorModule {
  const path = options.path ?? headPath(model);
  const layer = typeof head === "number" ? dense(head) : head;
  const old = replaceLayer(model, path, layer, options);
  model.getSubmodule(path).trainable = true;
  return old;
}

function isSpec(x: LayerLike): x is LayerSpec {
  return typeof (x as LayerSpec).build === "function" && !("forward" in x);
}

/** Builds `spec` for the input shape of the layer at `path`. */
function buildFor(
  model: Module<never[], unknown>,
  path: string,
  old: Module<never[], unknown>,
  spec: LayerSpec,
  options: SurgeryOptions,
): Module<never[], unknown> {
  const shape = inputShapeAt(model, path, old, options);
  const { modules } = spec.build(shape);
  const built = modules.length === 1 ? modules[0]! : new Sequential(...modules);
  return built as unknown as Module<never[], unknown>;
}

/** The shape (without batch) of what reaches `old`: from a probe forward pass, else a Linear's inFeatures. */
function inputShapeAt(
  model: Module<never[], unknown>,
  path: string,
  old: Module<never[], unknown>,
  options: SurgeryOptions,
): readonly number[] {
  const modelShape = options.inputShape ?? (model as { inputShape?: readonly number[] }).inputShape;
  if (modelShape) {
    let seen: readonly number[] | undefined;
    const remove = old.registerForwardHook((_m, inputs) => {
      const x = inputs[0] as Tensor | undefined;
      if (x && typeof x === "object" && "shape" in x) seen = x.shape.slice(1);
    });
    const modes = model.modules().map((m) => [m, m.training] as const);
    try {
      model.eval();
      noGrad(() => tidy(() => (model as unknown as TensorModule).call(zeros([2, ...modelShape]))));
    } catch (e) {
      throw new TensorkitError(
        `replaceLayer: the forward pass on an input of shape [batch, ${modelShape.join(", ")}] failed: ${(e as Error).message}`,
      );
    } finally {
      remove();
      for (const [m, mode] of modes) m.training = mode;
    }
    if (seen) return seen;
    throw new TensorkitError(`replaceLayer: the layer at '${path}' does not run in the model's forward pass`);
  }
  if (old instanceof Linear) return [old.inFeatures];
  throw new TensorkitError(
    `replaceLayer: cannot tell what shape reaches '${path}' (${old.constructor.name}); pass { inputShape } (one model input, without the batch axis) or a built module`,
  );
}
