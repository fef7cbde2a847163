import { parseSafetensors, tidy } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { dense, layer, sequential } from "../src/builders.js";
import { Sequential } from "../src/containers.js";
import { batchNormalization, conv2d, flatten, maxPooling2d } from "../src/layer-builders.js";
import { ReLU } from "../src/layers/activation.js";
import { BatchNorm2d } from "../src/layers/batchnorm.js";
import { Conv2d } from "../src/layers/conv.js";
import { Flatten } from "../src/layers/flatten.js";
import { Linear } from "../src/layers/linear.js";
import { MaxPool2d } from "../src/layers/pooling.js";
import { cnnFixture, expectClose, fixtureBytes, fromFixture } from "./layer-fixtures.js";

// tooling/fixtures/generate_nn_layers.py saves the state dict of
// nn.Sequential(Conv2d(1, 4, 3, padding=1), BatchNorm2d(4), ReLU(), MaxPool2d(2), Flatten(), Linear(64, 3))
// after two SGD steps with safetensors.torch.save_file.
describe("a PyTorch CNN's safetensors state dict", () => {
  const f = cnnFixture();
  const { tensors } = parseSafetensors(fixtureBytes("cnn.safetensors"), { source: "cnn.safetensors" });

  const models = {
    "the same layers in a Sequential": () =>
      new Sequential(
        new Conv2d(1, 4, 3, { padding: 1 }),
        new BatchNorm2d(4),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(64, 3),
      ),
    "the Keras-style builders": () =>
      sequential([
        conv2d(4, 3, { padding: "same", inputShape: [1, 8, 8] }),
        batchNormalization(),
        layer(new ReLU()),
        maxPooling2d(2),
        flatten(),
        dense(3),
      ]),
  };

  for (const [how, make] of Object.entries(models)) {
    it(`loads strictly into ${how}, and the outputs agree in evaluation and training mode`, () => {
      expect(Object.keys(tensors).sort()).toEqual([...f.keys].sort());
      const model = make();
      expect(Object.keys(model.stateDict())).toEqual(f.keys);
      const result = model.loadStateDict(tensors, { strict: true });
      expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
      const bn = model.at(1) as BatchNorm2d;
      expect(bn.numBatchesTracked!.item()).toBe(2);
      const x = fromFixture(f.input);
      model.eval();
      expectClose(
        tidy(() => model.call(x)),
        f.evalOutput,
        "evaluation output",
      );
      model.train();
      expectClose(
        tidy(() => model.call(x)),
        f.trainOutput,
        "training output",
      );
      for (const [key, want] of Object.entries(f.buffersAfterTrainCall)) {
        expectClose(model.stateDict()[key] ?? null, want, `buffer ${key} after the training call`);
      }
      model.dispose();
    });
  }
});
