import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dense, sequential } from "@tensorkit/nn";
import { manualSeed, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { CSVLogger, compile } from "../src/index.js";
import "./helpers.js";

describe("CSVLogger", () => {
  it("writes a header of sorted keys and one row per epoch, NA for a missing key", async () => {
    const lines: string[] = [];
    const csv = new CSVLogger((line) => lines.push(line));
    await csv.onTrainBegin();
    csv.onEpochEnd(0, { val_loss: 0.25, loss: 0.5, accuracy: 1 });
    csv.onEpochEnd(1, { loss: 0.125, accuracy: 0.75 });
    csv.onTrainEnd();
    expect(lines).toEqual(["epoch,accuracy,loss,val_loss", "0,1,0.5,0.25", "1,0.75,0.125,NA"]);
  });

  it("uses the separator and quotes cells that contain it", async () => {
    const lines: string[] = [];
    const csv = new CSVLogger((line) => lines.push(line), { separator: ";" });
    await csv.onTrainBegin();
    csv.onEpochEnd(0, { "a;b": 1, loss: 2 });
    expect(lines).toEqual(['epoch;"a;b";loss', "0;1;2"]);
  });

  it("logs what fit reports to a file, and appends without a second header", async () => {
    manualSeed(0);
    const model = sequential([dense(2, { inputShape: [2], activation: "softmax" })]);
    const trainer = compile(model, {
      optimizer: "adam",
      loss: "sparseCategoricalCrossentropy",
      metrics: ["accuracy"],
    });
    const x = tensor([
      [0, 1],
      [1, 0],
      [1, 1],
      [0, 0],
    ]);
    const y = tensor(new Int32Array([0, 1, 1, 0]));
    const path = join(mkdtempSync(join(tmpdir(), "tk-csv-")), "log.csv");
    const h1 = await trainer.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new CSVLogger(path)] });
    const h2 = await trainer.fit(x, y, {
      epochs: 1,
      verbose: 0,
      callbacks: [new CSVLogger(path, { append: true })],
    });
    const rows = (h: typeof h1, e: number, at: number) =>
      `${e},${h.history.accuracy![at]},${h.history.loss![at]}`;
    expect(readFileSync(path, "utf8")).toBe(
      ["epoch,accuracy,loss", rows(h1, 0, 0), rows(h1, 1, 1), rows(h2, 0, 0), ""].join("\n"),
    );
    // Without append the file is replaced.
    writeFileSync(path, "old\n");
    await trainer.fit(x, y, { epochs: 1, verbose: 0, callbacks: [new CSVLogger(path)] });
    expect(readFileSync(path, "utf8").startsWith("epoch,accuracy,loss\n0,")).toBe(true);
    model.dispose();
    trainer.optimizer.dispose();
    x.dispose();
    y.dispose();
  });

  it("names the path it cannot open", async () => {
    const csv = new CSVLogger("/nonexistent-dir/x/log.csv");
    await expect(csv.onTrainBegin()).rejects.toThrow(/CSVLogger: cannot open \/nonexistent-dir\/x\/log.csv/);
  });
});
