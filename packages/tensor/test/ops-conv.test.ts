import { beforeEach, describe, expect, it } from "vitest";
import { conv1d, conv2d, ShapeError, tensor, ValueError } from "../src/index.js";
import {
  compositionBackend,
  expectClose,
  kernelBackend,
  PATHS,
  randomValues,
  storagesLeft,
  use,
} from "./helpers/harness.js";

interface Geometry {
  n: number;
  c: number;
  h: number;
  w: number;
  o: number;
  kh: number;
  kw: number;
  stride: [number, number];
  /** top, bottom, left, right */
  pad: [number, number, number, number];
  dilation: [number, number];
  groups: number;
}

/** Direct convolution: seven nested loops over batch, output channel, output row/column, input channel and kernel row/column. */
function naiveConv2d(x: number[], wt: number[], g: Geometry): { values: number[]; shape: number[] } {
  const oh = Math.floor((g.h + g.pad[0] + g.pad[1] - g.dilation[0] * (g.kh - 1) - 1) / g.stride[0]) + 1;
  const ow = Math.floor((g.w + g.pad[2] + g.pad[3] - g.dilation[1] * (g.kw - 1) - 1) / g.stride[1]) + 1;
  const cg = g.c / g.groups;
  const og = g.o / g.groups;
  const out = new Array<number>(g.n * g.o * oh * ow).fill(0);
  for (let b = 0; b < g.n; b++) {
    for (let f = 0; f < g.o; f++) {
      const group = Math.floor(f / og);
      for (let r = 0; r < oh; r++) {
        for (let q = 0; q < ow; q++) {
          let s = 0;
          for (let ci = 0; ci < cg; ci++) {
            for (let i = 0; i < g.kh; i++) {
              for (let j = 0; j < g.kw; j++) {
                const y = r * g.stride[0] - g.pad[0] + i * g.dilation[0];
                const z = q * g.stride[1] - g.pad[2] + j * g.dilation[1];
                if (y < 0 || y >= g.h || z < 0 || z >= g.w) continue;
                const c = group * cg + ci;
                s += x[((b * g.c + c) * g.h + y) * g.w + z]! * wt[((f * cg + ci) * g.kh + i) * g.kw + j]!;
              }
            }
          }
          out[((b * g.o + f) * oh + r) * ow + q] = s;
        }
      }
    }
  }
  return { values: out, shape: [g.n, g.o, oh, ow] };
}

const base: Geometry = {
  n: 2,
  c: 3,
  h: 6,
  w: 5,
  o: 4,
  kh: 3,
  kw: 2,
  stride: [1, 1],
  pad: [0, 0, 0, 0],
  dilation: [1, 1],
  groups: 1,
};

function check(g: Geometry, options: Parameters<typeof conv2d>[2], seed: number): void {
  const xs = randomValues(g.n * g.c * g.h * g.w, seed);
  const ws = randomValues(g.o * (g.c / g.groups) * g.kh * g.kw, seed + 100);
  const y = conv2d(
    tensor(xs, { shape: [g.n, g.c, g.h, g.w] }),
    tensor(ws, { shape: [g.o, g.c / g.groups, g.kh, g.kw] }),
    options,
  );
  const expected = naiveConv2d(xs, ws, g);
  expect(y.shape).toEqual(expected.shape);
  expectClose(y.dataSync(), expected.values, 1e-5);
}

describe.each(PATHS)("conv2d (%s)", (_, backend) => {
  beforeEach(() => use(backend));

  it("computes a hand-checked 2×2 convolution", () => {
    const x = tensor([
      [
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ],
      ],
    ]);
    const w = tensor([
      [
        [
          [1, 0],
          [0, -1],
        ],
      ],
    ]);
    expect(conv2d(x, w).toArray()).toEqual([
      [
        [
          [-4, -4],
          [-4, -4],
        ],
      ],
    ]);
  });

  it("matches the seven-loop convolution without options", () => check(base, {}, 1));
  it("with stride", () => check({ ...base, h: 7, stride: [2, 3] }, { stride: [2, 3] }, 2));
  it("with numeric padding", () => check({ ...base, pad: [1, 1, 1, 1] }, { padding: 1 }, 3));
  it("with a padding pair", () => check({ ...base, pad: [2, 2, 0, 0] }, { padding: [2, 0] }, 4));
  it("with dilation", () => check({ ...base, h: 8, w: 7, dilation: [2, 3] }, { dilation: [2, 3] }, 5));
  it("with stride, padding and dilation together", () =>
    check(
      { ...base, h: 9, w: 8, stride: [2, 2], pad: [1, 1, 2, 2], dilation: [2, 1] },
      { stride: 2, padding: [1, 2], dilation: [2, 1] },
      6,
    ));
  it("with groups", () => check({ ...base, c: 4, o: 6, groups: 2 }, { groups: 2 }, 7));
  it("depthwise (groups = channels)", () =>
    check({ ...base, c: 3, o: 6, groups: 3, pad: [1, 1, 1, 1] }, { groups: 3, padding: 1 }, 8));
  it("with padding 'valid'", () => check(base, { padding: "valid" }, 9));
  it("with padding 'same', the odd padding at the end (as PyTorch)", () => {
    // kernel 3×2: height pads 1 and 1, width pads 0 before and 1 after
    check({ ...base, pad: [1, 1, 0, 1] }, { padding: "same" }, 10);
    // dilation 2, kernel 4 wide: total 6 → 3 and 3; kernel 3 high: total 4 → 2 and 2
    check(
      { ...base, kw: 4, w: 9, dilation: [2, 2], pad: [2, 2, 3, 3] },
      { padding: "same", dilation: 2 },
      11,
    );
    const y = conv2d(
      tensor(randomValues(2 * 3 * 6 * 5), { shape: [2, 3, 6, 5] }),
      tensor(randomValues(4 * 3 * 4 * 4), { shape: [4, 3, 4, 4] }),
      {
        padding: "same",
      },
    );
    expect(y.shape).toEqual([2, 4, 6, 5]);
  });

  it("accepts unbatched input", () => {
    const xs = randomValues(3 * 5 * 5, 12);
    const ws = randomValues(2 * 3 * 3 * 3, 13);
    const y = conv2d(tensor(xs, { shape: [3, 5, 5] }), tensor(ws, { shape: [2, 3, 3, 3] }), { padding: 1 });
    const expected = naiveConv2d(xs, ws, {
      ...base,
      n: 1,
      c: 3,
      h: 5,
      w: 5,
      o: 2,
      kh: 3,
      kw: 3,
      pad: [1, 1, 1, 1],
    });
    expect(y.shape).toEqual([2, 5, 5]);
    expectClose(y.dataSync(), expected.values);
  });

  it("computes integer inputs in float32 and keeps float64", () => {
    const y = conv2d(
      tensor(
        [
          [
            [
              [1, 2],
              [3, 4],
            ],
          ],
        ],
        "int32",
      ),
      tensor(
        [
          [
            [
              [1, 1],
              [1, 1],
            ],
          ],
        ],
        "int32",
      ),
    );
    expect(y.dtype).toBe("float32");
    expect(y.toArray()).toEqual([[[[10]]]]);
    const d = conv2d(tensor([[[[0.1, 0.2]]]], "float64"), tensor([[[[0.3, 0.4]]]], "float64"));
    expect(d.dtype).toBe("float64");
    expect(d.item()).toBeCloseTo(0.1 * 0.3 + 0.2 * 0.4, 15);
  });

  it("rejects bad shapes and options with typed errors naming the shapes", () => {
    const x = tensor(randomValues(1 * 4 * 5 * 5), { shape: [1, 4, 5, 5] });
    const w = (shape: number[]) => tensor(randomValues(shape.reduce((p, d) => p * d, 1)), { shape });
    expect(() => conv2d(x, w([2, 3, 3, 3]))).toThrow(ShapeError);
    expect(() => conv2d(x, w([2, 3, 3, 3]))).toThrow("x is [1,4,5,5], w is [2,3,3,3]");
    expect(() => conv2d(x, w([3, 2, 3, 3]), { groups: 2 })).toThrow(
      /groups 2 must divide .* output channels 3/,
    );
    expect(() => conv2d(x, w([2, 4, 3, 3]), { groups: 0 })).toThrow(ValueError);
    expect(() => conv2d(x, w([2, 4, 3, 3]), { padding: "same", stride: 2 })).toThrow(
      "conv2d: padding 'same' needs stride 1",
    );
    expect(() => conv2d(x, w([2, 4, 7, 3]))).toThrow(
      /conv2d: the padded input \[5,5\] is smaller than the \(dilated\) window \[7,3\]/,
    );
    expect(() => conv2d(x, w([2, 4, 3, 3]), { dilation: 3 })).toThrow(ShapeError);
    expect(() => conv2d(x, w([2, 4, 3, 3]), { stride: 0 })).toThrow(ValueError);
    expect(() => conv2d(x, w([2, 4, 3, 3]), { padding: -1 })).toThrow(ValueError);
    expect(() => conv2d(tensor([1, 2]), w([2, 4, 3, 3]))).toThrow(
      "conv2d: x must be [N,C,H,W] or [C,H,W]: x is [2], w is [2,4,3,3]",
    );
    expect(() => conv2d(x, w([2, 4, 3]))).toThrow(ShapeError);
  });

  it("leaves only its output behind", () => {
    const x = tensor(randomValues(2 * 4 * 6 * 6), { shape: [2, 4, 6, 6] });
    const w = tensor(randomValues(4 * 2 * 3 * 3), { shape: [4, 2, 3, 3] });
    const { result, left } = storagesLeft(backend, () => conv2d(x, w, { padding: 1, stride: 2, groups: 2 }));
    expect(left).toBe(1);
    result.dispose();
    const { result: unbatched, left: left2 } = storagesLeft(backend, () =>
      conv2d(x.slice([0]), w, { padding: "same", groups: 2 }),
    );
    expect(left2).toBe(1);
    unbatched.dispose();
  });

  it("is a Tensor method", () => {
    expect(
      tensor([
        [
          [
            [1, 2],
            [3, 4],
          ],
        ],
      ])
        .conv2d(tensor([[[[1]]]]), { stride: 2 })
        .toArray(),
    ).toEqual([[[[1]]]]);
  });
});

/** Direct 1-D convolution. */
function naiveConv1d(
  x: number[],
  wt: number[],
  n: number,
  c: number,
  l: number,
  o: number,
  k: number,
  s: number,
  p: [number, number],
  d: number,
  groups: number,
): number[] {
  const ol = Math.floor((l + p[0] + p[1] - d * (k - 1) - 1) / s) + 1;
  const cg = c / groups;
  const out: number[] = [];
  for (let b = 0; b < n; b++) {
    for (let f = 0; f < o; f++) {
      for (let t = 0; t < ol; t++) {
        let sum = 0;
        for (let ci = 0; ci < cg; ci++) {
          for (let j = 0; j < k; j++) {
            const z = t * s - p[0] + j * d;
            if (z >= 0 && z < l)
              sum +=
                x[(b * c + Math.floor(f / (o / groups)) * cg + ci) * l + z]! * wt[(f * cg + ci) * k + j]!;
          }
        }
        out.push(sum);
      }
    }
  }
  return out;
}

describe.each(PATHS)("conv1d (%s)", (_, backend) => {
  beforeEach(() => use(backend));

  it("matches the direct 1-D convolution", () => {
    const xs = randomValues(2 * 4 * 11, 20);
    const ws = randomValues(6 * 2 * 3, 21);
    const y = conv1d(tensor(xs, { shape: [2, 4, 11] }), tensor(ws, { shape: [6, 2, 3] }), {
      stride: 2,
      padding: 1,
      dilation: 2,
      groups: 2,
    });
    const expected = naiveConv1d(xs, ws, 2, 4, 11, 6, 3, 2, [1, 1], 2, 2);
    expect(y.shape).toEqual([2, 6, expected.length / 12]);
    expectClose(y.dataSync(), expected);
  });

  it("supports 'same' (odd padding at the end) and unbatched input", () => {
    const xs = randomValues(3 * 7, 22);
    const ws = randomValues(2 * 3 * 4, 23);
    const y = conv1d(tensor(xs, { shape: [3, 7] }), tensor(ws, { shape: [2, 3, 4] }), { padding: "same" });
    expect(y.shape).toEqual([2, 7]);
    expectClose(y.dataSync(), naiveConv1d(xs, ws, 1, 3, 7, 2, 4, 1, [1, 2], 1, 1));
  });

  it("rejects bad input with errors naming conv1d and the shapes", () => {
    const x = tensor(randomValues(2 * 3 * 5), { shape: [2, 3, 5] });
    expect(() => conv1d(x, tensor(randomValues(12), { shape: [2, 2, 3] }))).toThrow(
      /conv1d: .*x is \[2,3,5\], w is \[2,2,3\]/,
    );
    expect(() =>
      conv1d(x, tensor(randomValues(18), { shape: [2, 3, 3] }), { padding: "same", stride: 2 }),
    ).toThrow(ValueError);
    expect(() => conv1d(x, tensor(randomValues(4), { shape: [2, 2] }))).toThrow(ShapeError);
  });

  it("leaves only its output behind", () => {
    const x = tensor(randomValues(2 * 3 * 5), { shape: [2, 3, 5] });
    const w = tensor(randomValues(18), { shape: [2, 3, 3] });
    const { result, left } = storagesLeft(backend, () => x.conv1d(w, { padding: "same" }));
    expect(left).toBe(1);
    expect(result.shape).toEqual([2, 2, 5]);
  });
});

describe("conv2d: fused kernel and im2col composition agree", () => {
  it("on a strided, dilated, grouped, padded case", async () => {
    const xs = randomValues(2 * 4 * 9 * 8, 30);
    const ws = randomValues(6 * 2 * 3 * 2, 31);
    const results: number[][] = [];
    for (const b of [compositionBackend, kernelBackend]) {
      await use(b);
      const y = conv2d(tensor(xs, { shape: [2, 4, 9, 8] }), tensor(ws, { shape: [6, 2, 3, 2] }), {
        stride: [2, 1],
        padding: [1, 2],
        dilation: [1, 2],
        groups: 2,
      });
      results.push(Array.from(y.dataSync()));
    }
    expectClose(results[0]!, results[1]!, 1e-6);
  });
});
