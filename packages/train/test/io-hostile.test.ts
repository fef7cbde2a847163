import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { Linear, ReLU, Sequential } from "@tensorkit/nn";
import { FormatError, manualSeed, registerBackend, SafetensorsError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import {
  deserializeModel,
  ModelFileError,
  type ModelFileProblem,
  ModelFormatError,
  serializeModel,
} from "../src/index.js";
import { loadModel } from "../src/node.js";

registerBackend("cpu", createCpuBackend);

// A real model file, then hostile variants of it: its header rewritten by hand (same data
// bytes), or its bytes cut or replaced. The safetensors reader's own tests cover each check in
// detail (packages/tensor/test/safetensors-hostile.test.ts); these show the model-file loader
// turns every one into a ModelFormatError naming the file and the byte offset, before building
// any model: a FormatError of @tensorkit/tensor that code catching ModelFileError still catches.
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
/** The header text of the model file with one tensor entry changed. */
function editedText(key: string, change: Record<string, unknown>): string {
  return JSON.stringify({ ...header, [key]: { ...header[key], ...change } });
}
function edited(key: string, change: Record<string, unknown>): Uint8Array {
  return withHeader(editedText(key, change));
}
/** Where the data of tensor `key` starts in the file, once its entry is changed (header text is ASCII). */
function dataStart(key: string, change: Record<string, unknown>): number {
  return 8 + editedText(key, change).length + (header[key].data_offsets[0] as number);
}
/** Where the entry of tensor `key` starts in the changed header: its quoted name, 8 bytes in. */
function entryStart(key: string, change: Record<string, unknown>): number {
  return 8 + editedText(key, change).indexOf(JSON.stringify(key));
}

/** What, the bytes, the problem, the message, and the byte offset the error must name. */
const cases: [string, Uint8Array, ModelFileProblem, RegExp, number][] = [
  [
    "truncated in the data",
    valid.subarray(0, valid.length - 7),
    "truncated",
    /is truncated: its tensors need/,
    valid.length - 7, // where the file ends
  ],
  ["truncated in the header", valid.subarray(0, 40), "truncated", /is truncated: the header says/, 40],
  [
    "a header length larger than the file",
    withHeader("{}", data, 5000n),
    "truncated",
    /header says it is 5000 bytes/,
    8 + 2 + data.length,
  ],
  [
    "a declared 10 GB header",
    withHeader("{}", data, 10n * 2n ** 30n),
    "not-safetensors",
    /10737418240, implausibly large/,
    0, // the length field itself
  ],
  [
    "a declared 2^64 − 1 header",
    withHeader("{}", data, 2n ** 64n - 1n),
    "not-safetensors",
    /implausibly large/,
    0,
  ],
  [
    "a header that is not JSON",
    withHeader('{"0.weight": {'),
    "not-safetensors",
    /byte 8 is not valid JSON/,
    8,
  ],
  [
    "overlapping offsets",
    edited("2.bias", { data_offsets: [0, 4] }),
    "not-safetensors",
    /byte \d+: tensor '(0\.weight|2\.bias)' .*overlaps tensor/,
    // Both tensors now start at data byte 0, where the overlap is found.
    dataStart("2.bias", { data_offsets: [0, 4] }) - header["2.bias"].data_offsets[0],
  ],
  [
    "offsets past the end",
    edited("2.bias", { data_offsets: [0, 10 ** 12] }),
    "truncated",
    /need \d+ bytes/,
    edited("2.bias", { data_offsets: [0, 10 ** 12] }).length,
  ],
  [
    "an unknown dtype",
    edited("0.weight", { dtype: "Q4" }),
    "not-safetensors",
    /tensor '0\.weight' has dtype Q4/,
    entryStart("0.weight", { dtype: "Q4" }),
  ],
  [
    "a shape that disagrees with the byte length",
    edited("0.weight", { shape: [3, 3] }),
    "not-safetensors",
    /tensor '0\.weight' \(F32 \[3,3\]\) needs 36 bytes, its data_offsets give 24/,
    dataStart("0.weight", { shape: [3, 3] }),
  ],
];

describe("hostile model files through the model-file loader", () => {
  for (const [what, bytes, problem, pattern, offset] of cases) {
    it(`${what}: a FormatError at byte ${offset}, also a ModelFileError (${problem})`, () => {
      let err: unknown;
      try {
        deserializeModel(bytes, { source: "hostile.safetensors" }).model.dispose();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FormatError);
      expect(err).toBeInstanceOf(ModelFormatError);
      expect(err).toBeInstanceOf(ModelFileError); // code written for ModelFileError still catches it
      const e = err as ModelFormatError;
      expect(e.offset).toBe(offset);
      expect(e.source).toBe("hostile.safetensors");
      expect(e.problem).toBe(problem);
      expect(e.path).toBe("hostile.safetensors");
      expect(e.message).toMatch(/^hostile\.safetensors: /);
      expect(e.message).toMatch(pattern);
      // The reader's own error is kept as the cause when it was the reader that found the problem.
      if (e.cause !== undefined) expect((e.cause as SafetensorsError).offset).toBe(offset);
    });
  }

  it("the untouched file loads, so each failure above is the edit's doing", () => {
    const loaded = deserializeModel(withHeader(JSON.stringify(header)), { source: "ok.safetensors" });
    expect(loaded.architecture).toEqual(JSON.parse(header.__metadata__.architecture));
    loaded.model.dispose();
  });

  it("from disk, with loadModel", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tensorkit-hostile-"));
    for (const [i, [, bytes, problem, , offset]] of cases.entries()) {
      const path = join(dir, `case-${i}.safetensors`);
      writeFileSync(path, bytes);
      const err = await loadModel(path).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FormatError);
      expect(err).toBeInstanceOf(ModelFileError);
      expect(err).toMatchObject({ name: "ModelFormatError", problem, path, source: path, offset });
    }
  });

  it("keeps the safetensors reader's error as the cause of what it found", () => {
    const bytes = edited("0.weight", { dtype: "Q4" });
    let err: unknown;
    try {
      deserializeModel(bytes, { source: "q4.safetensors" });
    } catch (e) {
      err = e;
    }
    const cause = (err as Error).cause;
    expect(cause).toBeInstanceOf(SafetensorsError);
    expect((cause as SafetensorsError).offset).toBe(entryStart("0.weight", { dtype: "Q4" }));
    expect((err as Error).message).toContain(
      `is not a valid safetensors file: byte ${(err as FormatError).offset}: `,
    );
  });

  it("other ModelFileErrors are not FormatErrors, and plain errors are neither", () => {
    const missing = new ModelFileError("m.safetensors", "not-found", "does not exist");
    expect(missing).toBeInstanceOf(ModelFileError);
    expect(missing).not.toBeInstanceOf(FormatError);
    expect(new Error("x")).not.toBeInstanceOf(ModelFileError);
    expect(new FormatError("f", 0, "x")).not.toBeInstanceOf(ModelFileError);
  });
});
