import { readFileSync } from "node:fs";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { LabelEncoder, StandardScaler } from "@tensorkit/data";
import {
  BatchNorm2d,
  ConfigError,
  Conv2d,
  dense,
  Flatten,
  Linear,
  l2,
  MaxPool2d,
  Module,
  ReLU,
  Sequential,
  sequential,
} from "@tensorkit/nn";
import {
  manualSeed,
  memory,
  parseSafetensors,
  registerBackend,
  serializeSafetensors,
  type Tensor,
  tensor,
  tidy,
} from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { compile, deserializeModel, ModelFileError, serializeModel } from "../src/index.js";

registerBackend("cpu", createCpuBackend);

const values = (t: Tensor) => Array.from(t.dataSync() as ArrayLike<number>);

// Written by PyTorch (tooling/fixtures/generate_nn_layers.py, safetensors.torch.save_file) for
// nn.Sequential(Conv2d(1, 4, 3, padding=1), BatchNorm2d(4), ReLU(), MaxPool2d(2), Flatten(), Linear(64, 3)).
const torchFile = new URL("../../nn/test/fixtures/cnn.safetensors", import.meta.url);
const torchCnn = () =>
  new Sequential(
    new Conv2d(1, 4, 3, { padding: 1 }),
    new BatchNorm2d(4),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(64, 3),
  );

async function trainedIris() {
  manualSeed(3);
  const raw = [
    [5.1, 3.5, 1.4, 0.2],
    [7.0, 3.2, 4.7, 1.4],
    [6.3, 3.3, 6.0, 2.5],
    [4.9, 3.0, 1.4, 0.2],
    [6.4, 3.2, 4.5, 1.5],
    [5.8, 2.7, 5.1, 1.9],
  ];
  const labels = ["setosa", "versicolor", "virginica", "setosa", "versicolor", "virginica"];
  const scaler = new StandardScaler();
  const x = tidy(() => scaler.fitTransform(tensor(raw)) as Tensor);
  const encoder = new LabelEncoder().fit(labels);
  const y = tensor(encoder.transform(labels), { dtype: "int32" });
  const model = sequential([
    dense(8, { activation: "relu", inputShape: [4], kernelRegularizer: l2(1e-3) }),
    dense(3),
  ]);
  const trainer = compile(model, {
    optimizer: { name: "adam", lr: 0.05 },
    loss: "sparseCategoricalCrossentropy",
    metrics: ["accuracy"],
  });
  const history = await trainer.fit(x, y, { epochs: 5, batchSize: 4, verbose: 0 });
  return { trainer, model, scaler, encoder, x, y, raw, history };
}

describe("serializeModel / deserializeModel", () => {
  it("round-trips a trained model with its preprocessing, class names and training configuration", async () => {
    const { trainer, model, scaler, encoder, x, y, raw, history } = await trainedIris();
    const before = memory().numTensors;
    const bytes = serializeModel(trainer, {
      preprocessing: { x: scaler, y: encoder },
      classNames: encoder.classes!,
      metadata: { dataset: "iris", rows: 6 },
      history,
    });
    const loaded = deserializeModel(bytes, { source: "iris.safetensors" });
    // the same predictions, from the raw features through the restored scaler
    const pre = loaded.preprocessing as { x: StandardScaler; y: LabelEncoder };
    expect(pre.x).toBeInstanceOf(StandardScaler);
    expect(pre.y).toBeInstanceOf(LabelEncoder);
    const rawX = tensor(raw);
    const xs = pre.x.transform(rawX) as Tensor;
    expect(values(xs)).toEqual(values(x));
    const want = trainer.predict(x);
    const got = tidy(() => loaded.model.call(xs));
    expect(values(got)).toEqual(values(want));
    expect(loaded.classNames).toEqual(["setosa", "versicolor", "virginica"]);
    expect(pre.y.inverseTransform([2, 0])).toEqual(["virginica", "setosa"]);
    expect(loaded.metadata).toEqual({ dataset: "iris", rows: 6 });
    expect(loaded.training).toEqual({
      compile: {
        optimizer: { name: "adam", lr: 0.05 },
        loss: "sparseCategoricalCrossentropy",
        metrics: ["accuracy"],
      },
      history: {
        epochs: 5,
        lastEpoch: 4,
        last: { loss: history.last("loss"), accuracy: history.last("accuracy") },
      },
    });
    expect(loaded.architecture).toEqual(model.toConfig());
    expect(loaded.model.training).toBe(false);
    // the regulariser came back too
    expect(tidy(() => loaded.model.regularizationLoss()!.item())).toBe(
      tidy(() => model.regularizationLoss()!.item()),
    );
    for (const t of [rawX, xs, want, got]) t.dispose();
    loaded.model.dispose();
    expect(memory().numTensors).toBe(before);
    for (const t of [x, y]) t.dispose();
    model.dispose();
    trainer.optimizer.dispose();
  });

  it("writes the documented metadata layout, all strings, and only the state dict as tensors", async () => {
    const { trainer, model, x, y } = await trainedIris();
    const { tensors, metadata } = parseSafetensors(serializeModel(trainer, { classNames: ["a", "b", "c"] }));
    expect(Object.keys(metadata).sort()).toEqual(
      ["architecture", "classNames", "format", "tensorkit.version", "training"].sort(),
    );
    expect(metadata.format).toBe("tensorkit");
    expect(metadata["tensorkit.version"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(JSON.parse(metadata.architecture!).type).toBe("SequentialModel");
    // the optimiser has state after training, but a model file holds none of it
    expect(Object.keys(tensors)).toEqual(Object.keys(model.stateDict()));
    for (const t of [...Object.values(tensors), x, y]) t.dispose();
    model.dispose();
    trainer.optimizer.dispose();
  });

  it("keeps PyTorch's state-dict names: the keys are those PyTorch wrote for the same network, and PyTorch's weights load into the restored model", () => {
    const torch = parseSafetensors(new Uint8Array(readFileSync(torchFile)), { source: "cnn.safetensors" });
    const model = torchCnn();
    const { tensors } = parseSafetensors(serializeModel(model));
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(torch.tensors).sort());
    for (const [k, t] of Object.entries(tensors)) expect(t.shape).toEqual(torch.tensors[k]!.shape);
    const loaded = deserializeModel(serializeModel(model));
    expect(loaded.model.loadStateDict(torch.tensors, { strict: true })).toEqual({
      missingKeys: [],
      unexpectedKeys: [],
    });
    for (const t of [...Object.values(tensors), ...Object.values(torch.tensors)]) t.dispose();
    model.dispose();
    loaded.model.dispose();
  });

  it("refuses a model with an unregistered layer before producing any bytes", () => {
    class Mine extends Module {
      fc = new Linear(2, 2);
      forward(t: Tensor): Tensor {
        return this.fc.call(t);
      }
    }
    const model = new Sequential(new Mine());
    expect(() => serializeModel(model)).toThrow(ConfigError);
    expect(() => serializeModel(model)).toThrow(/registerModuleType\("Mine"/);
    model.dispose();
  });

  describe("errors name the source and say what was expected", () => {
    const model = () => new Sequential(new Linear(2, 3), new ReLU());

    it("bytes that are not safetensors", () => {
      const text = new TextEncoder().encode("name,age\nada,36\nalan,41\n");
      expect(() => deserializeModel(text, { source: "people.csv" })).toThrow(ModelFileError);
      expect(() => deserializeModel(text, { source: "people.csv" })).toThrow(
        /^people\.csv: is not a safetensors file: .*expected an 8-byte little-endian header length/,
      );
      expect(() => deserializeModel(new Uint8Array(3), { source: "tiny.bin" })).toThrow(
        /tiny\.bin: .*only 3 bytes/,
      );
    });

    it("truncated bytes, in the header or in the data", () => {
      const m = model();
      const bytes = serializeModel(m);
      const cutData = bytes.subarray(0, bytes.length - 5);
      expect(() => deserializeModel(cutData, { source: "m.safetensors" })).toThrow(
        new RegExp(
          `^m\\.safetensors: is truncated: its tensors need ${bytes.length} bytes, but the file ends at byte ${bytes.length - 5}`,
        ),
      );
      try {
        deserializeModel(bytes.subarray(0, 40), { source: "m.safetensors" });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ModelFileError);
        expect((e as ModelFileError).problem).toBe("truncated");
        expect((e as ModelFileError).path).toBe("m.safetensors");
      }
      m.dispose();
    });

    it("a safetensors file without an architecture (a PyTorch state dict)", () => {
      const bytes = new Uint8Array(readFileSync(torchFile));
      expect(() => deserializeModel(bytes, { source: "cnn.safetensors" })).toThrow(
        /^cnn\.safetensors: has no 'architecture' in its safetensors metadata.*expected a tensorkit model file/,
      );
    });

    it("weights that do not fit the architecture", () => {
      const { metadata } = parseSafetensors(serializeModel(model()));
      const other = new Sequential(new Linear(2, 4), new ReLU());
      const bytes = serializeSafetensors(other.stateDict(), metadata);
      expect(() => deserializeModel(bytes, { source: "x.safetensors" })).toThrow(
        /^x\.safetensors: its weights do not fit its architecture: .*'0\.weight' has shape \[4,2\]/,
      );
      other.dispose();
    });
  });
});
