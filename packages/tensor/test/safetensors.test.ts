import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  parseSafetensors,
  registerBackend,
  SafetensorsError,
  serializeSafetensors,
  tensor,
} from "../src/index.js";
import { createTestBackend } from "./helpers/reference-backend.js";

registerBackend("test", createTestBackend);

const fixtureDir = new URL("./fixtures/", import.meta.url);
const torchFile = new Uint8Array(readFileSync(new URL("torch.safetensors", fixtureDir)));
const expected = JSON.parse(readFileSync(new URL("torch-safetensors.json", fixtureDir), "utf8")) as {
  metadata: Record<string, string>;
  tensors: Record<string, { shape: number[]; data: (number | boolean)[] }>;
};

describe("safetensors", () => {
  it("reads a file written by PyTorch, widening f16/bf16/i64/u8 as documented", () => {
    const { tensors, metadata } = parseSafetensors(torchFile, { source: "torch.safetensors" });
    expect(metadata).toEqual(expected.metadata);
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(expected.tensors).sort());
    const dtypes = Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, t.dtype]));
    expect(dtypes).toEqual({
      f32: "float32",
      f64: "float64",
      f16: "float32",
      bf16: "float32",
      i64: "int32",
      i32: "int32",
      u8: "int32",
      flags: "bool",
      empty: "float32",
      scalar: "float32",
    });
    for (const [name, want] of Object.entries(expected.tensors)) {
      const t = tensors[name]!;
      expect(t.shape, name).toEqual(want.shape);
      const got = Array.from(t.dataSync(), (v) => (t.dtype === "bool" ? v !== 0 : v));
      // float32 tensors hold the float32 rounding of torch's values (exact for f16/bf16 sources)
      const w = want.data.map((v) => (typeof v === "number" && t.dtype === "float32" ? Math.fround(v) : v));
      expect(got, name).toEqual(w);
    }
  });

  it("round-trips its own output, padded to 8 bytes as the reference writer does", () => {
    const original = {
      w: tensor([
        [1, 2],
        [3, 4.5],
      ]),
      idx: tensor([7, -1], "int32"),
      mask: tensor([true, false]),
      d: tensor([0.1], "float64"),
    };
    const bytes = serializeSafetensors(original, { format: "pt" });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header.w).toEqual({ dtype: "F32", shape: [2, 2], data_offsets: [0, 16] });
    expect(header.__metadata__).toEqual({ format: "pt" });
    const back = parseSafetensors(bytes).tensors;
    for (const [k, t] of Object.entries(original)) {
      expect(back[k]!.dtype).toBe(t.dtype);
      expect(back[k]!.toArray()).toEqual(t.toArray());
    }
    // Kept for a manual cross-check with PyTorch: safetensors.torch.load_file(<path>)
    writeFileSync(join(tmpdir(), "tensorkit-roundtrip.safetensors"), bytes);
  });

  it("names the element and its byte offset when an int64 does not fit int32", () => {
    const src = { source: "bad.safetensors" };
    // Malformed and hostile files in general: safetensors-hostile.test.ts.
    const big = withHeader(JSON.stringify({ a: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }), 8);
    new DataView(big.buffer).setBigInt64(big.length - 8, 2n ** 40n, true);
    expect(() => parseSafetensors(big, src)).toThrow(SafetensorsError);
    expect(() => parseSafetensors(big, src)).toThrow(
      `bad.safetensors: byte ${big.length - 8}: tensor 'a' element 0 is 1099511627776, outside the int32 range`,
    );
  });
});

function withHeader(json: string, dataBytes = 0): Uint8Array {
  const header = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + header.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  return out;
}
