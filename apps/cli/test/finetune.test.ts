import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pretrainedUrl } from "@tensorkit/models";
import { parseSafetensors } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { run, runJson, tempDir } from "./helpers.js";

interface FinetuneJson {
  command: string;
  newHead: number | null;
  headPath: string;
  phases: { phase: string; epochs: number; trainableLayers: string[]; trainableParams: number }[];
  epochs: number;
  history: Record<string, number[]>;
  test: { accuracy: number; classNames: string[]; confusionMatrix: number[][] };
}

const PRETRAINED = fileURLToPath(pretrainedUrl("mnist-cnn-digits-0-4"));
/** A quick run: 10 images per digit 5–9 from the first 2,000 training digits, tested on 500. */
const QUICK = ["--classes", "5,6,7,8,9", "--per-class", "10", "--limit", "2000", "--batch-size", "10"];

/** Every tensor of a .safetensors file as raw bytes, to compare bit for bit. */
function weights(path: string): Map<string, Uint8Array> {
  const { tensors } = parseSafetensors(readFileSync(path), { source: path });
  const out = new Map<string, Uint8Array>();
  for (const [k, t] of Object.entries(tensors)) {
    const v = t.dataSync() as Float32Array | Int32Array;
    out.set(k, new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)));
    t.dispose();
  }
  return out;
}

describe("tensorkit finetune", () => {
  it("adapts the shipped digits 0–4 CNN to digits 5–9: new head, frozen base bit-for-bit unchanged, top layer moved", async () => {
    const out = join(tempDir(), "digits-5-9.safetensors");
    const r = await runJson<FinetuneJson>(
      "finetune",
      "mnist-cnn-digits-0-4",
      "mnist",
      ...QUICK,
      "--epochs",
      "6",
      "--lr",
      "0.01",
      "--unfreeze-top",
      "1",
      "--fine-tune-epochs",
      "1",
      "--out",
      out,
      "-q",
    );
    expect(r.command).toBe("finetune");
    expect([r.newHead, r.headPath]).toEqual([5, "11"]);
    expect(r.phases).toEqual([
      // The new head is dense 96 → 5 (96·5 + 5); the unfrozen layer 9 is dense 784 → 96 (784·96 + 96).
      { phase: "head", epochs: 6, trainableLayers: ["11"], trainableParams: 485 },
      { phase: "fineTune", epochs: 1, trainableLayers: ["9", "11"], trainableParams: 485 + 75_360 },
    ]);
    expect(r.history.loss).toHaveLength(7);
    expect(r.test.classNames).toEqual(["5", "6", "7", "8", "9"]);
    // Five classes: chance is 20 %; the pretrained features do far better from 50 images.
    expect(r.test.accuracy).toBeGreaterThan(0.5);

    const before = weights(PRETRAINED);
    const after = weights(out);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const moved = [...before.keys()].filter((k) => {
      const a = before.get(k)!;
      const b = after.get(k)!;
      return a.length !== b.length || a.some((v, i) => v !== b[i]);
    });
    // The convolutions and both BatchNorms (weights and running statistics) are untouched.
    expect(moved.sort()).toEqual(["11.bias", "11.weight", "9.bias", "9.weight"]);
  });

  it("prints the test tables of train and what each phase trained", async () => {
    const r = await run("finetune", PRETRAINED, "mnist", ...QUICK, "--epochs", "1");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Test metrics on \d+ samples of classes 5,6,7,8,9/);
    expect(r.stdout).toMatch(/precision\s+recall\s+f1-score\s+support/);
    expect(r.stdout).toContain("Confusion matrix (rows: true class, columns: predicted class)");
    expect(r.stdout).toContain("phase 1 (head): 1 epochs, 485 trainable parameters in layers 11");
    expect(r.stderr).toContain(
      "a new 5-output head replaces the model's head (11, 5 outputs: classes 0,1,2,3,4)",
    );
    expect(r.stderr).toMatch(/epoch 1: loss \d/);
  });

  it("rejects a head size, a freeze count or data that do not fit, in one line", async () => {
    const head = await run("finetune", PRETRAINED, "mnist", ...QUICK, "--new-head", "3", "-q");
    expect([head.code, head.stderr]).toEqual([
      1,
      "tensorkit: --new-head 3: the data has 5 classes (5, 6, 7, 8, 9)\n",
    ]);
    const freeze = await run("finetune", PRETRAINED, "mnist", "--freeze", "some");
    expect(freeze.code).toBe(1);
    expect(freeze.stderr).toContain(
      `option '--freeze <all|N>' argument 'some' is invalid. expected "all" or a number of layers, got "some"`,
    );
    const deep = await run("finetune", PRETRAINED, "mnist", ...QUICK, "--freeze", "9", "-q");
    expect(deep.stderr).toBe(
      "tensorkit: fineTune: freeze 9 is more than the 5 layers with parameters below the head\n",
    );
    const iris = await run("finetune", PRETRAINED, "iris", "-q");
    expect(iris.stderr).toContain("takes samples of shape [1,28,28], but iris has samples of shape [4]");
    const missing = await run("finetune", "no-such.safetensors", "mnist", "-q");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no-such.safetensors");
  });
});
