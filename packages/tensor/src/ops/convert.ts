import type { Backend } from "../backend/contract.js";
import { findBackend, getBackend } from "../backend/registry.js";
import { constantStorage } from "../core/constants.js";
import { assertDType, type DType, promoteTypes, promoteWithScalar } from "../core/dtype.js";
import { differentiable } from "../core/grad-hooks.js";
import { Tensor } from "../tensor.js";
import { type NestedInput, tensor } from "./creation.js";
import { backendOf, checkDTypeSupported, upload, wrap } from "./dispatch.js";

/** What ops accept where a tensor is expected: a tensor, a JS number or boolean, or nested arrays. */
export type TensorLike = Tensor | NestedInput;

/**
 * A tensor with another dtype (a new tensor even when the dtype is the same, so that the caller
 * owns what it gets). float→int32 truncates toward zero; anything→bool is `x != 0`.
 *
 * @example
 * ```ts
 * cast(tensor([1.7, -1.7]), "int32"); // [1, -1]
 * ```
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  assertDType(dtype, "cast");
  const backend = backendOf("cast", x);
  checkDTypeSupported(backend, dtype, "cast");
  const run = () => wrap(backend, backend.kernels.cast(x.view("cast"), dtype), x.shape, dtype);
  // Only a float result can carry a gradient back (a cast to int or bool cuts the graph).
  return dtype === "float32" || dtype === "float64" ? differentiable("cast", [x], {}, run) : run();
}

/** `x` itself when it already has `dtype`, else a cast copy; callers dispose the result only if it differs. */
export function castIfNeeded(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : cast(x, dtype);
}

/** A contiguous copy of `x` that owns its own storage. @example `const y = clone(x)` */
export function clone(x: Tensor): Tensor {
  const backend = backendOf("clone", x);
  return differentiable("clone", [x], {}, () =>
    wrap(backend, backend.kernels.copy(x.view("clone")), x.shape, x.dtype),
  );
}

/** A copy of `x` on another registered backend (read back, then written). @example `x.to("wasm")` */
export function toBackend(x: Tensor, backendName: string): Tensor {
  const target = findBackend(backendName);
  const values = x.dataSync();
  return upload(target, values, x.shape, x.dtype, "to");
}

/**
 * Turns op inputs into tensors on one backend and finds their common dtype (PyTorch promotion:
 * JS numbers do not widen tensors of their own kind). Returns the tensors (with a flag saying
 * which ones the caller created and must dispose) and the dtype.
 */
export function prepareOperands(
  op: string,
  inputs: readonly TensorLike[],
): { tensors: Tensor[]; owned: boolean[]; dtype: DType } {
  // Nested arrays become tensors first: they take part in promotion like tensors do.
  const asTensors = inputs.map((x) =>
    x instanceof Tensor || typeof x === "number" || typeof x === "boolean" ? x : tensor(x),
  );
  const given = asTensors.filter((x): x is Tensor => x instanceof Tensor);
  let backend: Backend | undefined = given.length > 0 ? backendOf(op, ...given) : undefined;
  let dtype: DType | undefined =
    given.length > 0 ? given.map((t) => t.dtype).reduce(promoteTypes) : undefined;
  for (const x of asTensors) {
    if (x instanceof Tensor) continue;
    if (dtype === undefined)
      dtype = typeof x === "boolean" ? "bool" : Number.isInteger(x) ? "int32" : "float32";
    else dtype = promoteWithScalar(dtype, x);
  }
  const resolved = dtype ?? "float32";
  backend ??= getBackend();
  const tensors = asTensors.map((x) =>
    x instanceof Tensor ? x : scalarOn(backend, Number(x), resolved, op),
  );
  const owned = inputs.map((x) => !(x instanceof Tensor));
  return { tensors, owned, dtype: resolved };
}

/** A 0-d tensor of a JS number: a view of the backend's shared constant when there is room. */
function scalarOn(backend: Backend, value: number, dtype: DType, op: string): Tensor {
  checkDTypeSupported(backend, dtype, op);
  const shared = constantStorage(backend, dtype === "int32" ? Math.trunc(value) : value, dtype);
  return shared ? new Tensor(shared, [], dtype, [], 0) : upload(backend, [value], [], dtype, op);
}

/** Disposes the tensors `prepareOperands` created. */
export function disposeOwned(tensors: readonly Tensor[], owned: readonly boolean[]): void {
  for (let i = 0; i < tensors.length; i++) if (owned[i]) tensors[i]!.dispose();
}
