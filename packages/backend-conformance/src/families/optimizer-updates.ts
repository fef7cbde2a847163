import type { DType, Tensor, View } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { describe, expect } from "vitest";
import { LAYOUTS, type Layout, laidOut, type Suite, values } from "../suite.js";
import { CASES, GRADS, type OptimizerCase, type OptimizerKernel, PARAM, SHAPE } from "./optimizer-cases.js";
import type { Elementwise } from "./optimizer-references.js";

const F = "optimizer-updates";

type UpdateFn = (
  param: Tensor,
  grad: Tensor,
  state: Record<string, Tensor>,
  options: object,
) => { param: Tensor; state: Readonly<Record<string, Tensor | undefined>> };

/** The public op of each kernel: it runs the backend's kernel, or the reference composition. */
const OPS: Record<OptimizerKernel, UpdateFn> = {
  sgdUpdate: tk.sgdUpdate as unknown as UpdateFn,
  adamUpdate: tk.adamUpdate as unknown as UpdateFn,
  rmspropUpdate: tk.rmspropUpdate as unknown as UpdateFn,
  adagradUpdate: tk.adagradUpdate as unknown as UpdateFn,
  adadeltaUpdate: tk.adadeltaUpdate as unknown as UpdateFn,
  adamaxUpdate: tk.adamaxUpdate as unknown as UpdateFn,
};

type KernelFn = (
  param: View<unknown>,
  grad: View<unknown>,
  state: Record<string, View<unknown>>,
  options: object,
) => { readonly param: unknown; readonly state: Readonly<Record<string, unknown>> };

/** One step's inputs as host values (what the backend holds, so already rounded to its dtype). */
interface StepInputs {
  readonly param: readonly number[];
  readonly grad: readonly number[];
  readonly state: Readonly<Record<string, readonly number[]>>;
}

/** The float64 reference of one step, element by element, with the bound each result is checked against. */
function reference(ref: Elementwise, inputs: StepInputs) {
  const names = Object.keys(inputs.state);
  const param: number[] = [];
  const state: Record<string, number[]> = {};
  const paramScale: number[] = [];
  const stateScale: Record<string, number[]> = {};
  for (let i = 0; i < inputs.param.length; i++) {
    const p = inputs.param[i]!;
    const g = inputs.grad[i]!;
    const st: Record<string, number> = {};
    for (const k of names) st[k] = inputs.state[k]![i]!;
    const r = ref(p, g, st);
    param.push(r.p);
    // A step is a difference of the old value and an update: the float32 error of the result is
    // bounded relative to |old| + |new|, not to the (possibly cancelled) result.
    paramScale.push(Math.abs(p) + Math.abs(r.p));
    for (const [k, v] of Object.entries(r.state)) {
      (state[k] ??= []).push(v);
      (stateScale[k] ??= []).push(Math.abs(st[k] ?? 0) + Math.abs(v) + Math.abs(g));
    }
  }
  return { param, state, paramScale, stateScale };
}

/** A tensor of `data` in `layout` (contiguous, or one of the non-contiguous views). */
const input = (data: readonly number[], layout: Layout, dtype: DType) =>
  laidOut({ shape: SHAPE, data }, layout, dtype);

/** The inputs of a case's first step, rounded to the dtype the backend holds them in. */
function firstInputs(c: OptimizerCase, dtype: DType): StepInputs {
  const round = dtype === "float32" ? Math.fround : (v: number) => v;
  return {
    param: PARAM.map(round),
    grad: GRADS[0]!.map(round),
    state: Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, v.map(round)])),
  };
}

/** The step's inputs as tensors: param and grad in `layouts[0]`/`[1]`, state in `layouts[2]`. */
function place(inputs: StepInputs, dtype: DType, layouts: readonly [Layout, Layout, Layout]) {
  const param = input(inputs.param, layouts[0], dtype);
  const grad = input(inputs.grad, layouts[1], dtype);
  const state: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(inputs.state)) state[k] = input(v, layouts[2], dtype);
  const all = [param, grad, ...Object.values(state)];
  return {
    param,
    grad,
    state,
    all,
    before: all.map(values),
    storages: new Set(all.map((t) => t.view().storage)),
  };
}

/**
 * Checks one step's results against the reference: parameter and every state buffer (and no
 * other), results in storages of their own, and inputs not modified (the contract forbids
 * in-place updates).
 */
function checkStep(
  s: Suite,
  where: string,
  dtype: DType,
  got: { readonly param: Tensor; readonly state: Readonly<Record<string, Tensor | undefined>> },
  want: ReturnType<typeof reference>,
  placed: ReturnType<typeof place>,
  resultStorages: readonly unknown[],
): void {
  const exp = (data: number[]) => ({ shape: SHAPE, dtype, data });
  s.expectTensor(got.param, exp(want.param), "transcendental", `${where} param`, want.paramScale);
  expect(Object.keys(got.state).sort(), `${where}: state buffers returned`).toEqual(
    Object.keys(want.state).sort(),
  );
  for (const [k, data] of Object.entries(want.state))
    s.expectTensor(got.state[k]!, exp(data), "transcendental", `${where} state.${k}`, want.stateScale[k]);
  for (const st of resultStorages)
    expect(placed.storages.has(st), `${where}: a result is an input's storage`).toBe(false);
  placed.all.forEach((t, i) => {
    expect(values(t), `${where}: input ${i} (param, grad, state…) was modified`).toEqual(placed.before[i]);
  });
}

/**
 * Runs `c` through the public op on `dtype` with every input in `layout`, step after step
 * (each step takes the previous one's outputs), checking each step with {@link checkStep}.
 */
function runCase(s: Suite, c: OptimizerCase, dtype: DType, layout: Layout): void {
  let current = firstInputs(c, dtype);
  c.steps.forEach((step, n) => {
    current = { ...current, grad: GRADS[n]!.map(dtype === "float32" ? Math.fround : (v) => v) };
    const placed = place(current, dtype, [layout, layout, layout]);
    const out = OPS[c.kernel](placed.param, placed.grad, placed.state, step.options);
    const results = [out.param, ...Object.values(out.state)].map((t) => t!.view().storage);
    checkStep(
      s,
      `${c.kernel} ${dtype} ${layout} step ${n + 1}`,
      dtype,
      out,
      reference(step.ref, current),
      placed,
      results,
    );
    current = {
      param: values(out.param),
      grad: [],
      state: Object.fromEntries(Object.entries(out.state).map(([k, t]) => [k, values(t!)])),
    };
  });
}

/**
 * The fused optimiser updates (`sgdUpdate`, `adamUpdate`, `rmspropUpdate`, `adagradUpdate`,
 * `adadeltaUpdate`, `adamaxUpdate`) against float64 references of PyTorch's algorithms, over
 * every option of the contract, two steps each (state passed on), on every input layout.
 *
 * The op-level tests run on every backend (the kernel where the backend has it, the reference
 * composition otherwise); the kernel-level tests call the backend's kernel directly and are
 * skipped, visibly, for kernels the backend leaves to the composition.
 */
export function optimizerUpdates(s: Suite): void {
  const dtypes = (): DType[] => ["float32", ...(s.has("float64") ? (["float64"] as const) : [])];

  describe("optimizer updates", () => {
    for (const c of CASES) {
      s.test(F, `${c.kernel}: ${c.title}, matches the float64 reference on every input layout`, () => {
        for (const dtype of dtypes()) for (const layout of LAYOUTS) runCase(s, c, dtype, layout);
      });
    }

    for (const kernel of Object.keys(OPS) as OptimizerKernel[]) {
      s.test(F, `${kernel} (optional kernel) called directly: new storages, inputs untouched`, (ctx) => {
        const k = s.backend.kernels;
        const fn = (k as unknown as Record<string, KernelFn | undefined>)[kernel];
        if (!fn) {
          ctx.skip(`the backend leaves ${kernel} to the reference composition`);
          return;
        }
        // the richest case of the kernel: the one with the most state buffers
        const c = CASES.filter((x) => x.kernel === kernel).reduce((a, b) =>
          Object.keys(b.state).length > Object.keys(a.state).length ? b : a,
        );
        const current = firstInputs(c, "float32");
        // negative strides, an offset with stride 2, and permuted axes: one per operand
        const placed = place(current, "float32", ["flipped", "strided", "transposed"]);
        const views: Record<string, View<unknown>> = {};
        for (const [name, t] of Object.entries(placed.state)) views[name] = t.view();
        const out = fn.call(k, placed.param.view(), placed.grad.view(), views, c.steps[0]!.options);
        const owned = [out.param, ...Object.values(out.state)];
        try {
          const asTensor = (st: unknown) =>
            tk.tensor(k.read(st, "float32", PARAM.length) as Float32Array, { shape: [...SHAPE] });
          const state: Record<string, Tensor> = {};
          for (const [name, st] of Object.entries(out.state)) state[name] = asTensor(st);
          const want = reference(c.steps[0]!.ref, current);
          checkStep(s, kernel, "float32", { param: asTensor(out.param), state }, want, placed, owned);
        } finally {
          // a result that aliases an input is already reported; freeing it would free the input
          for (const o of new Set(owned)) if (o !== undefined && !placed.storages.has(o)) k.free(o);
        }
      });
    }
  });
}
