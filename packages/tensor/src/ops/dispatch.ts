import type { Backend, View } from "../backend/contract.js";
import { backendName, getBackend } from "../backend/registry.js";
import { allocHostArray, bytesPerElement, type DType } from "../core/dtype.js";
import { BackendError, DTypeError } from "../core/errors.js";
import { trackStorage } from "../core/memory.js";
import { formatShape, type Shape, shapesEqual, sizeOf } from "../core/shape.js";
import { Tensor } from "../tensor.js";

/**
 * Internal plumbing shared by every op: checking that inputs live on one backend, wrapping the
 * storages kernels return into tensors, and building views that share storage.
 */

/** The backend all `inputs` live on; throws if they are disposed or live on different backends. */
export function backendOf(op: string, ...inputs: Tensor[]): Backend {
  return backendOfAll(op, inputs);
}

/** {@link backendOf} over an array the caller already has (no rest-parameter copy). */
export function backendOfAll(op: string, inputs: readonly Tensor[]): Backend {
  const first = inputs[0]!;
  first.assertAlive(op);
  for (let i = 1; i < inputs.length; i++) {
    const t = inputs[i]!;
    t.assertAlive(op);
    if (t.backend !== first.backend) {
      throw new BackendError(
        `${op}: inputs live on different backends ('${backendName(first.backend)}' for ${formatShape(first.shape)}, ` +
          `'${backendName(t.backend)}' for ${formatShape(t.shape)}); move one with .to('${backendName(first.backend)}')`,
      );
    }
  }
  return first.backend;
}

/** Wraps a storage a kernel returned as a new contiguous tensor of `shape` and `dtype`. */
export function wrap(backend: Backend, handle: unknown, shape: Shape, dtype: DType): Tensor {
  const record = trackStorage(backend, handle, sizeOf(shape) * bytesPerElement(dtype));
  return new Tensor(record, shape, dtype);
}

/** A new tensor sharing `t`'s storage with another shape, strides and offset (no copy). */
export function viewOf(t: Tensor, shape: Shape, strides: readonly number[], offset: number): Tensor {
  t.assertAlive("view");
  return new Tensor(t.record, shape, t.dtype, strides, offset);
}

/** `t` broadcast to `shape` as a kernel view: stride 0 on new and size-1 axes (shapes already checked). */
export function broadcastView(t: Tensor, shape: Shape, op: string): View<unknown> {
  const v = t.view(op);
  if (shapesEqual(v.shape, shape)) return v;
  const lead = shape.length - v.shape.length;
  const strides = shape.map((d, i) => {
    if (i < lead) return 0;
    return v.shape[i - lead] === 1 && d !== 1 ? 0 : v.strides[i - lead]!;
  });
  return { ...v, shape, strides };
}

/** Uploads host values to `backend` as a new tensor; checks the backend stores the dtype. */
export function upload(
  backend: Backend,
  values: ArrayLike<number>,
  shape: Shape,
  dtype: DType,
  op: string,
): Tensor {
  checkDTypeSupported(backend, dtype, op);
  shape = [...shape]; // the caller's array may change later; tensors never do
  const host = allocHostArray(dtype, values.length);
  if (dtype === "bool")
    for (let i = 0; i < values.length; i++) host[i] = values[i] !== 0 ? 1 : 0; // NaN is true, as in PyTorch
  else host.set(values as ArrayLike<number>);
  return wrap(backend, backend.kernels.write(host, dtype), shape, dtype);
}

/** Throws a DTypeError when `backend` cannot store `dtype` (float64 on a float32-only backend). */
export function checkDTypeSupported(backend: Backend, dtype: DType, op: string): void {
  if (!backend.dtypes.includes(dtype)) {
    throw new DTypeError(
      `${op}: backend '${backendName(backend)}' does not support dtype ${dtype} (it has ${backend.dtypes.join(", ")})`,
    );
  }
}

/** The backend new tensors are created on: that of `like` when given, else the active one. */
export function creationBackend(like?: Tensor): Backend {
  return like ? like.backend : getBackend();
}
