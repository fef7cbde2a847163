import { memory, ones, tensor, tidy, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { BatchNorm1d, BatchNorm2d } from "../src/layers/batchnorm.js";
import { describeCases, layerCases } from "./layer-fixtures.js";

describe("BatchNorm1d and BatchNorm2d against PyTorch (two training steps, then evaluation)", () => {
  describeCases(layerCases("batchnorm"), it);
});

describe("BatchNorm", () => {
  it("has PyTorch's state-dict names, initial values and an int32 batch counter", () => {
    const bn = new BatchNorm2d(3);
    const sd = bn.stateDict();
    expect(Object.keys(sd)).toEqual(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]);
    expect(sd.weight!.toArray()).toEqual([1, 1, 1]);
    expect(sd.bias!.toArray()).toEqual([0, 0, 0]);
    expect(sd.running_mean!.toArray()).toEqual([0, 0, 0]);
    expect(sd.running_var!.toArray()).toEqual([1, 1, 1]);
    expect(sd.num_batches_tracked!.dtype).toBe("int32");
    expect(sd.num_batches_tracked!.shape).toEqual([]);
    expect(bn.numParameters()).toBe(6);
    const plain = new BatchNorm1d(2, { affine: false, trackRunningStats: false });
    expect(Object.keys(plain.stateDict())).toEqual([]);
    for (const m of [bn, plain]) m.dispose();
  });

  it("updates running statistics with the unbiased variance and counts batches", () => {
    const bn = new BatchNorm1d(1, { momentum: 0.5 });
    // batch [1, 3]: mean 2, biased var 1, unbiased var 2
    const y = tidy(() => bn.call(tensor([[1], [3]])).toArray() as number[][]);
    expect(y.map((r) => r[0]!)).toEqual([
      expect.closeTo(-1 / Math.sqrt(1 + 1e-5), 6),
      expect.closeTo(1 / Math.sqrt(1 + 1e-5), 6),
    ]);
    expect(bn.runningMean!.toArray()).toEqual([1]);
    expect(bn.runningVar!.toArray()).toEqual([1.5]);
    expect(bn.numBatchesTracked!.item()).toBe(1);
    bn.eval();
    tidy(() => bn.call(tensor([[5], [7]])));
    expect(bn.numBatchesTracked!.item()).toBe(1);
    bn.dispose();
  });

  it("keeps the buffers' identity (assign) and leaks nothing across steps", () => {
    const bn = new BatchNorm2d(2);
    const running = bn.stateDict().running_mean!;
    const before = memory().numTensors;
    for (let i = 0; i < 3; i++) {
      tidy(() => {
        bn.call(
          tensor([
            [[[1, 2]], [[3, 5]]],
            [[[0, 1]], [[2, 2]]],
          ]),
        );
      });
    }
    expect(memory().numTensors).toBe(before);
    expect(bn.stateDict().running_mean).toBe(running);
    expect(bn.numBatchesTracked!.item()).toBe(3);
    bn.dispose();
  });

  it("refuses a single value per channel in training, as PyTorch", () => {
    const bn = new BatchNorm1d(3);
    expect(() => bn.call(ones([1, 3]))).toThrow(
      "BatchNorm1d: expected more than 1 value per channel when training, got input [1,3]",
    );
    bn.eval();
    expect(tidy(() => bn.call(ones([1, 3])).shape)).toEqual([1, 3]);
    bn.dispose();
  });

  it("names the layer, the expected and the actual shape on a wrong input", () => {
    expect(() => new BatchNorm1d(4).call(ones([2, 3]))).toThrow(
      "BatchNorm1d: expected input of shape [N, 4] or [N, 4, L], got [2,3]",
    );
    expect(() => new BatchNorm1d(4).call(ones([2, 4, 1, 1]))).toThrow("got [2,4,1,1]");
    expect(() => new BatchNorm2d(3).call(ones([2, 3, 4]))).toThrow(
      "BatchNorm2d: expected input of shape [N, 3, H, W], got [2,3,4]",
    );
    expect(() => new BatchNorm2d(3, { momentum: 2 })).toThrow(ValueError);
    expect(new BatchNorm2d(3).toString()).toBe(
      "BatchNorm2d(numFeatures=3, eps=0.00001, momentum=0.1, affine=true, trackRunningStats=true)",
    );
  });
});
