import { afterEach, describe, expect, it, vi } from "vitest";
import {
  FormatError,
  parseSafetensors,
  registerBackend,
  SafetensorsError,
  serializeSafetensors,
  TensorkitError,
  tensor,
} from "../src/index.js";
import { createTestBackend } from "./helpers/reference-backend.js";

registerBackend("test", createTestBackend);

// Every file here is built by hand, byte by byte: an 8-byte little-endian header length, the
// header text, then `dataBytes` zero bytes of tensor data.
function file(header: string, dataBytes = 0, declared?: bigint): Uint8Array {
  const text = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + text.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, declared ?? BigInt(text.length), true);
  out.set(text, 8);
  return out;
}
const json = (h: unknown) => JSON.stringify(h);
const f32 = (shape: number[], begin: number, end: number) => ({
  dtype: "F32",
  shape,
  data_offsets: [begin, end],
});

/** The error `parseSafetensors` throws for `bytes`, checked to be a FormatError naming the source. */
function failure(bytes: Uint8Array): FormatError {
  try {
    parseSafetensors(bytes, { source: "bad.safetensors" });
  } catch (e) {
    expect(e).toBeInstanceOf(SafetensorsError);
    expect(e).toBeInstanceOf(FormatError);
    expect(e).toBeInstanceOf(TensorkitError);
    const err = e as FormatError;
    expect(err.source).toBe("bad.safetensors");
    expect(err.message.startsWith(`bad.safetensors: byte ${err.offset}: `)).toBe(true);
    return err;
  }
  throw new Error("expected parseSafetensors to throw");
}

afterEach(() => vi.restoreAllMocks());

describe("hostile safetensors files", () => {
  it("truncated before the end of the header length", () => {
    for (const n of [0, 3, 7]) {
      const e = failure(new Uint8Array(n));
      expect(e.offset).toBe(0);
      expect(e.message).toContain(`expected an 8-byte little-endian header length, the file has ${n} bytes`);
    }
  });

  it("a header length larger than the file: byte 0, before the header is decoded", () => {
    const decode = vi.spyOn(TextDecoder.prototype, "decode");
    const e = failure(file('{"a":1}', 0, 1000n));
    expect(e.offset).toBe(0);
    expect(e.message).toContain("the header length 1000 exceeds the 7 bytes that follow");
    expect(decode).not.toHaveBeenCalled();
  });

  it("a declared 10 GB header and a 2^64 − 1 one fail at byte 0 without allocating", () => {
    const decode = vi.spyOn(TextDecoder.prototype, "decode");
    const before = process.memoryUsage().arrayBuffers;
    for (const declared of [10n * 2n ** 30n, 2n ** 63n, 2n ** 64n - 1n]) {
      const e = failure(file("{}", 0, declared));
      expect(e.offset).toBe(0);
      // The exact value, not a float rounding of it: 2^64 − 1 is 18446744073709551615.
      expect(e.message).toContain(`the header length ${declared} is larger than the 100000000-byte limit`);
    }
    expect(decode).not.toHaveBeenCalled();
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });

  it("a header that is not UTF-8 or not JSON", () => {
    const bytes = file("{  }");
    bytes.set([0xff, 0xfe], 9);
    expect(failure(bytes).message).toContain("byte 8: the header is not valid UTF-8");
    for (const text of ["{oops", '{"a": ', "", "{}}"]) {
      const e = failure(file(text));
      expect(e.offset).toBe(8);
      expect(e.message).toContain("the header is not valid JSON");
    }
  });

  it("a header that is JSON but not an object", () => {
    expect(failure(file("[1,2]")).message).toContain(
      "byte 8: the header is an array, expected a JSON object",
    );
    expect(failure(file("42")).message).toContain("the header is a number, expected a JSON object");
    expect(failure(file("null")).message).toContain("the header is null, expected a JSON object");
    expect(failure(file('"x"')).message).toContain("the header is a string, expected a JSON object");
  });

  it("an unknown or missing dtype names the tensor and where its entry starts", () => {
    const header = json({ w: f32([1], 0, 4), odd: { dtype: "C64", shape: [1], data_offsets: [4, 12] } });
    const e = failure(file(header, 12));
    // `"odd"` starts at this character of the ASCII header, 8 bytes into the file.
    expect(e.offset).toBe(8 + header.indexOf('"odd"'));
    expect(e.message).toMatch(/tensor 'odd' has dtype C64; readable dtypes are F64, F32, F16, BF16, I64/);
    for (const dtype of [undefined, 4, "toString", "__proto__", "f32"]) {
      const m = failure(file(json({ a: { dtype, shape: [1], data_offsets: [0, 4] } }), 4)).message;
      expect(m).toContain(`tensor 'a' has dtype ${String(dtype)}`);
    }
  });

  it("a shape whose size disagrees with its byte range, at the tensor's data offset", () => {
    const header = json({ a: f32([1], 0, 4), b: f32([2, 3], 4, 12) });
    const e = failure(file(header, 12));
    expect(e.offset).toBe(8 + header.length + 4);
    expect(e.message).toContain("tensor 'b' (F32 [2,3]) needs 24 bytes, its data_offsets give 8");
    const i64 = failure(file(json({ n: { dtype: "I64", shape: [3], data_offsets: [0, 12] } }), 12));
    expect(i64.message).toContain("tensor 'n' (I64 [3]) needs 24 bytes, its data_offsets give 12");
  });

  it("invalid shapes, and shapes too large to allocate, fail before any allocation", () => {
    for (const shape of [[-1], [1.5], "3", [2, null], [2 ** 53]]) {
      const m = failure(file(json({ a: { dtype: "F32", shape, data_offsets: [0, 4] } }), 4)).message;
      expect(m).toContain(`tensor 'a' has an invalid shape ${JSON.stringify(shape)}`);
    }
    const before = process.memoryUsage().arrayBuffers;
    const m = failure(file(json({ a: f32([100000, 100000, 100000], 0, 4) }), 4)).message;
    expect(m).toContain("tensor 'a' of shape [100000,100000,100000] has 1000000000000000 elements");
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });

  it("out-of-range, reversed and malformed data_offsets", () => {
    const past = json({ a: f32([4], 0, 16) });
    const e = failure(file(past, 8));
    expect(e.offset).toBe(8 + past.length);
    expect(e.message).toContain("tensor 'a' spans bytes 0–16 of the data, which has 8 bytes (out of range)");
    expect(failure(file(json({ a: f32([0], 8, 4) }), 8)).message).toContain("spans bytes 8–4");
    // Far past the end: the offset reported is clamped to the file, the message keeps the value.
    const far = failure(file(json({ a: f32([1], 2 ** 52, 2 ** 52 + 4) }), 4));
    expect(far.message).toContain(`spans bytes ${2 ** 52}–${2 ** 52 + 4}`);
    for (const offsets of [[0], [-4, 0], [0, 4.5], "0-4", [0, 2 ** 64], null]) {
      const m = failure(file(json({ a: { dtype: "F32", shape: [1], data_offsets: offsets } }), 4)).message;
      expect(m).toContain(`tensor 'a' has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
  });

  it("overlapping offsets (two tensors sharing bytes), gaps and trailing bytes", () => {
    const overlap = json({ a: f32([2], 0, 8), b: f32([2], 4, 12) });
    const e = failure(file(overlap, 12));
    expect(e.offset).toBe(8 + overlap.length + 4);
    expect(e.message).toContain("tensor 'b' (data bytes 4–12) overlaps tensor 'a' (data bytes 0–8)");
    const alias = json({ a: f32([2], 0, 8), b: f32([2], 0, 8) });
    expect(failure(file(alias, 8)).message).toMatch(/overlaps tensor '(a|b)' \(data bytes 0–8\)/);
    const gap = json({ a: f32([1], 0, 4), b: f32([1], 8, 12) });
    const g = failure(file(gap, 12));
    expect(g.offset).toBe(8 + gap.length + 4);
    expect(g.message).toContain("4 bytes before tensor 'b' belong to no tensor");
    const trailing = json({ a: f32([1], 0, 4) });
    const t = failure(file(trailing, 6));
    expect(t.offset).toBe(8 + trailing.length + 4);
    expect(t.message).toContain("2 bytes after the last tensor belong to no tensor");
  });

  it("malformed __metadata__", () => {
    expect(failure(file(json({ __metadata__: "x" }))).message).toContain(
      "__metadata__ must be an object of strings",
    );
    expect(failure(file(json({ __metadata__: { epochs: 3 } }))).message).toContain(
      "__metadata__.epochs must be a string, got number",
    );
  });

  it("a tensor or metadata key named __proto__ stays an ordinary key", () => {
    const header = `{"__metadata__":{"__proto__":"m"},"__proto__":${json(f32([1], 0, 4))}}`;
    const bytes = file(header, 4);
    new DataView(bytes.buffer).setFloat32(bytes.length - 4, 2.5, true);
    const { tensors, metadata } = parseSafetensors(bytes);
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(Object.keys(tensors)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(tensors, "__proto__")!.value.toArray()).toEqual([2.5]);
    expect(Object.getOwnPropertyDescriptor(metadata, "__proto__")!.value).toBe("m");
  });

  it("every cut of a valid file and 2000 random corruptions fail as FormatError, never otherwise", () => {
    const valid = serializeSafetensors(
      { w: tensor([[1, 2, 3]]), n: tensor([4, 5], "int32"), m: tensor([true]) },
      { format: "pt" },
    );
    for (let n = 0; n < valid.length; n++) failure(valid.subarray(0, n));
    // A fixed LCG, so a failure reproduces; each case flips 1–3 bytes anywhere in the file.
    let seed = 12345;
    const next = (k: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % k;
    };
    let rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const bytes = valid.slice();
      for (let j = 0, flips = 1 + next(3); j < flips; j++) bytes[next(bytes.length)] = next(256);
      try {
        const { tensors } = parseSafetensors(bytes, { source: "bad.safetensors" });
        for (const t of Object.values(tensors)) t.dispose();
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(500); // most flips land in the header, which is fragile
  });
});
