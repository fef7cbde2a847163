/**
 * Typed errors of `@tensorkit/tensor`. Every message names the op and the shapes or dtypes
 * involved, so that a failure deep in a model points at the line that caused it.
 *
 * Shapes are written as `[2,3]` (no spaces), scalars as `[]`.
 */

/** Base class of every error tensorkit throws on purpose. */
export class TensorkitError extends Error {
  override name = "TensorkitError";
}

/** Shapes that do not fit the op: broadcasting, matmul inner dimensions, reshape sizes, … */
export class ShapeError extends TensorkitError {
  override name = "ShapeError";
}

/** A dtype the op does not accept, or an unsupported conversion. */
export class DTypeError extends TensorkitError {
  override name = "DTypeError";
}

/** No backend, an unknown backend, tensors on different backends, or a backend that broke the contract. */
export class BackendError extends TensorkitError {
  override name = "BackendError";
}

/** An argument outside its valid range (an axis, a probability, a size, an option). */
export class ValueError extends TensorkitError {
  override name = "ValueError";
}

/** An index out of bounds in gather, indexSelect, scatterAdd, oneHot, … */
export class IndexError extends TensorkitError {
  override name = "IndexError";
}

/** A tensor used after `dispose()` (or after the `tidy` that owned it ended). */
export class DisposedError extends TensorkitError {
  override name = "DisposedError";
}
