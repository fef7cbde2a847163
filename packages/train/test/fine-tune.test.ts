import { createCpuBackend } from "@tensorkit/backend-cpu";
import { BatchNorm1d, crossEntropy, Linear, ReLU, Sequential, Tanh } from "@tensorkit/nn";
import {
  listBackends,
  manualSeed,
  memory,
  registerBackend,
  type Tensor,
  tensor,
  tidy,
} from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { fineTune } from "../src/index.js";

if (!listBackends().some((b) => b.name === "cpu")) registerBackend("cpu", createCpuBackend);

/** 24 points of 4 features in 3 classes, a fixed function of the index (no generator involved). */
function data(): [Tensor, Tensor] {
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 24; i++) {
    const c = i % 3;
    x.push([Math.sin(i) + c, Math.cos(1.7 * i) - c, (i % 5) / 5, c === 1 ? 1 : -0.5]);
    y.push(c);
  }
  return [tensor(x), tensor(Int32Array.from(y))];
}

/** A "pretrained" base with BatchNorm and a 3-class head. */
function model(): Sequential {
  manualSeed(3);
  return new Sequential(
    new Linear(4, 8),
    new BatchNorm1d(8),
    new ReLU(),
    new Linear(8, 8),
    new Tanh(),
    new Linear(8, 6),
    new Tanh(), // not ReLU: a dead unit has a zero gradient and would not move
    new Linear(6, 3),
  );
}

/** Every entry of the state dict as raw bytes, to compare bit for bit. */
function snapshot(m: Sequential): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [k, t] of Object.entries(m.stateDict())) {
    const v = t.dataSync() as Float32Array | Int32Array;
    out.set(k, new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)));
  }
  return out;
}

function changed(a: Map<string, Uint8Array>, b: Map<string, Uint8Array>): string[] {
  return [...a.keys()].filter((k) => {
    const x = a.get(k)!;
    const y = b.get(k)!;
    return x.length !== y.length || x.some((v, i) => v !== y[i]);
  });
}

describe("fineTune", () => {
  it("leaves frozen parameters and BatchNorm statistics bit-for-bit unchanged; only the head and the unfrozen layer move", async () => {
    const before = memory().numTensors;
    const [x, y] = data();
    const net = model();
    const start = snapshot(net);
    const result = await fineTune(net, [x, y], {
      newHead: 3,
      headEpochs: 4,
      unfreezeTop: 1,
      fineTuneEpochs: 4,
      lr: 0.01,
      batchSize: 8,
    });
    const end = snapshot(net);
    // The new head is a Linear(6, 3) at the old head's place.
    expect(end.get("7.weight")!.length).toBe(3 * 6 * 4);
    const moved = changed(start, end).sort();
    expect(moved).toEqual(["5.bias", "5.weight", "7.bias", "7.weight"]);
    // Frozen: layers 0 and 3 and the BatchNorm's weight, bias, running stats and batch count.
    for (const k of ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var"])
      expect(moved).not.toContain(k);
    expect(end.get("1.num_batches_tracked")).toEqual(start.get("1.num_batches_tracked"));
    expect(result.phases).toEqual([
      { phase: "head", epochs: 4, trainableLayers: ["7"], trainableParams: 21 },
      { phase: "fineTune", epochs: 4, trainableLayers: ["5", "7"], trainableParams: 21 + 54 },
    ]);
    expect(result.history.epoch).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(result.history.history.accuracy).toHaveLength(8);
    // One optimiser, two groups: the head at lr, the unfrozen layer at lr / 10.
    const groups = result.trainer.optimizer.paramGroups;
    expect(groups.map((g) => g.lr)).toEqual([0.01, 0.001]);
    expect(groups[0]!.params).toEqual(net.at(7).parameters());
    expect(groups[1]!.params).toEqual(net.at(5).parameters());
    result.trainer.optimizer.dispose();
    net.dispose();
    for (const t of [x, y]) t.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it("steps each group at its own learning rate: w − lr·∂L/∂w for the head, w − baseLr·∂L/∂w for the base", async () => {
    const [x, y] = data();
    const net = model();
    // The gradient at the starting point, by hand (autograd on the unfrozen model), with the
    // BatchNorm frozen, in inference mode, as fineTune will have it.
    net.at(1).trainable = false;
    tidy(() => crossEntropy(net.call(x), y).backward());
    const grads = new Map(
      net.namedParameters().map(([n, p]) => [n, p.grad ? Array.from(p.grad.dataSync()) : []]),
    );
    const w0 = new Map(net.namedParameters().map(([n, p]) => [n, Array.from(p.dataSync())]));
    // Every layer that should move has a gradient that is not zero, so the check below can fail.
    for (const k of ["5.weight", "7.weight"])
      expect(grads.get(k)!.some((g) => Math.abs(g) > 1e-4)).toBe(true);
    net.zeroGrad();
    const lr = 0.5;
    const baseLr = 0.05;
    const result = await fineTune(net, [[x, y]], {
      headEpochs: 0,
      unfreezeTop: 1,
      fineTuneEpochs: 1,
      optimizer: "sgd",
      lr,
      baseLr,
    });
    for (const [name, p] of net.namedParameters()) {
      const now = Array.from(p.dataSync());
      const rate = name.startsWith("7.") ? lr : name.startsWith("5.") ? baseLr : 0;
      const expected = w0.get(name)!.map((w, i) => w - rate * (grads.get(name)![i] ?? 0));
      now.forEach((v, i) => {
        expect(v).toBeCloseTo(expected[i]!, 6);
      });
      if (rate === 0) expect(now).toEqual(w0.get(name));
    }
    expect(result.phases.map((p) => p.epochs)).toEqual([0, 1]);
    result.trainer.optimizer.dispose();
    net.dispose();
    for (const t of [x, y]) t.dispose();
  });

  it("freeze: N freezes only the first N layers, which then stay unchanged", async () => {
    const [x, y] = data();
    const net = model();
    const start = snapshot(net);
    const result = await fineTune(net, [x, y], { freeze: 2, headEpochs: 2, lr: 0.01 });
    const moved = changed(start, snapshot(net)).sort();
    expect(moved).toEqual(["3.bias", "3.weight", "5.bias", "5.weight", "7.bias", "7.weight"]);
    expect(result.phases[0]!.trainableLayers).toEqual(["3", "5", "7"]);
    expect(result.trainer.optimizer.paramGroups.map((g) => g.lr)).toEqual([0.01, 0.001]);
    result.trainer.optimizer.dispose();
    net.dispose();
    for (const t of [x, y]) t.dispose();
  });

  it("rejects counts that do not fit the model, naming the option", async () => {
    const [x, y] = data();
    const net = model();
    await expect(fineTune(net, [x, y], { freeze: 9 })).rejects.toThrow(
      "fineTune: freeze 9 is more than the 4 layers with parameters below the head",
    );
    await expect(fineTune(net, [x, y], { headEpochs: -1 })).rejects.toThrow(
      "fineTune: headEpochs must be an integer ≥ 0, got -1",
    );
    await expect(fineTune(net, [x, y], { headEpochs: 0, unfreezeTop: 4 })).rejects.toThrow(
      "fineTune: unfreezeTop: N must be an integer in [0, 3] (the layers with parameters, BatchNorm left out), got 4",
    );
    net.dispose();
    for (const t of [x, y]) t.dispose();
  });
});
