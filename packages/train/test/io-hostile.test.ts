import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { Linear, ReLU, Sequential } from "@tensorkit/nn";
import { manualSeed, registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { deserializeModel, ModelFileError, type ModelFileProblem, serializeModel } from "../src/index.js";
import { loadModel } from "../src/node.js";

registerBackend("cpu", createCpuBackend);

// A real model file, then hostile variants of it: its header rewritten by hand (same data
// bytes), or its bytes cut or replaced. The safetensors reader's own tests cover each check in
// detail (packages/tensor/test/safetensors-hostile.test.ts); these show the model-file loader
// turns every one into a ModelFileError naming the file, before building any model.
manualSeed(3);
const model = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
const valid = serializeModel(model);
model.dispose();

const headerLength = Number(new DataView(valid.buffer).getBigUint64(0, true));
const header = JSON.parse(new TextDecoder().decode(valid.subarray(8, 8 + headerLength)));
const data = valid.subarray(8 + headerLength);

function withHeader(text: string, body: Uint8Array = data, declared?: bigint): Uint8Array {
  const h = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + h.length + body.length);
  new DataView(out.buffer).setBigUint64(0, declared ?? BigInt(h.length), true);
  out.set(h, 8);
  out.set(body, 8 + h.length);
  return out;
}
/** The model file with one tensor entry of its header changed. */
function edited(key: string, change: Record<string, unknown>): Uint8Array {
  return withHeader(JSON.stringify({ ...header, [key]: { ...header[key], ...change } }));
}

const cases: [string, Uint8Array, ModelFileProblem, RegExp][] = [
  [
    "truncated in the data",
    valid.subarray(0, valid.length - 7),
    "truncated",
    /is truncated: its tensors need/,
  ],
  ["truncated in the header", valid.subarray(0, 40), "truncated", /is truncated: the header says/],
  [
    "a header length larger than the file",
    withHeader("{}", data, 5000n),
    "truncated",
    /header says it is 5000 bytes/,
  ],
  [
    "a declared 10 GB header",
    withHeader("{}", data, 10n * 2n ** 30n),
    "not-safetensors",
    /10737418240, implausibly large/,
  ],
  [
    "a declared 2^64 − 1 header",
    withHeader("{}", data, 2n ** 64n - 1n),
    "not-safetensors",
    /implausibly large/,
  ],
  ["a header that is not JSON", withHeader('{"0.weight": {'), "not-safetensors", /byte 8 is not valid JSON/],
  [
    "overlapping offsets",
    edited("2.bias", { data_offsets: [0, 4] }),
    "not-safetensors",
    /byte \d+: tensor '(0\.weight|2\.bias)' .*overlaps tensor/,
  ],
  ["offsets past the end", edited("2.bias", { data_offsets: [0, 10 ** 12] }), "truncated", /need \d+ bytes/],
  [
    "an unknown dtype",
    edited("0.weight", { dtype: "Q4" }),
    "not-safetensors",
    /tensor '0\.weight' has dtype Q4/,
  ],
  [
    "a shape that disagrees with the byte length",
    edited("0.weight", { shape: [3, 3] }),
    "not-safetensors",
    /tensor '0\.weight' \(F32 \[3,3\]\) needs 36 bytes, its data_offsets give 24/,
  ],
];

describe("hostile model files through the model-file loader", () => {
  for (const [what, bytes, problem, pattern] of cases) {
    it(`${what}: a ModelFileError (${problem}) naming the file`, () => {
      let err: unknown;
      try {
        deserializeModel(bytes, { source: "hostile.safetensors" }).model.dispose();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ModelFileError);
      const e = err as ModelFileError;
      expect(e.problem).toBe(problem);
      expect(e.path).toBe("hostile.safetensors");
      expect(e.message).toMatch(/^hostile\.safetensors: /);
      expect(e.message).toMatch(pattern);
    });
  }

  it("the untouched file loads, so each failure above is the edit's doing", () => {
    const loaded = deserializeModel(withHeader(JSON.stringify(header)), { source: "ok.safetensors" });
    expect(loaded.architecture).toEqual(JSON.parse(header.__metadata__.architecture));
    loaded.model.dispose();
  });

  it("from disk, with loadModel", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tensorkit-hostile-"));
    for (const [i, [, bytes, problem]] of cases.entries()) {
      const path = join(dir, `case-${i}.safetensors`);
      writeFileSync(path, bytes);
      await expect(loadModel(path)).rejects.toMatchObject({ name: "ModelFileError", problem, path });
    }
  });
});
