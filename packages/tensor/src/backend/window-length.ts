/**
 * For backend authors: the output length of a convolution or pooling window along one axis,
 * PyTorch's floor formula `floor((size + padBefore + padAfter - dilation·(kernel - 1) - 1) / stride) + 1`,
 * and 0 when the window never fits. The core has already checked the window fits when it calls a
 * kernel; backends use this to size their outputs, so all of them agree with the core.
 *
 * @example
 * ```ts
 * windowOutputLength(28, 3, 1, 1, 1, 1); // 28: a padded 3×3 convolution keeps the size
 * windowOutputLength(28, 2, 2, 0, 0, 1); // 14: 2×2 pooling with stride 2 halves it
 * ```
 */
export function windowOutputLength(
  size: number,
  kernel: number,
  stride: number,
  padBefore: number,
  padAfter: number,
  dilation: number,
): number {
  return Math.max(0, Math.floor((size + padBefore + padAfter - dilation * (kernel - 1) - 1) / stride) + 1);
}
