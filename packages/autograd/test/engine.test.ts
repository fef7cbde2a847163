import { backward, requiresGrad, zeroGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import * as tk from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { expectClose, values } from "./helpers.js";

tk.registerBackend("cpu", createCpuBackend);
await tk.setBackend("cpu");

// Expected values are derived by hand in the comments.

describe("accumulation", () => {
  it("sums the gradient over every use of a leaf in one graph", () => {
    const x = requiresGrad(tk.tensor([1, 2, 3]));
    // d/dx sum(x·x + 3x) = 2x + 3
    tk.sum(tk.add(tk.mul(x, x), tk.mul(3, x))).backward();
    expect(values(x.grad)).toEqual([5, 7, 9]);
  });

  it("sums over the two branches of a diamond", () => {
    const x = requiresGrad(tk.tensor([0, 0.5]));
    const a = tk.exp(x);
    // d/dx [sum(a²) + sum(a)] = 2·exp(2x) + exp(x)
    tk.add(tk.sum(tk.mul(a, a)), tk.sum(a)).backward();
    expectClose(x.grad, { shape: [2], data: [0, 0.5].map((v) => 2 * Math.exp(2 * v) + Math.exp(v)) }, "grad");
  });

  it("accumulates (+=) over backward calls until zeroGrad clears it", () => {
    const x = requiresGrad(tk.tensor([1, -1]));
    const w = requiresGrad(tk.tensor([2, 3]));
    for (let i = 0; i < 3; i++) tk.sum(tk.mul(x, w)).backward();
    expect(values(x.grad)).toEqual([6, 9]);
    expect(values(w.grad)).toEqual([3, -3]);
    zeroGrad([x, w]);
    expect(x.grad).toBeNull();
    expect(w.grad).toBeNull();
    backward(tk.sum(tk.mul(x, w)));
    expect(values(x.grad)).toEqual([2, 3]);
  });

  it("adds to a .grad that was set by hand", () => {
    const x = requiresGrad(tk.tensor([1, 2]));
    x.grad = tk.tensor([10, 20]);
    tk.sum(tk.mul(x, 2)).backward();
    expect(values(x.grad)).toEqual([12, 22]);
  });

  it("unbroadcasts: a [3] operand added to [2,3] gets the sum over the broadcast axis", () => {
    const a = requiresGrad(
      tk.tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    );
    const b = requiresGrad(tk.tensor([1, 1, 1]));
    // d/db sum((a + b)·a) = sum over rows of a; d/da = a + b + a
    tk.sum(tk.mul(tk.add(a, b), a)).backward();
    expect(values(b.grad)).toEqual([5, 7, 9]);
    expect(b.grad!.shape).toEqual([3]);
    expect(values(a.grad)).toEqual([3, 5, 7, 9, 11, 13]);
  });

  it("backward(gradient) seeds a non-scalar output", () => {
    const x = requiresGrad(tk.tensor([1, 2, 3]));
    // d/dx <x², g> = 2x·g
    tk.mul(x, x).backward(tk.tensor([1, 0.5, -1]));
    expect(values(x.grad)).toEqual([2, 2, -6]);
  });

  it("gives float64 leaves float64 gradients", () => {
    const x = requiresGrad(tk.tensor(Float64Array.from([0.1, 0.2]), { shape: [2], dtype: "float64" }));
    tk.sum(tk.mul(x, x)).backward();
    expect(x.grad!.dtype).toBe("float64");
    expect(values(x.grad)).toEqual([0.2, 0.4]);
  });
});

describe("what requires gradients", () => {
  it("requiresGrad on an int32 or bool tensor is a DTypeError", () => {
    expect(() => requiresGrad(tk.tensor([1, 2], "int32"))).toThrow(tk.DTypeError);
    expect(() => requiresGrad(tk.tensor([1, 2], "int32"))).toThrow(/int32/);
    expect(() => tk.tensor([true]).requiresGrad_()).toThrow(tk.DTypeError);
  });

  it("an op's output requires gradients when an input does, and is not a leaf", () => {
    const x = requiresGrad(tk.tensor([1, 2]));
    const y = tk.mul(x, 2);
    expect(x.requiresGrad).toBe(true);
    expect(y.requiresGrad).toBe(true);
    expect(tk.mul(tk.tensor([1, 2]), 2).requiresGrad).toBe(false);
    expect(() => y.requiresGrad_(false)).toThrow(/leaf/);
    tk.sum(y).backward();
    expect(y.grad, "only leaves hold .grad").toBeNull();
  });

  it("detach() stops the gradient", () => {
    const x = requiresGrad(tk.tensor([1, 2, 3]));
    const d = x.detach();
    expect(d.requiresGrad).toBe(false);
    // d/dx sum(x · stop(x)) = x (not 2x)
    tk.sum(tk.mul(x, d)).backward();
    expect(values(x.grad)).toEqual([1, 2, 3]);
    // a detached intermediate cuts the graph before it
    const y = requiresGrad(tk.tensor([1, 2]));
    const cut = tk.exp(y).detach();
    tk.sum(tk.add(tk.mul(cut, y), y)).backward();
    expectClose(y.grad, { shape: [2], data: [Math.exp(1) + 1, Math.exp(2) + 1] }, "grad");
  });

  it("requiresGrad(t, false) turns a leaf off", () => {
    const x = requiresGrad(tk.tensor([1, 2]));
    const w = requiresGrad(tk.tensor([3, 4]));
    requiresGrad(x, false);
    tk.sum(tk.mul(x, w)).backward();
    expect(x.grad).toBeNull();
    expect(values(w.grad)).toEqual([1, 2]);
  });
});

describe("retainGraph and errors", () => {
  it("a second backward through a freed graph names retainGraph", () => {
    const x = requiresGrad(tk.tensor([0.5]));
    const loss = tk.sum(tk.sin(x));
    loss.backward();
    expect(() => loss.backward()).toThrow(tk.TensorkitError);
    expect(() => loss.backward()).toThrow(/retainGraph/);
  });

  it("with retainGraph the graph runs again and gradients add up", () => {
    const x = requiresGrad(tk.tensor([0.5, -1]));
    const loss = tk.sum(tk.mul(tk.sin(x), x));
    loss.backward(undefined, { retainGraph: true });
    loss.backward(undefined, { retainGraph: true });
    loss.backward();
    // d/dx x·sin(x) = sin(x) + x·cos(x), three times
    expectClose(
      x.grad,
      { shape: [2], data: [0.5, -1].map((v) => 3 * (Math.sin(v) + v * Math.cos(v))) },
      "grad",
    );
    expect(() => loss.backward()).toThrow(/retainGraph/);
  });

  it("backward on a non-scalar without a gradient says to reduce or pass one", () => {
    const x = requiresGrad(tk.ones([2, 3]));
    const y = tk.exp(x);
    expect(() => y.backward()).toThrow(/backward/);
    expect(() => y.backward()).toThrow(/\[2,3\]/);
    expect(() => y.backward()).toThrow(/gradient/);
    expect(() => y.backward(tk.ones([3, 2]))).toThrow(/\[3,2\]/);
  });

  it("backward on a tensor that requires no gradient says why", () => {
    const y = tk.sum(tk.tensor([1, 2]));
    expect(() => y.backward()).toThrow(/require/);
  });
});
