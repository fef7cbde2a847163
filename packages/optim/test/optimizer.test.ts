import { requiresGrad } from "@tensorkit/autograd";
import * as tk from "@tensorkit/tensor";
import { DTypeError, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { Adam, type Optimizer, RMSprop, SGD } from "../src/index.js";
import { fixture, live, makeOptimizer, makeProblem, setUpBackends } from "./helpers.js";

setUpBackends();

/** Runs `steps` steps of a fixture case's optimiser on the problem, from `opt` (made by `make`). */
function train(opt: Optimizer, loss: () => tk.Tensor, steps: number): void {
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    tk.tidy(() => loss().backward());
    opt.step();
  }
}

describe("Optimizer: parameter groups", () => {
  it("takes a list of tensors as one group, or groups with their own options", () => {
    const a = requiresGrad(tk.tensor([1, 2]));
    const b = requiresGrad(tk.tensor([3]));
    const one = new SGD([a, b], { lr: 0.1 });
    expect(one.paramGroups).toHaveLength(1);
    expect(one.paramGroups[0]!.params).toEqual([a, b]);
    const two = new Adam([{ params: [a] }, { params: [b], lr: 0.5, betas: [0.5, 0.9] }], { lr: 0.1 });
    expect(two.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.5]);
    expect(two.paramGroups[1]!.betas).toEqual([0.5, 0.9]);
    expect(two.paramGroups[0]!.betas).toEqual([0.9, 0.999]);
  });

  it("addParamGroup rejects a parameter already in a group, naming it", () => {
    const a = requiresGrad(tk.tensor([1, 2]));
    const opt = new SGD([a], { lr: 0.1 });
    expect(() => opt.addParamGroup({ params: [requiresGrad(tk.tensor([0])), a] })).toThrow(ValueError);
    expect(() => opt.addParamGroup({ params: [a] })).toThrow(
      /parameter 0 of group 1 \(\[2\]\) is already in a parameter group/,
    );
    expect(() => new SGD([{ params: [a] }, { params: [a] }])).toThrow(/already in a parameter group/);
    expect(opt.paramGroups).toHaveLength(1);
  });

  it("rejects empty lists, non-float and non-leaf parameters", () => {
    expect(() => new SGD([])).toThrow(/empty parameter list/);
    expect(() => new SGD([tk.tensor([1, 2], "int32")])).toThrow(DTypeError);
    expect(() => new SGD([tk.tensor([1, 2], "int32")])).toThrow(
      /can only optimise floating-point tensors; parameter 0 of group 0 is int32 \[2\]/,
    );
    const w = requiresGrad(tk.tensor([1, 2]));
    expect(() => new SGD([tk.mul(w, 2)])).toThrow(/can't optimise a non-leaf tensor/);
  });

  it("checks options changed on a group before the next step", () => {
    const w = requiresGrad(tk.tensor([1]));
    const opt = new SGD([w], { lr: 0.1 });
    tk.sum(w).backward();
    opt.paramGroups[0]!.lr = -1;
    expect(() => opt.step()).toThrow(/SGD: invalid learning rate lr = -1/);
  });
});

describe("Optimizer: step and zeroGrad", () => {
  it("skips frozen parameters (no .grad) without error and without state", () => {
    const w = requiresGrad(tk.tensor([1, 2]));
    const frozen = requiresGrad(tk.tensor([5]));
    const opt = new Adam([w, frozen], { lr: 0.1 });
    tk.sum(tk.square(w)).backward();
    opt.step();
    expect(Array.from(frozen.dataSync())).toEqual([5]);
    expect(opt.stateOf(frozen)).toBeUndefined();
    expect(opt.stateOf(w)?.step).toBe(1);
    // Adam's first step moves each coordinate by lr (m̂/√v̂ = sign(g)).
    const got = Array.from(w.dataSync());
    expect(got[0]).toBeCloseTo(0.9, 6);
    expect(got[1]).toBeCloseTo(1.9, 6);
  });

  it("zeroGrad clears every .grad; step keeps parameters as the same tensors", () => {
    const w = requiresGrad(tk.tensor([1, 2]));
    const opt = new SGD([w], { lr: 0.5 });
    tk.sum(tk.square(w)).backward();
    opt.step();
    expect(Array.from(w.dataSync())).toEqual([0, 0]); // w − 0.5·2w
    expect(w.requiresGrad).toBe(true);
    opt.zeroGrad();
    expect(w.grad).toBeNull();
  });

  it("step(closure) runs the closure with gradients on and returns its loss", () => {
    const w = requiresGrad(tk.tensor([3]));
    const opt = new SGD([w], { lr: 0.25 });
    const loss = opt.step(() => {
      opt.zeroGrad();
      const l = tk.sum(tk.square(w));
      l.backward();
      return l;
    });
    expect(loss?.item()).toBe(9);
    expect(w.item()).toBe(1.5);
  });

  it("state survives a step taken inside tidy", () => {
    const w = requiresGrad(tk.tensor([1, 2]));
    const opt = new Adam([w], { lr: 0.1 });
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      tk.tidy(() => {
        tk.sum(tk.square(w)).backward();
        opt.step();
      });
    }
    expect(opt.stateOf(w)?.buffers.expAvg?.isDisposed).toBe(false);
    expect(w.isDisposed).toBe(false);
  });

  it("memory() stays flat over 1,000 steps (Adam with AMSGrad, SGD with momentum)", () => {
    for (const make of [
      (ps: tk.Tensor[]) => new Adam(ps, { amsgrad: true, weightDecay: 0.01 }),
      (ps: tk.Tensor[]) => new SGD(ps, { lr: 0.01, momentum: 0.9, nesterov: true }),
    ]) {
      const { W, b, v, loss, dispose } = makeProblem();
      const opt = make([W, b, v]);
      train(opt, loss, 5);
      const before = live();
      train(opt, loss, 1000);
      expect(live()).toEqual(before);
      opt.zeroGrad();
      opt.dispose();
      dispose();
    }
  }, 60_000);
});

describe("Optimizer: stateDict and loadStateDict", () => {
  for (const name of [
    "adam_amsgrad_wd",
    "sgd_momentum_nesterov_wd",
    "rmsprop_centered_momentum_wd",
    "adagrad_decay_init_wd",
    "adadelta_rho_wd",
    "adamax_betas_wd_maximize",
    "adamw",
  ]) {
    it(`${name}: a new optimiser loaded from stateDict continues the same trajectory bit for bit`, () => {
      const c = fixture().cases[name]!;
      const sign = c.options.maximize ? -1 : 1;
      // Uninterrupted: 40 steps.
      const full = makeProblem();
      const optFull = makeOptimizer(c, full.W, full.b, full.v);
      const lossFull = () => tk.mul(full.loss(), sign);
      train(optFull, lossFull, 40);
      // Interrupted: 25 steps, save, a fresh optimiser, load, 15 more.
      const part = makeProblem();
      const first = makeOptimizer(c, part.W, part.b, part.v);
      const lossPart = () => tk.mul(part.loss(), sign);
      train(first, lossPart, 25);
      const saved = first.stateDict();
      first.dispose();
      const second = makeOptimizer(c, part.W, part.b, part.v);
      second.loadStateDict(saved);
      for (const entry of Object.values(saved.state))
        for (const t of Object.values(entry)) if (t instanceof tk.Tensor) t.dispose();
      train(second, lossPart, 15);
      for (const k of ["W", "b", "v"] as const) expect(part[k].dataSync()).toEqual(full[k].dataSync());
      expect(second.stateOf(part.W)?.step).toBe(40);
      optFull.dispose();
      second.dispose();
      full.dispose();
      part.dispose();
    });
  }

  it("stateDict has PyTorch's shape: state by parameter index, groups with indices", () => {
    const a = requiresGrad(tk.tensor([1, 2]));
    const b = requiresGrad(tk.tensor([3]));
    const opt = new RMSprop([{ params: [a] }, { params: [b], lr: 0.5 }], { momentum: 0.9 });
    tk.sum(tk.square(b)).backward();
    opt.step();
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(["1"]);
    expect(sd.state[1]!.step).toBe(1);
    expect(Object.keys(sd.state[1]!).sort()).toEqual(["momentumBuffer", "squareAvg", "step"]);
    expect(sd.paramGroups.map((g) => g.params)).toEqual([[0], [1]]);
    expect(sd.paramGroups[1]!.lr).toBe(0.5);
  });

  it("loadStateDict rejects a state of another layout and leaves the optimiser as it was", () => {
    const a = requiresGrad(tk.tensor([1, 2]));
    const opt = new SGD([a], { lr: 0.1, momentum: 0.9 });
    const other = new SGD([requiresGrad(tk.tensor([1, 2, 3]))], { lr: 0.1, momentum: 0.9 });
    tk.sum(tk.square(other.paramGroups[0]!.params[0]!)).backward();
    other.step();
    expect(() => opt.loadStateDict(other.stateDict())).toThrow(
      /state 0.momentumBuffer has shape \[3\] but its parameter has \[2\]/,
    );
    expect(() => opt.loadStateDict({ state: {}, paramGroups: [] })).toThrow(
      /the state has 0 parameter groups but the optimiser has 1/,
    );
    expect(opt.stateOf(a)).toBeUndefined();
  });
});
