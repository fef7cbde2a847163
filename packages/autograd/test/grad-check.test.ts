import { gradCheck } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import type { Tensor } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";

tk.registerBackend("cpu", createCpuBackend);
await tk.setBackend("cpu");

describe("gradCheck", () => {
  it("passes a correct gradient, for scalar and non-scalar outputs", () => {
    const x = tk.tensor([0.3, -1.2, 2]);
    const y = tk.tensor([
      [0.5, 1],
      [-0.25, 2],
      [1, 1],
    ]);
    const scalar = gradCheck((a) => tk.sum(tk.sin(a)), [x]);
    expect(scalar.ok).toBe(true);
    expect(scalar.maxRelError[0]).toBeLessThan(1e-6);
    const matrix = gradCheck((a, b) => tk.matmul(a!, b!), [x, y]);
    expect(matrix.ok).toBe(true);
    expect(matrix.maxRelError).toHaveLength(2);
    for (const e of matrix.maxRelError) expect(e).toBeLessThan(1e-6);
  });

  it("catches a wrong gradient: a forward half hidden from the tape by detach()", () => {
    const x = tk.tensor([0.5, 1.5, -2]);
    // the tape sees x · const, so the analytic gradient is x; the true derivative of x² is 2x
    const report = gradCheck((a: Tensor) => tk.sum(tk.mul(a, a.detach())), [x]);
    expect(report.ok).toBe(false);
    expect(report.maxRelError[0]).toBeGreaterThan(0.4);
    expect(report.maxAbsError[0]).toBeCloseTo(2, 5); // |x - 2x| at x = -2
  });
});
