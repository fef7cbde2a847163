import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run, spawnCli, tempDir } from "./helpers.js";

/** Bad input prints exactly one line to stderr, naming the problem, exits 1, and shows no stack. */
async function expectOneLine(argv: string[], pattern: RegExp): Promise<void> {
  const r = await run(...argv);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^tensorkit: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("bad input: one clear line on stderr, a non-zero exit, no stack trace", () => {
  const dir = tempDir();
  const csv = join(dir, "flowers.csv");
  const model = join(dir, "iris.safetensors");

  beforeAll(async () => {
    writeFileSync(csv, "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n");
    const r = await run("train", "iris", "--epochs", "2", "--out", model, "-q");
    expect(r.code).toBe(0);
  });

  it("a missing file", async () => {
    await expectOneLine(["train", join(dir, "nope.csv")], /nope\.csv: no such file$/);
    await expectOneLine(
      ["evaluate", join(dir, "nope.safetensors"), "iris"],
      /nope\.safetensors: no such file/,
    );
  });

  it("a CSV whose target column does not exist", async () => {
    await expectOneLine(
      ["train", csv, "--target", "species"],
      /flowers\.csv: no column "species" \(the columns are "a", "b", "label"\)/,
    );
  });

  it("a model file that is not safetensors", async () => {
    const bad = join(dir, "bad.safetensors");
    writeFileSync(bad, "this is not a model file at all");
    await expectOneLine(["info", bad], /bad\.safetensors: is not a safetensors file/);
    await expectOneLine(["evaluate", csv, "iris"], /flowers\.csv: is not a safetensors file/);
  });

  it("a truncated model file", async () => {
    const cut = join(dir, "cut.safetensors");
    const bytes = readFileSync(model);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectOneLine(["evaluate", cut, "iris"], /cut\.safetensors: is truncated/);
    const copy = join(dir, "copy.safetensors");
    copyFileSync(model, copy);
    expect((await run("evaluate", copy, "iris")).code).toBe(0); // the whole file is fine
  });

  it("an unknown data set", async () => {
    await expectOneLine(
      ["train", "imagenet"],
      /unknown data set "imagenet".*built-in data sets: xor, iris, mnist/,
    );
    await expectOneLine(["evaluate", model, "imagenet"], /unknown data set "imagenet"/);
  });

  it("--epochs -1 and other bad values", async () => {
    await expectOneLine(["train", "iris", "--epochs", "-1"], /--epochs <n>.*-1.*expected a positive integer/);
    await expectOneLine(["train", "iris", "--epochs", "2.5"], /--epochs/);
    await expectOneLine(["train", "iris", "--val-split", "1.5"], /--val-split/);
    await expectOneLine(["train", "iris", "--hidden", "64,x"], /--hidden/);
    await expectOneLine(["train", "iris", "--model", "transformer"], /--model/);
    await expectOneLine(["train", "iris", "--backend", "gpu"], /unknown backend "gpu"; backends: cpu, wasm/);
    await expectOneLine(["train", "iris", "--frobnicate"], /unknown option '--frobnicate'/);
  });

  it("--verbose adds the stack trace", async () => {
    const r = await run("train", join(dir, "nope.csv"), "--verbose");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it("as a real process: exit code 1 and one line on stderr", () => {
    const r = spawnCli("train", "iris", "--epochs", "-1");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `tensorkit: option '--epochs <n>' argument '-1' is invalid. expected a positive integer, got "-1"\n`,
    );
    const ok = spawnCli("datasets");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^\s+name\s+task/);
  });
});
