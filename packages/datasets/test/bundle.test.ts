import { createCpuBackend } from "@tensorkit/backend-cpu";
import { memory, registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { bundle } from "../src/bundle.js";

registerBackend("cpu", createCpuBackend);

describe("bundle", () => {
  it("frees every tensor it holds on dispose and at the end of a using block", () => {
    const before = memory().numTensors;
    {
      using d = bundle({
        x: tensor([1]),
        y: tensor([2]),
        extra: tensor([3]),
        featureNames: [],
        classNames: [],
        description: "",
      });
      expect(memory().numTensors).toBe(before + 3);
      expect(d.extra.isDisposed).toBe(false);
    }
    expect(memory().numTensors).toBe(before);
    const d = bundle({ x: tensor([1]), y: tensor([2]), featureNames: [], classNames: [], description: "" });
    d.dispose();
    d.dispose(); // twice is harmless
    expect(memory().numTensors).toBe(before);
  });
});
