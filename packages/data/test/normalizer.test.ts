import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, ShapeError, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { Normalizer } from "../src/preprocessing/normalizer.js";
import { expectClose, fixture } from "./helpers.js";

registerBackend("cpu", createCpuBackend);
const f = fixture("scalers.json");

describe("Normalizer", () => {
  for (const norm of ["l1", "l2", "max"] as const)
    it(`equals scikit-learn with norm ${norm}, a zero row staying zero`, () => {
      const c = f[`normalizer_${norm}`];
      const out = new Normalizer({ norm }).fitTransform(c.input as number[][]);
      expectClose(out, c.output);
      expect(out[out.length - 1]).toEqual([0, 0, 0, 0]);
      const x = tensor(c.input as number[][]);
      const y = new Normalizer({ norm }).fitTransform(x);
      expectClose(y.toArray(), c.output, 1e-6);
      x.dispose();
      y.dispose();
    });

  it("checks the column count, has no inverse, rejects unknown norms, round-trips", () => {
    const n = new Normalizer().fit([[1, 2]]);
    expect(() => n.transform([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => n.inverseTransform([[1, 2]])).toThrow(/no inverse/);
    expect(() => new Normalizer({ norm: "l3" as "l1" })).toThrow(/'l1', 'l2' or 'max'/);
    expect(Normalizer.fromJSON(JSON.stringify(new Normalizer({ norm: "max" }).fit([[1]]))).norm).toBe("max");
  });
});
