import * as tk from "@tensorkit/tensor";
import { describe, expect } from "vitest";
import { type FixtureTensor, fixture } from "../fixtures.js";
import { LAYOUTS, laidOut, type Suite, values } from "../suite.js";

interface SoftmaxCase {
  x: FixtureTensor;
  axis: number;
  softmax: FixtureTensor;
  logSoftmax: FixtureTensor;
}

const F = "softmax";

export function softmax(s: Suite): void {
  const fx = () => fixture<Record<string, SoftmaxCase>>("softmax.json");

  describe("softmax", () => {
    for (const name of Object.keys(fixture<Record<string, SoftmaxCase>>("softmax.json"))) {
      s.test(F, `softmax and logSoftmax ${name} match torch, on every input layout`, () => {
        const c = fx()[name]!;
        for (const layout of LAYOUTS) {
          s.expectTensor(
            tk.softmax(laidOut(c.x, layout), c.axis),
            c.softmax,
            "transcendental",
            `softmax ${layout}`,
          );
          s.expectTensor(
            tk.logSoftmax(laidOut(c.x, layout), c.axis),
            c.logSoftmax,
            "transcendental",
            `logSoftmax ${layout}`,
          );
        }
      });
    }

    s.test(F, "softmax rows sum to 1 and the default axis is the last", () => {
      const x = tk.reshape(tk.arange(0, 24).cast("float32"), [2, 3, 4]);
      const rows = values(tk.sum(tk.softmax(x), -1));
      for (const r of rows) expect(Math.abs(r - 1)).toBeLessThan(1e-6);
      const cols = values(tk.sum(tk.softmax(x, 1), 1));
      for (const r of cols) expect(Math.abs(r - 1)).toBeLessThan(1e-6);
    });

    s.test(F, "softmax of int32 gives float32; empty in, empty out; size-1 axis gives 1 and 0", () => {
      expect(tk.softmax(tk.tensor([1, 2], "int32")).dtype).toBe("float32");
      expect(tk.softmax(tk.zeros([0, 3])).shape).toEqual([0, 3]);
      s.expectTensor(tk.softmax(tk.tensor([[5], [-3]]), 1), { shape: [2, 1], data: [1, 1] }, "exact");
      s.expectTensor(tk.logSoftmax(tk.tensor([[5], [-3]]), 1), { shape: [2, 1], data: [0, 0] }, "exact");
    });
  });
}
