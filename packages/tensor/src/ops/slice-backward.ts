import { ShapeError } from "../core/errors.js";
import { tidy } from "../core/scope.js";
import { formatShape, type Shape } from "../core/shape.js";
import type { Tensor } from "../tensor.js";
import { fullOn } from "./creation.js";
import { pad } from "./join.js";
import { reshape, type SliceSpec, slice, unsqueeze } from "./views.js";

/**
 * The adjoint of {@link slice}: a tensor of `inputShape`, zero everywhere except where `slice`
 * read, which holds `dy`. Autograd's slice rule is this op; it is built from pad, reshape and
 * slice, so it runs on every backend and can itself be differentiated.
 *
 * @example
 * ```ts
 * // slice(x, [[1, 5, 2]]) of a length-6 x read indices 1 and 3:
 * sliceBackward(tensor([10, 20]), [6], [{ start: 1, step: 2, size: 2 }]); // [0, 10, 0, 20, 0, 0]
 * ```
 */
export function sliceBackward(dy: Tensor, inputShape: Shape, spec: readonly SliceSpec[]): Tensor {
  if (spec.length !== inputShape.length) {
    throw new ShapeError(
      `sliceBackward: ${spec.length} axis specs for an input of shape ${formatShape(inputShape)}`,
    );
  }
  if (spec.some((s) => "size" in s && s.size === 0))
    return fullOn(dy.backend, inputShape, 0, dy.dtype, "sliceBackward");
  return tidy(() => {
    let g = dy;
    // Restore the axes that an integer index dropped, so that g has the input's rank.
    spec.forEach((s, axis) => {
      if ("index" in s) g = unsqueeze(g, axis);
    });
    spec.forEach((s, axis) => {
      const dim = inputShape[axis]!;
      const [start, step, size] = "index" in s ? [s.index, 1, 1] : [s.start, s.step, s.size];
      if (step > 1) {
        // Interleave step-1 zeros after each element: [.., n, ..] → [.., n, step, ..] → [.., n*step, ..].
        const widened = pad(unsqueeze(g, axis + 1), padFor(axis + 1, 0, step - 1));
        const merged = reshape(
          widened,
          g.shape.map((d, i) => (i === axis ? d * step : d)),
        );
        g = slice(merged, spanOn(axis, (size - 1) * step + 1));
      }
      const span = (size - 1) * step + 1;
      g = pad(g, padFor(axis, start, dim - start - span));
    });
    return g;
  });
}

function padFor(axis: number, before: number, after: number): [number, number][] {
  return Array.from({ length: axis + 1 }, (_, i): [number, number] =>
    i === axis ? [before, after] : [0, 0],
  );
}

function spanOn(axis: number, length: number): ([number, number] | null)[] {
  return Array.from({ length: axis + 1 }, (_, i) => (i === axis ? [0, length] : null));
}
