import { describe, expect, it } from "vitest";
import { contiguousStrides, elementOffsets, isContiguous, planRows, sizeOf } from "../src/strided.js";

/** Every storage index a plan visits for operand `k`, in order. */
function visited(plan: ReturnType<typeof planRows>, k: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < plan.rows; r++) {
    for (let j = 0; j < plan.len; j++) out.push(plan.starts[k]![r]! + j * plan.steps[k]!);
  }
  return out;
}

/** Naive row-major enumeration of offset + Σ index·stride. */
function naive(shape: number[], strides: number[], offset: number): number[] {
  const out: number[] = [];
  const rec = (axis: number, p: number) => {
    if (axis === shape.length) {
      out.push(p);
      return;
    }
    for (let i = 0; i < shape[axis]!; i++) rec(axis + 1, p + i * strides[axis]!);
  };
  rec(0, offset);
  return out;
}

describe("sizeOf and contiguousStrides", () => {
  it("count elements and give row-major strides", () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 0, 3])).toBe(0);
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(contiguousStrides([2, 3, 4])).toEqual([12, 4, 1]);
    expect(contiguousStrides([])).toEqual([]);
  });
});

describe("isContiguous", () => {
  it("accepts row-major strides and ignores the strides of size-1 axes", () => {
    expect(isContiguous([2, 3], [3, 1])).toBe(true);
    expect(isContiguous([2, 1, 3], [3, 99, 1])).toBe(true);
    expect(isContiguous([], [])).toBe(true);
    expect(isContiguous([2, 0], [7, 7])).toBe(true);
  });
  it("rejects transposed, broadcast, flipped and gapped strides", () => {
    expect(isContiguous([2, 3], [1, 2])).toBe(false);
    expect(isContiguous([2, 3], [0, 1])).toBe(false);
    expect(isContiguous([3], [-1])).toBe(false);
    expect(isContiguous([3], [2])).toBe(false);
  });
});

describe("planRows", () => {
  it("turns a contiguous view into one unit-step row starting at its offset", () => {
    const plan = planRows([2, 3, 4], [{ strides: [12, 4, 1], offset: 7 }]);
    expect(plan.rows).toBe(1);
    expect(plan.len).toBe(24);
    expect(Array.from(plan.starts[0]!)).toEqual([7]);
    expect(plan.steps).toEqual([1]);
  });

  it("turns a fully broadcast scalar into one step-0 row", () => {
    const plan = planRows([3, 5], [{ strides: [0, 0], offset: 4 }]);
    expect(plan.rows).toBe(1);
    expect(plan.len).toBe(15);
    expect(plan.steps).toEqual([0]);
    expect(visited(plan, 0)).toEqual(new Array(15).fill(4));
  });

  it("visits a transposed view in row-major order of its shape", () => {
    const plan = planRows([2, 3], [{ strides: [1, 2], offset: 0 }]);
    expect(visited(plan, 0)).toEqual([0, 2, 4, 1, 3, 5]);
    expect(plan.len).toBe(3);
  });

  it("visits negative strides with an offset", () => {
    const plan = planRows([2, 3], [{ strides: [-3, -1], offset: 5 }]);
    expect(visited(plan, 0)).toEqual([5, 4, 3, 2, 1, 0]);
  });

  it("only merges axes that every operand can merge", () => {
    const plan = planRows(
      [2, 3],
      [
        { strides: [3, 1], offset: 0 },
        { strides: [0, 1], offset: 10 },
      ],
    );
    expect(plan.rows).toBe(2);
    expect(visited(plan, 0)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(visited(plan, 1)).toEqual([10, 11, 12, 10, 11, 12]);
  });

  it("drops size-1 axes whatever their stride", () => {
    const plan = planRows([1, 4, 1], [{ strides: [1000, 2, -50], offset: 1 }]);
    expect(plan.rows).toBe(1);
    expect(visited(plan, 0)).toEqual([1, 3, 5, 7]);
  });

  it("gives no rows for an empty shape and one element for a scalar", () => {
    expect(planRows([3, 0, 2], [{ strides: [0, 2, 1], offset: 0 }]).rows).toBe(0);
    const scalar = planRows([], [{ strides: [], offset: 9 }]);
    expect(scalar.rows * scalar.len).toBe(1);
    expect(visited(scalar, 0)).toEqual([9]);
  });

  it("matches a naive enumeration on mixed rank-4 layouts", () => {
    const shape = [2, 3, 1, 4];
    const layouts = [
      { strides: [12, 4, 4, 1], offset: 0 },
      { strides: [1, 2, 99, 6], offset: 3 },
      { strides: [0, -4, 0, 1], offset: 8 },
      { strides: [-24, 8, 0, -2], offset: 60 },
    ];
    const plan = planRows(shape, layouts);
    layouts.forEach((l, k) => {
      expect(visited(plan, k)).toEqual(naive(shape, l.strides, l.offset));
    });
  });
});

describe("elementOffsets", () => {
  it("lists storage indices in row-major order", () => {
    expect(Array.from(elementOffsets([2, 2], { strides: [1, 2], offset: 1 }))).toEqual([1, 3, 2, 4]);
    expect(Array.from(elementOffsets([0, 2], { strides: [2, 1], offset: 0 }))).toEqual([]);
  });
});
