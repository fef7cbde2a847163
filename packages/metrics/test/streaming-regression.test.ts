import { describe, expect, it } from "vitest";
import { MeanAbsoluteError, MeanSquaredError } from "../src/streaming/regression.js";
import { expectClose, fixture } from "./helpers.js";
import type { RegressionFixture } from "./types.js";

const { cases } = fixture<RegressionFixture>("regression.json");

describe("MeanSquaredError, MeanAbsoluteError (streaming)", () => {
  for (const c of cases) {
    it(`equal scikit-learn over batches of 3: ${c.name}`, () => {
      const mse = new MeanSquaredError();
      const mae = new MeanAbsoluteError({ multioutput: "rawValues" });
      for (let i = 0; i < c.yTrue.length; i += 3) {
        const t = c.yTrue.slice(i, i + 3) as number[];
        const p = c.yPred.slice(i, i + 3) as number[];
        mse.update(t, p);
        mae.update(t, p);
      }
      expectClose(mse.compute(), c.meanSquaredError.uniform, 1e-12, `${c.name} mse`);
      expectClose(mae.compute(), c.meanAbsoluteError.raw, 1e-12, `${c.name} mae`);
    });
  }

  it("refuses a batch with another number of outputs", () => {
    const mse = new MeanSquaredError();
    mse.update([[1, 2]], [[1, 2]]);
    expect(() => mse.update([1], [1])).toThrow(/earlier batches had 2 outputs, this one has 1/);
  });
});
