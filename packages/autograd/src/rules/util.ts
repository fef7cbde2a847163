import { reshape, type Shape, sum, type Tensor } from "@tensorkit/tensor";

/**
 * Undoes broadcasting for a gradient: sums `g` over the axes along which an input of `shape`
 * was broadcast (new leading axes, and size-1 axes that were stretched), then restores `shape`.
 * Returns `g` itself when nothing was broadcast.
 */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length > 0 ? sum(g, axes, { keepDims: true }) : g;
  return reshape(summed, shape);
}
