import { Generator, ValueError } from "@tensorkit/tensor";

/** The generator of a data set: seeded, so the same seed gives the same data on every backend. */
export function generator(seed: number | undefined, op: string): Generator {
  const s = seed ?? 0;
  if (!Number.isFinite(s)) throw new ValueError(`${op}: seed must be a finite number, got ${s}`);
  return new Generator(s);
}

/** A uniformly random permutation of 0…n-1 (Fisher–Yates). */
export function permutation(n: number, g: Generator): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.nextBelow(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** Checks a sample count. */
export function checkCount(n: number, name: string, op: string, min = 1): void {
  if (!Number.isInteger(n) || n < min)
    throw new ValueError(`${op}: ${name} must be an integer ≥ ${min}, got ${n}`);
}

/** Checks a non-negative, finite amount (noise, spread). */
export function checkNonNegative(v: number, name: string, op: string): void {
  if (!(v >= 0) || !Number.isFinite(v))
    throw new ValueError(`${op}: ${name} must be a finite number ≥ 0, got ${v}`);
}

/** Reorders the rows of a flat row-major array (`width` values a row) by `order`. */
export function reorderRows<T extends Float64Array | Int32Array | Float32Array>(
  a: T,
  width: number,
  order: Int32Array,
): T {
  const out = new (a.constructor as new (n: number) => T)(a.length);
  for (let i = 0; i < order.length; i++) {
    const src = order[i]! * width;
    for (let j = 0; j < width; j++) out[i * width + j] = a[src + j]!;
  }
  return out;
}
