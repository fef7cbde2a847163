import type { DType } from "@tensorkit/tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { createWasmBackend, type WasmBackend, type WasmStorage } from "../src/index.js";
import { view } from "./helpers.js";

// The fused optimiser kernels against PyTorch's single-tensor formulas written out by hand in
// doubles (torch/optim/*.py), in float64 and in float32 (each output rounded once), with the
// parameter read through a transposed view, and checks that the inputs are left untouched.

let b: WasmBackend;
beforeAll(async () => {
  b = await createWasmBackend();
});

const P = [0.5, -1.25, 2, 0, 3.5, -0.75];
const G = [0.1, -0.3, 0.25, -2, 0.6, 0.05];
const S1 = [0.01, 0.02, 0.3, 0.5, -0.2, 0.07];
const S2 = [0.04, 0.01, 0.09, 0.2, 0.3, 0.001];

const store = (v: number[], dtype: DType = "float64") =>
  b.kernels.write(dtype === "float64" ? Float64Array.from(v) : Float32Array.from(v), dtype);
/** A [2, 3] dense view. */
const dense = (v: number[], dtype: DType = "float64") => view(store(v, dtype), dtype, [2, 3], [3, 1]);
/** A [2, 3] view of the same values stored as [3, 2] (so the kernel must read through strides). */
function strided(v: number[], dtype: DType = "float64") {
  const t = [v[0]!, v[3]!, v[1]!, v[4]!, v[2]!, v[5]!];
  return view(store(t, dtype), dtype, [2, 3], [1, 2]);
}
const read = (s: WasmStorage | undefined, dtype: DType = "float64") =>
  Array.from(b.kernels.read(s!, dtype, 6));

function close(got: number[], want: number[], tol = 1e-15): void {
  want.forEach((w, i) => {
    expect(Math.abs(got[i]! - w), `[${i}] ${got[i]} vs ${w}`).toBeLessThanOrEqual(
      tol * Math.max(1, Math.abs(w)),
    );
  });
}

describe("sgdUpdate", () => {
  const o = { lr: 0.1, momentum: 0.9, dampening: 0.25, weightDecay: 0.01, nesterov: false, maximize: false };
  it("plain SGD with weight decay (no momentum state)", () => {
    const r = b.kernels.sgdUpdate!(strided(P), dense(G), {}, { ...o, momentum: 0 });
    close(
      read(r.param),
      P.map((p, i) => p - 0.1 * (G[i]! + 0.01 * p)),
    );
    expect(r.state.momentumBuffer).toBeUndefined();
  });
  it("the first momentum step starts the buffer at the gradient; later steps dampen; Nesterov looks ahead", () => {
    const first = b.kernels.sgdUpdate!(dense(P), dense(G), {}, o);
    const d = P.map((p, i) => G[i]! + 0.01 * p);
    close(read(first.state.momentumBuffer), d);
    close(
      read(first.param),
      P.map((p, i) => p - 0.1 * d[i]!),
    );
    const next = b.kernels.sgdUpdate!(
      dense(P),
      dense(G),
      { momentumBuffer: dense(S1) },
      { ...o, nesterov: true, maximize: true },
    );
    const dm = P.map((p, i) => -G[i]! + 0.01 * p);
    const buf = dm.map((v, i) => 0.9 * S1[i]! + 0.75 * v);
    close(read(next.state.momentumBuffer), buf);
    close(
      read(next.param),
      P.map((p, i) => p - 0.1 * (dm[i]! + 0.9 * buf[i]!)),
    );
  });
});

describe("adamUpdate", () => {
  const o = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, maximize: false, step: 3 };
  const bc1 = 1 - 0.9 ** 3;
  const bc2 = Math.sqrt(1 - 0.999 ** 3);
  it("Adam (L2 weight decay) with AMSGrad, parameter read through strides", () => {
    const vmax0 = [0.05, 0, 0, 0.3, 0.0001, 0.2];
    const pv = strided(P);
    const r = b.kernels.adamUpdate!(
      pv,
      dense(G),
      { expAvg: dense(S1), expAvgSq: dense(S2), maxExpAvgSq: dense(vmax0) },
      { ...o, decoupledWeightDecay: false, amsgrad: true },
    );
    const g = P.map((p, i) => G[i]! + 0.1 * p);
    const m = g.map((v, i) => S1[i]! + 0.1 * (v - S1[i]!));
    const v = g.map((x, i) => 0.999 * S2[i]! + 0.001 * x * x);
    const vmax = v.map((x, i) => Math.max(vmax0[i]!, x));
    close(read(r.state.expAvg), m);
    close(read(r.state.expAvgSq), v);
    close(read(r.state.maxExpAvgSq), vmax);
    close(
      read(r.param),
      P.map((p, i) => p - ((0.01 / bc1) * m[i]!) / (Math.sqrt(vmax[i]!) / bc2 + 1e-8)),
    );
    // the inputs are untouched
    expect(Array.from(b.kernels.read(pv.storage, "float64", 6))).toEqual([0.5, 0, -1.25, 3.5, 2, -0.75]);
  });
  it("AdamW decays the parameter, not the gradient; float32 in, float32 out, rounded once", () => {
    const f = Math.fround;
    const r = b.kernels.adamUpdate!(
      dense(P, "float32"),
      dense(G, "float32"),
      { expAvg: dense(S1, "float32"), expAvgSq: dense(S2, "float32") },
      { ...o, decoupledWeightDecay: true, amsgrad: false, maximize: true },
    );
    expect(r.state.maxExpAvgSq).toBeUndefined();
    const g = G.map((x) => -f(x));
    const m = g.map((x, i) => f(S1[i]!) + 0.1 * (x - f(S1[i]!)));
    const v = g.map((x, i) => 0.999 * f(S2[i]!) + 0.001 * x * x);
    expect(read(r.state.expAvg, "float32")).toEqual(m.map(f));
    expect(read(r.param, "float32")).toEqual(
      P.map((p, i) => f(f(p) * (1 - 0.01 * 0.1) - ((0.01 / bc1) * m[i]!) / (Math.sqrt(v[i]!) / bc2 + 1e-8))),
    );
  });
});

describe("adamUpdate, float32 (four elements per SIMD step, then a scalar tail)", () => {
  it("AMSGrad with L2 decay over 11 elements equals the formula, each output rounded once", () => {
    const f = Math.fround;
    const n = 11;
    const p = Array.from({ length: n }, (_, i) => f(Math.sin(i + 1) * 2));
    const g = Array.from({ length: n }, (_, i) => f(Math.cos(3 * i) / 3));
    const m0 = Array.from({ length: n }, (_, i) => f(Math.sin(5 * i) / 10));
    const v0 = Array.from({ length: n }, (_, i) => f(((i % 4) + 1) / 50));
    const vmax0 = Array.from({ length: n }, (_, i) => f(i % 3 === 0 ? 0.5 : 0.001));
    const vec = (a: number[]) => view(store(a, "float32"), "float32", [n], [1]);
    const o = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, maximize: false, step: 5 };
    const r = b.kernels.adamUpdate!(
      vec(p),
      vec(g),
      { expAvg: vec(m0), expAvgSq: vec(v0), maxExpAvgSq: vec(vmax0) },
      { ...o, decoupledWeightDecay: false, amsgrad: true },
    );
    const d = p.map((x, i) => g[i]! + 0.1 * x);
    const m = d.map((x, i) => m0[i]! + (1 - 0.9) * (x - m0[i]!));
    const v = d.map((x, i) => v0[i]! * 0.999 + (1 - 0.999) * x * x);
    const vmax = v.map((x, i) => Math.max(vmax0[i]!, f(x)));
    const step = 0.01 / (1 - 0.9 ** 5);
    const bc2 = Math.sqrt(1 - 0.999 ** 5);
    const rd = (s: WasmStorage | undefined) => Array.from(b.kernels.read(s!, "float32", n));
    expect(rd(r.state.expAvg)).toEqual(m.map(f));
    expect(rd(r.state.expAvgSq)).toEqual(v.map(f));
    expect(rd(r.state.maxExpAvgSq)).toEqual(vmax.map(f));
    expect(rd(r.param)).toEqual(p.map((x, i) => f(x - (step * m[i]!) / (Math.sqrt(vmax[i]!) / bc2 + 1e-8))));
  });
});

describe("rmspropUpdate", () => {
  const o = {
    lr: 0.01,
    alpha: 0.99,
    eps: 1e-8,
    weightDecay: 0.05,
    momentum: 0,
    centered: false,
    maximize: false,
  };
  const sq0 = S2;
  it("plain RMSprop", () => {
    const r = b.kernels.rmspropUpdate!(dense(P), dense(G), { squareAvg: dense(sq0) }, o);
    const d = P.map((p, i) => G[i]! + 0.05 * p);
    const s = d.map((x, i) => 0.99 * sq0[i]! + (1 - 0.99) * x * x);
    close(read(r.state.squareAvg), s);
    close(
      read(r.param),
      P.map((p, i) => p - (0.01 * d[i]!) / (Math.sqrt(s[i]!) + 1e-8)),
    );
    expect(r.state.gradAvg).toBeUndefined();
    expect(r.state.momentumBuffer).toBeUndefined();
  });
  it("centered, with momentum", () => {
    const A0 = S1.map((v) => v / 10); // a gradient average whose square stays below squareAvg
    const r = b.kernels.rmspropUpdate!(
      strided(P),
      dense(G),
      { squareAvg: dense(sq0), gradAvg: dense(A0), momentumBuffer: dense(G) },
      { ...o, centered: true, momentum: 0.9 },
    );
    const d = P.map((p, i) => G[i]! + 0.05 * p);
    const s = d.map((x, i) => 0.99 * sq0[i]! + (1 - 0.99) * x * x);
    const a = d.map((x, i) => A0[i]! + (1 - 0.99) * (x - A0[i]!));
    const avg = s.map((x, i) => Math.sqrt(x - a[i]! * a[i]!) + 1e-8);
    const buf = d.map((x, i) => 0.9 * G[i]! + x / avg[i]!);
    close(read(r.state.gradAvg), a);
    close(read(r.state.momentumBuffer), buf);
    close(
      read(r.param),
      P.map((p, i) => p - 0.01 * buf[i]!),
      1e-14,
    ); // d / avg amplifies rounding: a few ulp
  });
});

describe("adagradUpdate, adadeltaUpdate, adamaxUpdate", () => {
  it("Adagrad with learning-rate decay and weight decay", () => {
    const sum0 = S2;
    const r = b.kernels.adagradUpdate!(
      dense(P),
      strided(G),
      { sum: dense(sum0) },
      {
        lr: 0.1,
        lrDecay: 0.01,
        eps: 1e-10,
        weightDecay: 0.02,
        maximize: false,
        step: 4,
      },
    );
    const clr = 0.1 / (1 + 3 * 0.01);
    const d = P.map((p, i) => G[i]! + 0.02 * p);
    const s = d.map((x, i) => sum0[i]! + x * x);
    close(read(r.state.sum), s);
    close(
      read(r.param),
      P.map((p, i) => p - (clr * d[i]!) / (Math.sqrt(s[i]!) + 1e-10)),
    );
  });
  it("Adadelta", () => {
    const r = b.kernels.adadeltaUpdate!(
      dense(P),
      dense(G),
      { squareAvg: dense(S2), accDelta: dense(S2.map((v) => v / 2)) },
      {
        lr: 1,
        rho: 0.9,
        eps: 1e-6,
        weightDecay: 0,
        maximize: true,
      },
    );
    const d = G.map((g) => -g);
    const s = d.map((x, i) => 0.9 * S2[i]! + 0.1 * x * x);
    const delta = d.map((x, i) => (Math.sqrt(S2[i]! / 2 + 1e-6) / Math.sqrt(s[i]! + 1e-6)) * x);
    close(read(r.state.squareAvg), s);
    close(
      read(r.state.accDelta),
      delta.map((x, i) => 0.9 * (S2[i]! / 2) + 0.1 * x * x),
    );
    close(
      read(r.param),
      P.map((p, i) => p - delta[i]!),
    );
  });
  it("Adamax takes the infinity norm and propagates NaN", () => {
    const u0 = [0.5, 0.01, Number.NaN, 0.2, 0.9, 0];
    const r = b.kernels.adamaxUpdate!(
      dense(P),
      dense(G),
      { expAvg: dense(S1), expInf: dense(u0) },
      {
        lr: 0.002,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        weightDecay: 0.01,
        maximize: false,
        step: 2,
      },
    );
    const d = P.map((p, i) => G[i]! + 0.01 * p);
    const m = d.map((x, i) => S1[i]! + 0.1 * (x - S1[i]!));
    const u = d.map((x, i) =>
      Number.isNaN(u0[i]!) ? Number.NaN : Math.max(0.999 * u0[i]!, Math.abs(x) + 1e-8),
    );
    const want = P.map((p, i) => p - ((0.002 / (1 - 0.9 ** 2)) * m[i]!) / u[i]!);
    const got = read(r.param);
    expect(Number.isNaN(got[2]!)).toBe(true);
    expect(Number.isNaN(read(r.state.expInf)[2]!)).toBe(true);
    close(
      got.filter((_, i) => i !== 2),
      want.filter((_, i) => i !== 2),
    );
    close(read(r.state.expAvg), m);
  });
});
