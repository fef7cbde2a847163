import { enableGrad, isGradEnabled, noGrad, requiresGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import * as tk from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { values } from "./helpers.js";

tk.registerBackend("cpu", createCpuBackend);
await tk.setBackend("cpu");

describe("noGrad and enableGrad", () => {
  it("noGrad records nothing: results do not require gradients and cannot backpropagate", () => {
    const w = requiresGrad(tk.tensor([1, 2]));
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return tk.sum(tk.mul(w, 3));
    });
    expect(isGradEnabled()).toBe(true);
    expect(y.requiresGrad).toBe(false);
    expect(() => y.backward()).toThrow(/require/);
    expect(w.grad).toBeNull();
  });

  it("noGrad allows in-place-style parameter updates without recording them", () => {
    const w = requiresGrad(tk.tensor([1, 2]));
    tk.sum(tk.mul(w, w)).backward();
    const updated = noGrad(() => tk.sub(w, tk.mul(w.grad!, 0.25)));
    expect(updated.requiresGrad).toBe(false);
    expect(values(updated)).toEqual([0.5, 1]);
  });

  it("enableGrad inside noGrad records again", () => {
    const x = requiresGrad(tk.tensor([1, 2]));
    const loss = noGrad(() => enableGrad(() => tk.sum(tk.mul(x, 3))));
    expect(loss.requiresGrad).toBe(true);
    loss.backward();
    expect(values(x.grad)).toEqual([3, 3]);
  });

  it("the mode is restored when the function throws, and nests", () => {
    expect(() =>
      noGrad(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(isGradEnabled()).toBe(true);
    noGrad(() => {
      enableGrad(() => expect(isGradEnabled()).toBe(true));
      expect(isGradEnabled()).toBe(false);
      noGrad(() => expect(isGradEnabled()).toBe(false));
      expect(isGradEnabled()).toBe(false);
    });
    expect(isGradEnabled()).toBe(true);
  });
});
