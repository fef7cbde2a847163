import { PIXELS } from "./format.js";

/**
 * Turns ink drawn on a square canvas into an MNIST-style 28×28 input, the way MNIST itself was
 * made: crop to the ink's bounding box, scale it to fit a 20×20 box (keeping its aspect ratio,
 * averaging the covered source pixels), then place it so that its centre of mass sits at the
 * centre of the 28×28 image. Returns `null` for a blank canvas.
 *
 * @param ink intensities in [0, 1], row-major, `size × size`
 *
 * @example
 * ```ts
 * const input = toMnist(inkFromCanvas(canvas), canvas.width); // Float32Array(784) or null
 * ```
 */
export function toMnist(ink: Float32Array, size: number): Float32Array | null {
  if (ink.length !== size * size)
    throw new RangeError(`toMnist: ${ink.length} values for a ${size}×${size} canvas`);
  let top = size;
  let left = size;
  let bottom = -1;
  let right = -1;
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++)
      if (ink[r * size + c]! > 0.05) {
        top = Math.min(top, r);
        bottom = Math.max(bottom, r);
        left = Math.min(left, c);
        right = Math.max(right, c);
      }
  if (bottom < 0) return null;
  const h = bottom - top + 1;
  const w = right - left + 1;
  const scale = 20 / Math.max(h, w);
  const outH = Math.max(1, Math.round(h * scale));
  const outW = Math.max(1, Math.round(w * scale));
  // box-filter each target pixel over the source pixels it covers
  const box = new Float32Array(outH * outW);
  for (let r = 0; r < outH; r++) {
    const r0 = top + Math.floor((r * h) / outH);
    const r1 = top + Math.max(Math.floor(((r + 1) * h) / outH), Math.floor((r * h) / outH) + 1);
    for (let c = 0; c < outW; c++) {
      const c0 = left + Math.floor((c * w) / outW);
      const c1 = left + Math.max(Math.floor(((c + 1) * w) / outW), Math.floor((c * w) / outW) + 1);
      let total = 0;
      for (let y = r0; y < r1; y++) for (let x = c0; x < c1; x++) total += ink[y * size + x]!;
      box[r * outW + c] = total / ((r1 - r0) * (c1 - c0));
    }
  }
  let mass = 0;
  let my = 0;
  let mx = 0;
  for (let r = 0; r < outH; r++)
    for (let c = 0; c < outW; c++) {
      const v = box[r * outW + c]!;
      mass += v;
      my += v * (r + 0.5);
      mx += v * (c + 0.5);
    }
  const offsetY = Math.round(14 - my / mass);
  const offsetX = Math.round(14 - mx / mass);
  const out = new Float32Array(PIXELS);
  for (let r = 0; r < outH; r++)
    for (let c = 0; c < outW; c++) {
      const y = r + offsetY;
      const x = c + offsetX;
      if (y >= 0 && y < 28 && x >= 0 && x < 28) out[y * 28 + x] = Math.min(1, box[r * outW + c]!);
    }
  return out;
}
