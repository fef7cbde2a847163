import { createCpuBackend } from "@tensorkit/backend-cpu";
import { memory, registerBackend, setBackend } from "@tensorkit/tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, PlaygroundConfigError } from "../src/playground/config.js";
import { TrainingSession } from "../src/playground/session.js";

beforeAll(async () => {
  registerBackend("cpu", createCpuBackend);
  await setBackend("cpu");
});

describe("playground TrainingSession", () => {
  it("learns the spirals: validation loss falls and accuracy rises well above chance", async () => {
    const session = TrainingSession.create({ ...DEFAULT_CONFIG, dataset: "spirals" });
    const before = session.evaluate();
    for (let i = 0; i < 40; i++) await session.trainEpoch();
    const after = session.evaluate();
    expect(after.epoch).toBe(40);
    expect(after.valLoss).toBeLessThan(before.valLoss * 0.6);
    expect(after.accuracy).toBeGreaterThan(0.85);
    expect(after.f1).toBeGreaterThan(0.85);
    session.dispose();
  });

  it("splits 70/30, stratified, and scales the plot to hold every point", () => {
    const session = TrainingSession.create({ ...DEFAULT_CONFIG, dataset: "moons", nSamples: 200 });
    const { labels, validation, xy, extent } = session.points;
    expect(labels.length).toBe(200);
    expect(validation.reduce((s, v) => s + v, 0)).toBe(60); // ⌈0.3·200⌉
    const valOnes = labels.filter((l, i) => validation[i] === 1 && l === 1).length;
    expect(valOnes).toBe(30); // moons has 100 of each class: half of the held-out 60
    for (const v of xy) expect(Math.abs(v)).toBeLessThan(extent);
    session.dispose();
  });

  it("blobs has three classes; the boundary grid holds probabilities", () => {
    const session = TrainingSession.create({ ...DEFAULT_CONFIG, dataset: "blobs", hidden: [] });
    expect(session.points.nClasses).toBe(3);
    const grid = session.boundary(10);
    expect(grid.length).toBe(10 * 10 * 3);
    for (let cell = 0; cell < 100; cell++) {
      const total = grid[3 * cell]! + grid[3 * cell + 1]! + grid[3 * cell + 2]!;
      expect(total).toBeCloseTo(1, 5);
    }
    session.dispose();
  });

  it("xor labels each cloud with the XOR of its corner", () => {
    const session = TrainingSession.create({ ...DEFAULT_CONFIG, dataset: "xor", noise: 0 });
    const { xy, labels } = session.points;
    // standardised, the corners (0,0),(1,1) → same signs; (0,1),(1,0) → opposite signs
    for (let i = 0; i < labels.length; i++) {
      const sameSign = Math.sign(xy[2 * i]!) === Math.sign(xy[2 * i + 1]!);
      expect(labels[i]).toBe(sameSign ? 0 : 1);
    }
    session.dispose();
  });

  it("frees every tensor it made", async () => {
    const before = memory().numTensors;
    const session = TrainingSession.create({
      ...DEFAULT_CONFIG,
      dataset: "circles",
      dropout: 0.2,
      l2: 0.001,
    });
    await session.trainEpoch();
    session.evaluate();
    session.boundary(8);
    session.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it("rejects a bad configuration, naming the field", () => {
    expect(() => TrainingSession.create({ ...DEFAULT_CONFIG, lr: 0 })).toThrow(PlaygroundConfigError);
    expect(() => TrainingSession.create({ ...DEFAULT_CONFIG, hidden: [16, 0] })).toThrow(/hidden/);
    expect(() => TrainingSession.create({ ...DEFAULT_CONFIG, dropout: 1 })).toThrow(
      /dropout must be in \[0, 1\)/,
    );
    expect(() => TrainingSession.create({ ...DEFAULT_CONFIG, batchSize: 2.5 })).toThrow(/batchSize/);
  });
});
