import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { manualSeed, randn, type Tensor, tidy } from "@tensorkit/tensor";
import { loadModel } from "@tensorkit/train/node";
import * as ort from "onnxruntime-node";
import { beforeAll, describe, expect, it } from "vitest";
import { run, runJson, spawnCli, tempDir } from "./helpers.js";

/** onnxruntime's output for `x` and tensorkit's, from the model file the CLI trained. */
async function compare(modelPath: string, onnxPath: string, x: Tensor): Promise<number> {
  const { model } = await loadModel(modelPath);
  const want = tidy(() => model.call(x));
  const session = await ort.InferenceSession.create(readFileSync(onnxPath));
  const feeds = {
    input: new ort.Tensor("float32", Float32Array.from(x.dataSync() as ArrayLike<number>), [...x.shape]),
  };
  const got = (await session.run(feeds)).output!;
  await session.release();
  expect([...got.dims]).toEqual(want.shape);
  const w = want.dataSync() as ArrayLike<number>;
  let max = 0;
  for (let i = 0; i < w.length; i++) max = Math.max(max, Math.abs((got.data as Float32Array)[i]! - w[i]!));
  model.dispose();
  return max;
}

/** Bad input: exit 1, nothing on stdout, exactly one line on stderr: `tensorkit: …` matching `pattern`. */
async function expectOneLine(argv: string[], pattern: RegExp): Promise<void> {
  const r = await run(...argv);
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: "" });
  expect(r.stderr).toMatch(/^tensorkit: [^\n]+\n$/);
  expect(r.stderr).toMatch(pattern);
}

describe("tensorkit export --onnx", () => {
  const dir = tempDir();
  const iris = join(dir, "iris.safetensors");
  const digits = join(dir, "digits.safetensors");
  const rnn = join(dir, "rnn.safetensors");

  beforeAll(async () => {
    for (const [out, args] of [
      [iris, ["iris", "--epochs", "3"]],
      [digits, ["mnist", "--model", "cnn", "--limit", "60", "--epochs", "1"]],
      [rnn, ["mnist", "--model", "lstm", "--limit", "30", "--epochs", "1"]],
    ] as const) {
      const r = await run("train", ...args, "--out", out, "-q");
      expect(r.code, r.stderr).toBe(0);
    }
  }, 120_000);

  it("exports an MLP; onnxruntime gives the model's outputs within 1e-4", async () => {
    const onnx = join(dir, "iris.onnx");
    const r = await run("export", iris, "--onnx", onnx);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^wrote .*iris\.onnx \(\d+ bytes, ONNX opset 17\): input "input" \[batch,4\] → output "output" \[batch,3\]\n$/,
    );
    expect(r.stderr).toMatch(/preprocessing \(features\) is not part of it/);
    manualSeed(1);
    expect(await compare(iris, onnx, randn([7, 4]))).toBeLessThan(1e-4);
  });

  it("exports a CNN with --json and another opset", async () => {
    const onnx = join(dir, "digits.onnx");
    const j = await runJson("export", digits, "--onnx", onnx, "--opset", "13");
    expect(j).toMatchObject({
      command: "export",
      onnx,
      opset: 13,
      input: { name: "input", shape: ["batch", 1, 28, 28] },
      output: { name: "output", shape: ["batch", 10] },
      bytes: readFileSync(onnx).length,
    });
    manualSeed(2);
    expect(await compare(digits, onnx, randn([2, 1, 28, 28]))).toBeLessThan(1e-4);
  });

  it("an unsupported layer, a bad opset, a missing --onnx, an unwritable path: one line, no file", async () => {
    const onnx = join(dir, "rnn.onnx");
    await expectOneLine(["export", rnn, "--onnx", onnx], /layer '0' \(LSTMLastStep\) is not supported/);
    expect(existsSync(onnx)).toBe(false);
    await expectOneLine(
      ["export", iris, "--onnx", onnx, "--opset", "9"],
      /--opset: expected 13 to 21, got 9/,
    );
    await expectOneLine(["export", iris], /required option '--onnx <file>' not specified/);
    await expectOneLine(
      ["export", iris, "--onnx", join(dir, "no-such-dir", "m.onnx")],
      /m\.onnx: cannot be written/,
    );
    await expectOneLine(
      ["export", join(dir, "nope.safetensors"), "--onnx", onnx],
      /nope\.safetensors: no such file/,
    );
  });
});

describe("hostile model files: one line, exit 1, for info, evaluate and export", () => {
  const dir = tempDir();
  const header = (text: string, declared?: bigint, data = 0) => {
    const h = new TextEncoder().encode(text);
    const out = new Uint8Array(8 + h.length + data);
    new DataView(out.buffer).setBigUint64(0, declared ?? BigInt(h.length), true);
    out.set(h, 8);
    return out;
  };
  const f32 = (begin: number, end: number) => ({ dtype: "F32", shape: [2], data_offsets: [begin, end] });
  const files: [string, Uint8Array, RegExp][] = [
    ["truncated", new Uint8Array([1, 2, 3]), /is not a safetensors file: it has only 3 bytes/],
    ["header-past-end", header("{}", 4096n), /is truncated: the header says it is 4096 bytes/],
    ["10gb-header", header("{}", 10n * 2n ** 30n), /10737418240, implausibly large/],
    ["not-json", header("{nope"), /is not a safetensors file: the header at byte 8 is not valid JSON/],
    [
      "overlap",
      header(JSON.stringify({ a: f32(0, 8), b: f32(4, 12) }), undefined, 12),
      /byte \d+: tensor 'b' .*overlaps tensor 'a'/,
    ],
    [
      "dtype",
      header(JSON.stringify({ a: { ...f32(0, 8), dtype: "X9" } }), undefined, 8),
      /tensor 'a' has dtype X9/,
    ],
    [
      "size",
      header(JSON.stringify({ a: f32(0, 4) }), undefined, 4),
      /tensor 'a' \(F32 \[2\]\) needs 8 bytes, its data_offsets give 4/,
    ],
  ];

  for (const [name, bytes, pattern] of files)
    it(`${name}`, async () => {
      const path = join(dir, `${name}.safetensors`);
      writeFileSync(path, bytes);
      await expectOneLine(["info", path], pattern);
      await expectOneLine(["evaluate", path, "iris"], pattern);
      await expectOneLine(["export", path, "--onnx", join(dir, "x.onnx")], pattern);
    });

  it("as a process: exit code 1 and one line", () => {
    const path = join(dir, "spawned.safetensors");
    writeFileSync(path, header("{}", 2n ** 64n - 1n));
    const r = spawnCli("info", path);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/spawned\.safetensors: is not a safetensors file: .*implausibly large/);
  });
});
