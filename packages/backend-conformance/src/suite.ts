import type { Backend, DType, Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { expect, it, type TestContext } from "vitest";
import type { FixtureTensor } from "./fixtures.js";
import { type ConformanceOptions, resolveTolerance, type ToleranceClass } from "./options.js";

/** What every family of tests shares: the backend under test and the caller's options. */
export class Suite {
  /** Set in `beforeAll`, once the factory has run. */
  backend!: Backend;

  constructor(
    /** The name the backend is registered under. */
    readonly name: string,
    readonly options: ConformanceOptions,
  ) {}

  /** Whether tests of `dtype` run: the backend stores it and the caller did not leave it out. */
  has(dtype: DType): boolean {
    return this.backend.dtypes.includes(dtype) && (this.options.dtypes?.includes(dtype) ?? true);
  }

  tol(cls: ToleranceClass, dtype: DType) {
    return resolveTolerance(this.options, cls, dtype);
  }

  private skipped(family: string, title: string): boolean {
    const skip = this.options.skip ?? [];
    return skip.includes(family) || skip.includes(`${family}/${title}`);
  }

  /**
   * A synchronous test whose tensors are all freed by `tidy` when it ends, so the suite's
   * `afterEach` can check that nothing is left on the backend.
   */
  test(family: string, title: string, body: (ctx: TestContext) => void, timeout?: number): void {
    if (this.skipped(family, title)) {
      it.skip(title, () => {});
      return;
    }
    it(
      title,
      (ctx) => {
        tk.tidy(() => {
          body(ctx);
        });
      },
      timeout,
    );
  }

  /** An asynchronous test (readback with `await`); its body disposes what it creates. */
  testAsync(family: string, title: string, body: (ctx: TestContext) => Promise<void>): void {
    if (this.skipped(family, title)) {
      it.skip(title, () => {});
      return;
    }
    it(title, (ctx) => body(ctx));
  }

  /** A test that only runs when the backend has `dtype` (skipped, visibly, otherwise). */
  testDType(family: string, title: string, dtype: DType, body: (ctx: TestContext) => void): void {
    this.test(family, title, (ctx) => {
      if (!this.has(dtype)) ctx.skip(`the backend does not store ${dtype}`);
      body(ctx);
    });
  }

  /**
   * Asserts that `got` has the reference's shape and dtype and, element by element, its values
   * within the tolerance of `cls` (see {@link ToleranceClass}). `scale` is the per-element bound
   * accumulating ops measure their error against.
   */
  expectTensor(
    got: Tensor,
    expected: Expected,
    cls: ToleranceClass,
    context = "",
    scale?: FixtureTensor | readonly number[],
  ): void {
    const where = context ? `${context}: ` : "";
    expect(got.shape, `${where}shape`).toEqual(expected.shape);
    if (expected.dtype !== undefined) expect(got.dtype, `${where}dtype`).toBe(expected.dtype);
    const values = Array.from(got.dataSync() as ArrayLike<number>);
    // the reference as the result dtype holds it: float32 results compare with float32 values
    const want =
      got.dtype === "float32" ? expected.data.map((v) => Math.fround(Number(v))) : expected.data.map(Number);
    expect(values.length, `${where}element count`).toBe(want.length);
    const tol = this.tol(cls, got.dtype);
    const scales =
      scale === undefined ? undefined : Array.isArray(scale) ? scale : (scale as FixtureTensor).data;
    const bad: string[] = [];
    for (let i = 0; i < want.length; i++) {
      const e = want[i]!;
      const g = values[i]!;
      if (!closeEnough(g, e, tol.rtol, tol.atol, Number(scales?.[i] ?? 0))) {
        if (bad.length < 8)
          bad.push(`  [${unravel(i, expected.shape).join(",")}] expected ${fmt(e)}, got ${fmt(g)}`);
        else if (bad.length === 8) bad.push("  …");
      }
    }
    if (bad.length > 0) {
      const n = want.reduce<number>(
        (c, e, i) => c + (closeEnough(values[i]!, e, tol.rtol, tol.atol, Number(scales?.[i] ?? 0)) ? 0 : 1),
        0,
      );
      expect.fail(
        `${where}${n} of ${want.length} values differ (${cls}: rtol ${tol.rtol}, atol ${tol.atol}):\n${bad.join("\n")}`,
      );
    }
  }
}

/** A reference result: a fixture tensor, or a hand-written one. */
export interface Expected {
  readonly shape: readonly number[];
  readonly dtype?: DType;
  readonly data: readonly (number | boolean)[];
}

function closeEnough(got: number, want: number, rtol: number, atol: number, scale: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  if (!Number.isFinite(got)) return false;
  return Math.abs(got - want) <= atol + rtol * Math.max(Math.abs(want), Math.abs(scale));
}

function fmt(v: number): string {
  return Object.is(v, -0) ? "-0" : String(v);
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = flat % shape[i]!;
    flat = Math.floor(flat / shape[i]!);
  }
  return out;
}

// ---- building inputs ------------------------------------------------------------------------

/** A host array of `dtype` holding `values`. */
export function hostArray(values: readonly (number | boolean)[], dtype: DType) {
  const nums = values.map(Number);
  switch (dtype) {
    case "float32":
      return Float32Array.from(nums);
    case "float64":
      return Float64Array.from(nums);
    case "int32":
      return Int32Array.from(nums);
    case "bool":
      return Uint8Array.from(nums);
  }
}

/** A tensor holding a fixture (or hand-written) tensor's values, contiguous. */
export function fromFixture(f: Expected, dtype: DType = f.dtype ?? "float32"): Tensor {
  return tk.tensor(hostArray(f.data, dtype), { shape: [...f.shape], dtype });
}

/** Ways to lay out the same logical values; all but the first are non-contiguous views. */
export type Layout = "contiguous" | "transposed" | "flipped" | "strided";
export const LAYOUTS: readonly Layout[] = ["contiguous", "transposed", "flipped", "strided"];

/**
 * The same logical tensor as `f`, held in a different layout: `transposed` stores the axes in
 * reverse order and permutes them back, `flipped` stores every axis reversed and flips it back
 * (negative strides), `strided` stores the values at odd positions of a twice-as-long first axis
 * and slices them out with a step (an offset and a stride of 2). The values read the same; only a
 * backend that ignores strides or offsets sees a difference.
 */
export function laidOut(f: Expected, layout: Layout, dtype: DType = f.dtype ?? "float32"): Tensor {
  const shape = [...f.shape];
  if (layout === "contiguous" || shape.length === 0) return fromFixture(f, dtype);
  if (layout === "flipped") {
    const axes = shape.map((_, i) => i);
    const stored = tk.tensor(hostArray([...f.data].reverse(), dtype), { shape, dtype });
    return tk.flip(stored, axes);
  }
  if (layout === "transposed") {
    const rank = shape.length;
    const reversed = [...shape].reverse();
    const data = new Array<number | boolean>(f.data.length);
    const strides = rowMajor(shape);
    const rstrides = rowMajor(reversed);
    for (let flat = 0; flat < f.data.length; flat++) {
      let pos = 0;
      for (let d = 0; d < rank; d++)
        pos += (Math.floor(flat / strides[d]!) % shape[d]!) * rstrides[rank - 1 - d]!;
      data[pos] = f.data[flat]!;
    }
    const stored = tk.tensor(hostArray(data, dtype), { shape: reversed, dtype });
    return tk.permute(
      stored,
      shape.map((_, i) => rank - 1 - i),
    );
  }
  // strided: row 0 junk, then value rows at 1, 3, 5, … with junk rows between
  const inner = f.data.length / Math.max(shape[0]!, 1);
  const junk = dtype === "bool" ? true : 7777;
  const data: (number | boolean)[] = new Array(inner).fill(junk);
  for (let r = 0; r < shape[0]!; r++) {
    data.push(...f.data.slice(r * inner, (r + 1) * inner));
    data.push(...new Array(inner).fill(junk));
  }
  const stored = tk.tensor(hostArray(data, dtype), { shape: [2 * shape[0]! + 1, ...shape.slice(1)], dtype });
  return tk.slice(stored, [[1, 2 * shape[0]! + 1, 2]]);
}

function rowMajor(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

/** `expected` with `shape` (keepDims variants, reshaped references). */
export function withShape(expected: Expected, shape: readonly number[]): Expected {
  return { ...expected, shape };
}

/** Flat values of a tensor as numbers. */
export function values(t: Tensor): number[] {
  return Array.from(t.dataSync() as ArrayLike<number>);
}
