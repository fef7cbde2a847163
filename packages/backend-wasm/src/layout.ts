/**
 * Shapes and strides on the host side: collapsing the axes of several same-shape operands into
 * the fewest that walk alike, and writing the iteration descriptor the wasm kernels read (see
 * assembly/iter.ts for its layout).
 */

/** Where an operand's elements are: offset and strides in elements. A `View` is one. */
export interface Strided {
  readonly strides: readonly number[];
  readonly offset: number;
}

export interface Walk {
  /** Collapsed shape (at least one axis). */
  readonly shape: number[];
  /** Per operand, strides over the collapsed shape. */
  readonly strides: number[][];
  readonly offsets: number[];
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a contiguous array of this shape. */
export function contiguous(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = step;
    step *= shape[i]!;
  }
  return s;
}

/** Whether a view's elements are one unit-stride run (in row-major order) from its offset. */
export function isDense(v: { readonly shape: readonly number[] } & Strided): boolean {
  let step = 1;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    const d = v.shape[i]!;
    if (d !== 1 && v.strides[i] !== step) return false;
    step *= d;
  }
  return true;
}

/**
 * Drops size-1 axes and merges an axis into its inner neighbour wherever every operand allows it
 * (stride of the outer = stride of the inner × its length), so a dense view becomes one axis with
 * step 1 and a broadcast scalar one axis with step 0.
 */
export function collapse(shape: readonly number[], operands: readonly Strided[]): Walk {
  const dims: number[] = [];
  const strides: number[][] = operands.map(() => []);
  for (let axis = 0; axis < shape.length; axis++) {
    const d = shape[axis]!;
    if (d === 1) continue;
    const last = dims.length - 1;
    let merge = last >= 0;
    for (let k = 0; k < operands.length && merge; k++) {
      merge = strides[k]![last] === operands[k]!.strides[axis]! * d;
    }
    if (merge) {
      dims[last] = dims[last]! * d;
      for (let k = 0; k < operands.length; k++) strides[k]![last] = operands[k]!.strides[axis]!;
    } else {
      dims.push(d);
      for (let k = 0; k < operands.length; k++) strides[k]!.push(operands[k]!.strides[axis]!);
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    for (const s of strides) s.push(0);
  }
  return { shape: dims, strides, offsets: operands.map((op) => op.offset) };
}

/** Descriptor layout, in i32 words (mirrors assembly/iter.ts). */
export class Descriptor {
  constructor(
    /** Word index of the descriptor in an Int32Array over memory. */
    private readonly word: number,
    readonly maxDims: number,
  ) {}

  /** Writes a walk (up to 4 operands) into `mem`. */
  write(mem: Int32Array, walk: Walk): void {
    const nd = walk.shape.length;
    if (nd > this.maxDims) {
      throw new RangeError(
        `wasm backend: a view with ${nd} non-mergeable axes exceeds the kernels' limit of ${this.maxDims}`,
      );
    }
    const w = this.word;
    const opWords = 1 + this.maxDims;
    mem[w] = nd;
    for (let d = 0; d < nd; d++) mem[w + 1 + d] = walk.shape[d]!;
    for (let k = 0; k < walk.strides.length; k++) {
      const base = w + 1 + this.maxDims + k * opWords;
      mem[base] = walk.offsets[k]!;
      const s = walk.strides[k]!;
      for (let d = 0; d < nd; d++) mem[base + 1 + d] = s[d]!;
    }
  }
}
