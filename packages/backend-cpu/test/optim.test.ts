import { describe, expect, it } from "vitest";
import {
  adadeltaUpdate,
  adagradUpdate,
  adamaxUpdate,
  adamUpdate,
  rmspropUpdate,
  sgdUpdate,
} from "../src/kernels/optim.js";
import { LAYOUTS, layoutView, view } from "./helpers.js";

// The fused optimiser kernels against PyTorch's formulas written out by hand, in doubles, on every
// input layout (the kernels read strided views).

const P = [0.5, -1.25, 2, 0];
const G = [0.1, -0.3, 0.25, -2];
const S1 = [0.01, 0.02, 0.3, 0.5];
const S2 = [0.04, 0.01, 0.09, 0.2];
const f64 = (v: number[]) => view(v, [2, 2], "float64");
const list = (a: ArrayLike<number>) => Array.from(a);

function close(got: ArrayLike<number>, want: number[], tol = 1e-15): void {
  want.forEach((w, i) => {
    expect(Math.abs(got[i]! - w), `[${i}] ${got[i]} vs ${w}`).toBeLessThanOrEqual(
      tol * Math.max(1, Math.abs(w)),
    );
  });
}

describe("adamUpdate", () => {
  const o = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, maximize: false, step: 3 };
  it("Adam (L2) with AMSGrad matches the formula", () => {
    const out = adamUpdate(
      f64(P),
      f64(G),
      { expAvg: f64(S1), expAvgSq: f64(S2), maxExpAvgSq: f64([0.05, 0, 0, 0.3]) },
      { ...o, decoupledWeightDecay: false, amsgrad: true },
    );
    const want = P.map((p, i) => {
      const g = G[i]! + 0.1 * p;
      const m = S1[i]! + 0.1 * (g - S1[i]!);
      const v = 0.999 * S2[i]! + 0.001 * g * g;
      const vmax = Math.max([0.05, 0, 0, 0.3][i]!, v);
      return p - (0.01 / (1 - 0.9 ** 3)) * (m / (Math.sqrt(vmax) / Math.sqrt(1 - 0.999 ** 3) + 1e-8));
    });
    close(out.param, want);
    expect(out.state.maxExpAvgSq).toBeInstanceOf(Float64Array);
  });
  it("AdamW decays the parameter, not the gradient; float32 in, float32 out", () => {
    const out = adamUpdate(
      view(P, [4]),
      view(G, [4]),
      { expAvg: view(S1, [4]), expAvgSq: view(S2, [4]) },
      { ...o, decoupledWeightDecay: true, amsgrad: false },
    );
    expect(out.param).toBeInstanceOf(Float32Array);
    expect(out.state.maxExpAvgSq).toBeUndefined();
    const want = P.map((p, i) => {
      const g = Math.fround(G[i]!);
      const m = Math.fround(S1[i]!) + 0.1 * (g - Math.fround(S1[i]!));
      const v = 0.999 * Math.fround(S2[i]!) + 0.001 * g * g;
      return Math.fround(
        p * (1 - 0.01 * 0.1) -
          (0.01 / (1 - 0.9 ** 3)) * (m / (Math.sqrt(v) / Math.sqrt(1 - 0.999 ** 3) + 1e-8)),
      );
    });
    expect(list(out.param)).toEqual(want);
  });
});

describe("sgdUpdate", () => {
  it("starts the momentum buffer at the gradient, then Nesterov", () => {
    const o = { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: true, maximize: false };
    const first = sgdUpdate(f64(P), f64(G), {}, o);
    close(first.state.momentumBuffer!, G);
    close(
      first.param,
      P.map((p, i) => p - 0.1 * (G[i]! + 0.9 * G[i]!)),
    );
    const plain = sgdUpdate(f64(P), f64(G), {}, { ...o, momentum: 0, nesterov: false, maximize: true });
    expect(plain.state.momentumBuffer).toBeUndefined();
    close(
      plain.param,
      P.map((p, i) => p + 0.1 * G[i]!),
    );
  });
});

describe("rmspropUpdate, adagradUpdate, adadeltaUpdate, adamaxUpdate", () => {
  it("match PyTorch's formulas", () => {
    const r = rmspropUpdate(
      f64(P),
      f64(G),
      { squareAvg: f64(S2), gradAvg: f64(S1), momentumBuffer: f64(S1) },
      { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0.9, centered: true, maximize: false },
    );
    close(
      r.param,
      P.map((p, i) => {
        const sq = 0.99 * S2[i]! + 0.01 * G[i]! ** 2;
        const ga = S1[i]! + 0.01 * (G[i]! - S1[i]!);
        const b = 0.9 * S1[i]! + G[i]! / (Math.sqrt(sq - ga * ga) + 1e-8);
        return p - 0.01 * b;
      }),
    );
    const a = adagradUpdate(
      f64(P),
      f64(G),
      { sum: f64(S2) },
      { lr: 0.1, lrDecay: 0.5, eps: 1e-10, weightDecay: 0, maximize: false, step: 3 },
    );
    close(
      a.param,
      P.map((p, i) => p - ((0.1 / 2) * G[i]!) / (Math.sqrt(S2[i]! + G[i]! ** 2) + 1e-10)),
    );
    const d = adadeltaUpdate(
      f64(P),
      f64(G),
      { squareAvg: f64(S2), accDelta: f64(S1) },
      { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false },
    );
    close(
      d.param,
      P.map((p, i) => {
        const sq = 0.9 * S2[i]! + 0.1 * G[i]! ** 2;
        return p - (Math.sqrt(S1[i]! + 1e-6) / Math.sqrt(sq + 1e-6)) * G[i]!;
      }),
    );
    const x = adamaxUpdate(
      f64(P),
      f64(G),
      { expAvg: f64(S1), expInf: f64(S2) },
      { lr: 0.002, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, maximize: false, step: 2 },
    );
    close(
      x.param,
      P.map((p, i) => {
        const m = S1[i]! + 0.1 * (G[i]! - S1[i]!);
        const u = Math.max(0.999 * S2[i]!, Math.abs(G[i]!) + 1e-8);
        return p - (0.002 / (1 - 0.81)) * (m / u);
      }),
    );
  });
});

describe("strided inputs", () => {
  it.each(LAYOUTS)("%s views give the contiguous result", (layout) => {
    const o = {
      lr: 0.01,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0,
      decoupledWeightDecay: false,
      amsgrad: false,
      maximize: false,
      step: 1,
    };
    const lv = (v: number[]) => layoutView(v, [2, 2], "float32", layout);
    const want = adamUpdate(
      view(P, [2, 2]),
      view(G, [2, 2]),
      { expAvg: view(S1, [2, 2]), expAvgSq: view(S2, [2, 2]) },
      o,
    );
    const got = adamUpdate(lv(P), lv(G), { expAvg: lv(S1), expAvgSq: lv(S2) }, o);
    expect(list(got.param)).toEqual(list(want.param));
    expect(list(got.state.expAvgSq)).toEqual(list(want.state.expAvgSq));
  });
});
