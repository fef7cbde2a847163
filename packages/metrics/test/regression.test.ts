import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, ShapeError, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from "../src/regression.js";
import { expectClose, fixture } from "./helpers.js";
import type { RegressionFixture } from "./types.js";

registerBackend("cpu", createCpuBackend);

const { cases } = fixture<RegressionFixture>("regression.json");
const fns = { meanSquaredError, rootMeanSquaredError, meanAbsoluteError, r2Score } as const;

describe("regression metrics equal scikit-learn", () => {
  for (const c of cases) {
    it(c.name, () => {
      for (const [name, fn] of Object.entries(fns)) {
        const expected = c[name as keyof typeof fns];
        expectClose(fn(c.yTrue, c.yPred), expected.uniform, 1e-12, `${c.name} ${name}`);
        expectClose(
          fn(c.yTrue, c.yPred, { multioutput: "rawValues" }),
          expected.raw,
          1e-12,
          `${c.name} ${name} raw`,
        );
      }
    });
  }
});

describe("regression metrics", () => {
  it("read float64 tensors", () => {
    const c = cases.find((x) => x.name === "three_outputs")!;
    const got = r2Score(tensor(c.yTrue as number[][], "float64"), tensor(c.yPred as number[][], "float64"));
    expectClose(got, c.r2Score.uniform, 1e-12);
  });

  it("r2Score of a single sample is NaN (undefined)", () => {
    expect(Number.isNaN(r2Score([1], [2]))).toBe(true);
  });

  it("name both lengths and both output counts when they differ", () => {
    expect(() => meanSquaredError([1, 2, 3], [1, 2])).toThrow(/yTrue has 3 samples.*yPred has 2/);
    expect(() => meanAbsoluteError([[1, 2]], [[1, 2, 3]])).toThrow(ShapeError);
    expect(() => meanAbsoluteError([[1, 2]], [[1, 2, 3]])).toThrow(/2 outputs.*has 3/);
  });
});
