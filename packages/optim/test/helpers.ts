import { readFileSync } from "node:fs";
import { requiresGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import type { DType, Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import {
  Adadelta,
  Adagrad,
  Adam,
  Adamax,
  AdamW,
  CosineAnnealingLR,
  ExponentialLR,
  LinearLR,
  type LRScheduler,
  MultiStepLR,
  OneCycleLR,
  type Optimizer,
  ReduceLROnPlateau,
  RMSprop,
  SequentialLR,
  SGD,
  StepLR,
} from "../src/index.js";

/** The CPU backend without its fused optimiser kernels: every update runs the reference composition. */
export function createReferenceBackend(): tk.Backend {
  const cpu = createCpuBackend();
  const {
    sgdUpdate: _1,
    adamUpdate: _2,
    rmspropUpdate: _3,
    adagradUpdate: _4,
    adadeltaUpdate: _5,
    adamaxUpdate: _6,
    ...kernels
  } = cpu.kernels;
  return { ...cpu, name: "cpu-reference", kernels } as tk.Backend;
}

/** Registers "cpu" (fused kernels) and "cpu-reference" (compositions) and activates "cpu". */
export function setUpBackends(): void {
  tk.registerBackend("cpu", createCpuBackend, { priority: 1 });
  tk.registerBackend("cpu-reference", createReferenceBackend, { priority: 0 });
}

/** Runs `fn` with `name` as the active backend, then switches back to "cpu". */
export async function onBackend<T>(name: string, fn: () => T): Promise<T> {
  await tk.setBackend(name);
  try {
    return fn();
  } finally {
    await tk.setBackend("cpu");
  }
}

/**
 * The trajectory tests shared by every optimiser's test file: for each named fixture case, our
 * float32 and float64 runs follow torch's step by step, and the reference composition (a backend
 * without the fused kernel) follows the fused kernel to float rounding.
 */
export function describeTrajectories(names: readonly string[]): void {
  for (const name of names) {
    describe(name, () => {
      const c = fixture().cases[name]!;
      it("float32 trajectory equals PyTorch's over 50 steps (rtol 1e-5)", () => {
        expectTrajectory(runCase(c), c, 1e-5, 1e-6);
      });
      it("float64 trajectory equals PyTorch's to the fixture's float32 rounding", () => {
        // 2.4e-7 = two float32 ulps: the fixture stores each value rounded to float32.
        expectTrajectory(runCase(c, { dtype: "float64" }), c, 2.4e-7, 1e-9);
      });
      it("reference composition (no fused kernel) gives the fused kernel's trajectory", async () => {
        const fused = runCase(c);
        const reference = await onBackend("cpu-reference", () => runCase(c));
        // Both round every float32 op, in different places: they drift apart by float32 rounding only.
        expectSameRun(reference, fused, 1e-5, 1e-6);
        expectTrajectory(reference, c, 1e-5, 1e-6);
      });
      if (c.lrs.length > 0) {
        it("learning rates equal PyTorch's", () => {
          const run = runCase(c, { dtype: "float64" });
          for (const [s, lrs] of run.lrs.entries())
            expectClose(lrs, c.lrs[s]!, `lr after step ${s + 1}`, 1e-12, 1e-15);
          for (const [s, m] of c.momenta ? run.momenta.entries() : [])
            expectClose(m, c.momenta![s]!, `momentum after step ${s + 1}`, 1e-12, 1e-15);
        });
      }
    });
  }
}

interface FixtureTensor {
  shape: number[];
  dtype: DType;
  data: number[];
}

export interface SchedulerSpec {
  kind: string;
  [option: string]: unknown;
}

export interface Case {
  optimizer: string;
  options: Record<string, unknown>;
  groups: [Record<string, unknown>, Record<string, unknown>];
  scheduler?: SchedulerSpec;
  metrics?: number[];
  trajectory: { W: number[][]; b: number[][]; v: number[][] };
  lrs: number[][];
  momenta?: number[][];
}

export interface Fixture {
  steps: number;
  problem: Record<"X" | "Y" | "c" | "q" | "W" | "b" | "v", FixtureTensor>;
  cases: Record<string, Case>;
}

let cached: Fixture | undefined;

/** The torch trajectories written by tooling/fixtures/generate_optim.py. */
export function fixture(): Fixture {
  cached ??= JSON.parse(
    readFileSync(new URL("./fixtures/trajectories.json", import.meta.url), "utf8"),
  ) as Fixture;
  return cached;
}

const OPTIMIZERS: Record<string, new (params: never, options: never) => Optimizer> = {
  SGD,
  Adam,
  AdamW,
  RMSprop,
  Adagrad,
  Adadelta,
  Adamax,
} as never;

/** The problem's parameters and loss on the active backend, as the generator defines them. */
export function makeProblem(dtype: DType = "float32") {
  const p = fixture().problem;
  // The inputs are float32 values (two decimals rounded to float32), in float64 runs too, as in torch.
  const t = (f: FixtureTensor) =>
    tk.keep(tk.tensor(Float64Array.from(f.data, Math.fround), { shape: f.shape, dtype }));
  const X = t(p.X);
  const Y = t(p.Y);
  const c = t(p.c);
  const q = t(p.q);
  const W = requiresGrad(t(p.W));
  const b = requiresGrad(t(p.b));
  const v = requiresGrad(t(p.v));
  // X·W as a broadcast product summed over the inner axis: needs only element-wise and sum rules.
  const X3 = tk.keep(tk.reshape(X, [X.shape[0]!, X.shape[1]!, 1]));
  const xw = () => tk.sum(tk.mul(X3, W), 1);
  const loss = () =>
    tk.add(
      tk.mean(tk.square(tk.sub(tk.add(xw(), b), Y))),
      tk.mul(tk.sum(tk.mul(q, tk.square(tk.sub(v, c)))), 0.5),
    );
  const dispose = () => {
    for (const x of [X, X3, Y, c, q, W, b, v]) x.dispose();
  };
  return { W, b, v, loss, dispose };
}

/** Builds the case's optimiser over the problem's two parameter groups. */
export function makeOptimizer(c: Case, W: Tensor, b: Tensor, v: Tensor): Optimizer {
  const Ctor = OPTIMIZERS[c.optimizer]!;
  return new Ctor(
    [
      { params: [W, b], ...c.groups[0] },
      { params: [v], ...c.groups[1] },
    ] as never,
    c.options as never,
  );
}

/** Builds a scheduler from its fixture spec. */
export function makeScheduler(opt: Optimizer, spec: SchedulerSpec): LRScheduler | ReduceLROnPlateau {
  const { kind, ...o } = spec;
  switch (kind) {
    case "StepLR":
      return new StepLR(opt, o as never);
    case "MultiStepLR":
      return new MultiStepLR(opt, o as never);
    case "ExponentialLR":
      return new ExponentialLR(opt, o as never);
    case "CosineAnnealingLR":
      return new CosineAnnealingLR(opt, o as never);
    case "LinearLR":
      return new LinearLR(opt, o as never);
    case "SequentialLR":
      return new SequentialLR(opt, {
        schedulers: (o.schedulers as SchedulerSpec[]).map((s) => makeScheduler(opt, s) as LRScheduler),
        milestones: o.milestones as number[],
      });
    case "OneCycleLR":
      return new OneCycleLR(opt, o as never);
    case "ReduceLROnPlateau":
      return new ReduceLROnPlateau(opt, o as never);
  }
  throw new Error(`unknown scheduler ${kind}`);
}

export interface Run {
  W: Float32Array[] | Float64Array[];
  b: Float32Array[] | Float64Array[];
  v: Float32Array[] | Float64Array[];
  lrs: number[][];
  momenta: number[][];
}

/**
 * Runs a fixture case with tensorkit on the active backend: our own gradients through autograd,
 * `steps` optimiser steps (and scheduler steps), recording the parameters after each.
 */
export function runCase(c: Case, options: { dtype?: DType; steps?: number } = {}): Run {
  const steps = options.steps ?? fixture().steps;
  const { W, b, v, loss, dispose } = makeProblem(options.dtype);
  const opt = makeOptimizer(c, W, b, v);
  const sched = c.scheduler ? makeScheduler(opt, c.scheduler) : undefined;
  const sign = c.options.maximize ? -1 : 1;
  const run: Run = { W: [], b: [], v: [], lrs: [], momenta: [] };
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    tk.tidy(() => tk.mul(loss(), sign).backward());
    opt.step();
    if (sched instanceof ReduceLROnPlateau) sched.step(c.metrics![i]!);
    else sched?.step();
    (run.W as Float32Array[]).push(W.dataSync() as Float32Array);
    (run.b as Float32Array[]).push(b.dataSync() as Float32Array);
    (run.v as Float32Array[]).push(v.dataSync() as Float32Array);
    run.lrs.push(opt.paramGroups.map((g) => g.lr));
    run.momenta.push(
      opt.paramGroups.map((g) => {
        const o = g as unknown as { betas?: number[]; momentum?: number };
        return o.betas ? o.betas[0]! : (o.momentum ?? Number.NaN);
      }),
    );
  }
  opt.dispose();
  dispose();
  return run;
}

/** Every |got − want| ≤ atol + rtol·|want|, naming the first offenders. */
export function expectClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  what: string,
  rtol: number,
  atol = 0,
): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) bad.push(`[${i}] want ${w}, got ${g}`);
  }
  expect(bad.slice(0, 5), `${what} (rtol ${rtol}, atol ${atol})`).toEqual([]);
}

/** Compares a run with the torch trajectory of the case, step by step. */
export function expectTrajectory(run: Run, c: Case, rtol: number, atol: number): void {
  const steps = run.W.length;
  for (let s = 0; s < steps; s++) {
    for (const name of ["W", "b", "v"] as const)
      expectClose(run[name][s]!, c.trajectory[name][s]!, `step ${s + 1} ${name}`, rtol, atol);
  }
}

/** Compares two runs of ours, step by step. */
export function expectSameRun(a: Run, b: Run, rtol: number, atol: number): void {
  for (let s = 0; s < a.W.length; s++) {
    for (const name of ["W", "b", "v"] as const)
      expectClose(a[name][s]!, b[name][s]!, `step ${s + 1} ${name}`, rtol, atol);
  }
}

/** Live tensors and storages (all backends). */
export function live() {
  const m = tk.memory();
  return { numTensors: m.numTensors, numStorages: m.numStorages };
}
