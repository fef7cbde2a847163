import type { Backend } from "../backend/contract.js";
import { findBackend, getBackend } from "../backend/registry.js";
import { constantStorage } from "../core/constants.js";
import { assertDType, type DType, promoteTypes, promoteWithScalar } from "../core/dtype.js";
import { differentiable, isRecorded, NO_ATTRS, recorded } from "../core/grad-hooks.js";
import { Tensor } from "../tensor.js";
import { type NestedInput, tensor } from "./creation.js";
import { backendOf, backendOfAll, checkDTypeSupported, upload, wrap } from "./dispatch.js";

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
  // Only a float result can carry a gradient back (a cast to int or bool cuts the graph).
  const inputs = [x];
  if ((dtype === "float32" || dtype === "float64") && isRecorded(inputs))
    return recorded("cast", inputs, NO_ATTRS, () => castWith(backend, x, dtype));
  return castWith(backend, x, dtype);
}

function castWith(backend: Backend, x: Tensor, dtype: DType): Tensor {
  return wrap(backend, backend.kernels.cast(x.view("cast"), dtype), x.shape, dtype);
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
): { tensors: Tensor[]; owned: readonly boolean[]; dtype: DType } {
  // The common case, tensors only (every op inside a training step): no conversion, nothing owned.
  let allTensors = true;
  for (let i = 0; i < inputs.length; i++) if (!(inputs[i] instanceof Tensor)) allTensors = false;
  if (allTensors) {
    const tensors = inputs as Tensor[];
    backendOfAll(op, tensors);
    let dtype = tensors[0]!.dtype;
    for (let i = 1; i < tensors.length; i++) {
      const d = tensors[i]!.dtype;
      if (d !== dtype) dtype = promoteTypes(dtype, d);
    }
    return { tensors, owned: NOTHING_OWNED, dtype };
  }
  // Nested arrays become tensors first: they take part in promotion like tensors do.
  const n = inputs.length;
  const converted = new Array<Tensor | number | boolean>(n);
  const given: Tensor[] = [];
  for (let i = 0; i < n; i++) {
    const x = inputs[i]!;
    const c = x instanceof Tensor || typeof x === "number" || typeof x === "boolean" ? x : tensor(x);
    converted[i] = c;
    if (c instanceof Tensor) given.push(c);
  }
  let backend: Backend | undefined = given.length > 0 ? backendOfAll(op, given) : undefined;
  let dtype: DType | undefined;
  for (const t of given) dtype = dtype === undefined ? t.dtype : promoteTypes(dtype, t.dtype);
  for (const x of converted) {
    if (x instanceof Tensor) continue;
    if (dtype === undefined)
      dtype = typeof x === "boolean" ? "bool" : Number.isInteger(x) ? "int32" : "float32";
    else dtype = promoteWithScalar(dtype, x);
  }
  const resolved = dtype ?? "float32";
  backend ??= getBackend();
  const tensors = new Array<Tensor>(n);
  const owned = new Array<boolean>(n);
  for (let i = 0; i < n; i++) {
    const x = converted[i]!;
    tensors[i] = x instanceof Tensor ? x : scalarOn(backend, Number(x), resolved, op);
    owned[i] = !(inputs[i] instanceof Tensor);
  }
  return { tensors, owned, dtype: resolved };
}

/** `owned` when the caller created nothing (reads as false at every index). */
const NOTHING_OWNED: readonly boolean[] = Object.freeze([]);

/** A 0-d tensor of a JS number: a view of the backend's shared constant when there is room. */
export function scalarOn(backend: Backend, value: number, dtype: DType, op: string): Tensor {
  checkDTypeSupported(backend, dtype, op);
  const shared = constantStorage(backend, dtype === "int32" ? Math.trunc(value) : value, dtype);
  return shared ? new Tensor(shared, [], dtype, [], 0) : upload(backend, [value], [], dtype, op);
}

/** Disposes the tensors `prepareOperands` created. */
export function disposeOwned(tensors: readonly Tensor[], owned: readonly boolean[]): void {
  for (let i = 0; i < tensors.length; i++) if (owned[i]) tensors[i]!.dispose();
}
